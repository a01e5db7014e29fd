using System.Globalization;
using System.Resources;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Expo;
using Lianbo.Core.Meetings;
using Lianbo.Core.Reference;
using Lianbo.Core.Scenarios;
using Lianbo.Core.Scheduling;
using Lianbo.Scheduling;

namespace Lianbo.Web;

/// <summary>
/// The one place that turns what the platform stores into what people read, in the page's language: enum values, role
/// names and time-zone ids into labels, and amounts of money into the language's own convention (12.3亿美元 in Chinese,
/// 1.23 bn USD in English). Pages call it instead of showing a code or formatting a sum themselves. A new label is a
/// resource key — "{EnumType}{Value}", "Role_{role}", "TimeZone_{IANA id}" — added to both languages (CONTRIBUTING.md).
/// </summary>
public static class Display
{
    private static readonly ResourceManager PageTexts = new("Lianbo.Web.Resources.SharedResource", typeof(Display).Assembly);

    private static bool Zh => CultureInfo.CurrentUICulture.IsChinese();

    // The key prefix of each enum's labels where the resources named them before this class ("{EnumType}" otherwise).
    private static readonly Dictionary<Type, string> Prefixes = new()
    {
        [typeof(MeetingRequestStatus)] = "MeetingStatus",
        [typeof(MeetingStatus)] = "MeetingState",
        [typeof(MeetingPriority)] = "MeetingStatsPriority",
        [typeof(MeetingAttendance)] = "ScheduleAttendance",
        [typeof(PairKind)] = "MeetingStatsPair",
        [typeof(NeedStatus)] = "NeedStatus",
        [typeof(SolverMethod)] = "ScheduleMethod",
        [typeof(ScheduleDraftStatus)] = "ScheduleDraftStatus",
        [typeof(TokenScope)] = "Scope",
        [typeof(OrganisationType)] = "OrganisationType",
        [typeof(IncomeGroup)] = "Income",
        [typeof(SizeClass)] = "Size",
        [typeof(LaunchKind)] = "Launch",
        [typeof(EventKind)] = "Event",
        [typeof(ChainKind)] = "ChainKind",
        [typeof(StageKind)] = "StageKind",
        [typeof(ShockKind)] = "ScenarioKind",
        [typeof(Lianbo.Core.Reports.BuiltReportStatus)] = "ReportStatus",
    };

    /// <summary>The enums shown to people, each value with a label in both languages (a test holds it).</summary>
    public static IReadOnlyCollection<Type> LabelledEnums => Prefixes.Keys;

    /// <summary>The label of an enum value (MeetingPriority.MustMeet → 必须洽谈), or the value's own name when none is written.</summary>
    public static string Of(Enum value) => Label(Key(value)) ?? value.ToString();

    /// <summary>Whether <see cref="Of"/> has a written label for the value in the current language.</summary>
    public static bool HasLabel(Enum value) => Label(Key(value)) is not null;

    private static string Key(Enum value) => (Prefixes.GetValueOrDefault(value.GetType()) ?? value.GetType().Name) + value;

    /// <summary>A role's name (organiser → 主办方).</summary>
    public static string Role(string role) => Label("Role_" + role) ?? role;

    /// <summary>A time zone as people name it: "中国标准时间（北京）" (<see cref="Lianbo.Core.Scheduling.EditionZones.Name"/>).</summary>
    public static string TimeZone(string id) => Lianbo.Core.Scheduling.EditionZones.Name(id);

    /// <summary>
    /// The language attribute for text people wrote (a message, a note): "zh" when it holds Chinese characters, "en" when it
    /// holds Latin letters and no Chinese, none otherwise — so a page in one language marks what is written in the other.
    /// </summary>
    public static string? LanguageOf(string text) =>
        text.Any(c => c is >= '\u4e00' and <= '\u9fff') ? "zh" : text.Any(char.IsAsciiLetter) ? "en" : null;

    /// <summary>An amount in US dollars: 12.3亿美元, 4,560万美元 / 1.23 bn USD, 45.6 m USD.</summary>
    public static string Usd(double dollars) => Money((decimal)dollars, "美元", "USD");

    /// <summary>An amount in yuan: 1,520亿元 / 152 bn yuan.</summary>
    public static string Yuan(decimal yuan) => Money(yuan, "元", "yuan");

    /// <summary>A dataset's unit as people read it: BACI's "thousands of USD" is 千美元 / thousand USD; another dataset's own unit as it gives it.</summary>
    public static string TradeUnit(string unit) => unit == Lianbo.Trade.Import.BaciImporter.Unit ? Label("UnitThousandUsd") ?? unit : unit;

    /// <summary>A moment in UTC, to the minute, saying so: 2026年12月6日 16:40 UTC / 6 Dec 2026 16:40 UTC.</summary>
    public static string Utc(DateTimeOffset at) => DateTime(at, TimeZoneInfo.Utc) + " UTC";

    /// <summary>A day: 2024年11月26日 / 26 Nov 2024.</summary>
    public static string Date(DateOnly day) => Zh
        ? $"{day.Year}年{day.Month}月{day.Day}日"
        : day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A moment in a time zone, to the minute: 2024年11月26日 14:00 / 26 Nov 2024 14:00.</summary>
    public static string DateTime(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return $"{Date(DateOnly.FromDateTime(local.DateTime))} {local.ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    // Chinese counts large sums in 万 (10^4), 亿 (10^8) and 万亿 (10^12), written straight after the number; English in
    // million, billion and trillion (m, bn, tn) after a space. Three significant digits, never fewer than the integer part.
    private static string Money(decimal value, string zhUnit, string enUnit)
    {
        var size = Math.Abs(value);
        if (Zh)
        {
            var (scale, word) = size switch
            {
                >= 1_000_000_000_000m => (1_000_000_000_000m, "万亿"),
                >= 100_000_000m => (100_000_000m, "亿"),
                >= 10_000m => (10_000m, "万"),
                _ => (1m, ""),
            };
            return Scaled(value / scale, scale == 1m) + word + zhUnit;
        }

        var (enScale, enWord) = size switch
        {
            >= 1_000_000_000_000m => (1_000_000_000_000m, " tn"),
            >= 1_000_000_000m => (1_000_000_000m, " bn"),
            >= 1_000_000m => (1_000_000m, " m"),
            _ => (1m, ""),
        };
        return Scaled(value / enScale, enScale == 1m) + enWord + " " + enUnit;
    }

    private static string Scaled(decimal value, bool whole)
    {
        var size = Math.Abs(value);
        var format = whole || size >= 100 ? "N0" : size >= 10 ? "N1" : "N2";
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        // "12.0" reads as 12; "1.50" as 1.5.
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>A page text by its resource key in the current language (the key itself when there is none), for hosts without a localizer (the CLI).</summary>
    public static string Text(string key) => Label(key) ?? key;

    private static string? Label(string key)
    {
        var culture = CultureInfo.CurrentUICulture;
        return PageTexts.GetString(key, culture) ?? Messages.Find(key);
    }
}
