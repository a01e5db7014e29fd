using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Lianbo.Core.Scenarios;

namespace Lianbo.Web.Scenarios;

/// <summary>
/// The scenario form on /scenarios as posted. Everything is text, so that a refused form comes back as typed; lists
/// of countries and codes are comma-separated. Chains and stages come from multiple selects, which the page reads from
/// the posted form itself (<see cref="ChainsField"/>, <see cref="StagesField"/>). Problems are keyed by the field's
/// path into the scenario JSON (<c>shocks[1].products[0]</c>), as the checks name them.
/// </summary>
public sealed class ScenarioForm
{
    [AllowNull] public string Id { get => field ?? ""; set; }
    [AllowNull] public string Version { get => field ?? ""; set; }
    [AllowNull] public string NameZh { get => field ?? ""; set; }
    [AllowNull] public string NameEn { get => field ?? ""; set; }
    [AllowNull] public string DescriptionZh { get => field ?? ""; set; }
    [AllowNull] public string DescriptionEn { get => field ?? ""; set; }
    public bool Illustrative { get; set; }

    /// <summary>One source a line: its title, then " | " and its address when it has one.</summary>
    [AllowNull] public string Sources { get => field ?? ""; set; }

    [AllowNull] public string Year { get => field ?? ""; set; }
    [AllowNull] public string Source { get => field ?? ""; set; }
    [AllowNull] public string Digits { get => field ?? "6"; set; }
    [AllowNull] public string Headroom { get => field ?? "0.2"; set; }
    [AllowNull] public string GravityYear { get => field ?? "2006"; set; }
    [AllowNull] public string Sigma { get => field ?? "7"; set; }
    [AllowNull] public string Draws { get => field ?? "0"; set; }
    [AllowNull] public string IoTable { get => field ?? ""; set; }
    [AllowNull] public List<ShockRow> Shocks { get => field ??= []; set; }

    /// <summary>The button pressed: run, save, add-shock or remove-shock:N.</summary>
    public string? Command { get; set; }

    public sealed class ShockRow
    {
        [AllowNull] public string Kind { get => field ?? "exportBan"; set; }
        [AllowNull] public string Exporters { get => field ?? ""; set; }
        [AllowNull] public string Destinations { get => field ?? ""; set; }
        public bool AllBut { get; set; }
        [AllowNull] public string Between { get => field ?? ""; set; }
        [AllowNull] public string And { get => field ?? ""; set; }
        [AllowNull] public string Products { get => field ?? ""; set; }
        [AllowNull] public string Percent { get => field ?? ""; set; }
        [AllowNull] public string Tau { get => field ?? ""; set; }

        /// <summary>cascade: the input–output industries, comma-separated, kept as typed (WIOD 2013 writes c14, ICIO C26).</summary>
        [AllowNull] public string Sectors { get => field ?? ""; set; }
        [AllowNull] public string Model { get => field ?? ""; set; }
        [AllowNull] public string Days { get => field ?? ""; set; }

        /// <summary>Not bound: read from the posted form's multiple selects, or set from a copied definition.</summary>
        [AllowNull] public List<string> Chains { get => field ??= []; set; }

        [AllowNull] public List<string> Stages { get => field ??= []; set; }
    }

    /// <summary>The kinds of shock by the name the JSON uses.</summary>
    public static readonly string[] Kinds = ["exportBan", "disruption", "decoupling", "tariff", "cascade"];

    public static string ChainsField(int shock) => $"shock-{shock}-chains";

    public static string StagesField(int shock) => $"shock-{shock}-stages";

    public static ScenarioForm Empty() => new()
    {
        Version = $"{DateTime.UtcNow.Year}.1", Illustrative = true, Shocks = [new ShockRow()],
    };

    public static ScenarioForm From(ScenarioDefinition d) => new()
    {
        Id = d.Id, Version = d.Version, NameZh = d.NameZh, NameEn = d.NameEn, DescriptionZh = d.DescriptionZh, DescriptionEn = d.DescriptionEn,
        Illustrative = d.Illustrative,
        Sources = string.Join('\n', d.Sources.Select(s => s.Url is null ? s.Title : $"{s.Title} | {s.Url}")),
        Year = Text(d.Base.Year), Source = d.Base.Source ?? "", Digits = Text(d.Base.Digits), Headroom = Text(d.Base.Headroom),
        GravityYear = Text(d.Base.GravityYear), Sigma = Text(d.Base.Sigma), Draws = Text(d.Base.Draws), IoTable = d.Base.IoTable ?? "",
        Shocks = [.. d.Shocks.Select(s => new ShockRow
        {
            Kind = Kinds[(int)s.Kind], Exporters = Join(s.Exporters), Destinations = Join(s.Destinations), AllBut = s.AllBut,
            Between = Join(s.Between), And = Join(s.And), Products = Join(s.Products), Percent = Text(s.Percent), Tau = Text(s.Tau),
            Chains = [.. s.Chains ?? []], Stages = [.. s.Stages ?? []],
            Sectors = Join(s.Sectors), Model = s.Model ?? "", Days = Text(s.Days),
        })],
    };

    /// <summary>Adds or removes a shock row; true when the button pressed was one of those (nothing is run or saved).</summary>
    public bool Apply()
    {
        if (Command == "add-shock")
        {
            Shocks.Add(new ShockRow());
            return true;
        }

        if (Command?.StartsWith("remove-shock:", StringComparison.Ordinal) == true)
        {
            if (int.TryParse(Command["remove-shock:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < Shocks.Count && Shocks.Count > 1)
            {
                Shocks.RemoveAt(i);
            }

            return true;
        }

        return false;
    }

    /// <summary>The definition the form describes; numbers that do not read are problems of their field instead.</summary>
    public (ScenarioDefinition? Definition, Dictionary<string, string[]> Problems) ToDefinition(string wholeNumber, string number, string kind)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        T? Read<T>(string field, string text, bool whole) where T : struct
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var value = text.Trim();
            if (whole && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
            {
                return (T)(object)i;
            }

            if (!whole && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            {
                return (T)(object)d;
            }

            problems[field] = [whole ? wholeNumber : number];
            return null;
        }

        var sources = Sources.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(" | ", 2) is [var title, var url] ? new ScenarioSource(title.Trim(), url.Trim()) : new ScenarioSource(line))
            .ToList();
        var b = new ScenarioBase(
            Read<int>("base.year", Year, true), string.IsNullOrWhiteSpace(Source) ? null : Source.Trim(),
            Read<int>("base.digits", Digits, true) ?? 6, Read<double>("base.headroom", Headroom, false) ?? 0.2,
            Read<int>("base.gravityYear", GravityYear, true) ?? 2006, Read<double>("base.sigma", Sigma, false) ?? 7, Read<int>("base.draws", Draws, true) ?? 0,
            string.IsNullOrWhiteSpace(IoTable) ? null : IoTable.Trim());
        var shocks = new List<ShockDefinition>();
        for (var i = 0; i < Shocks.Count; i++)
        {
            var s = Shocks[i];
            var index = Array.IndexOf(Kinds, s.Kind);
            if (index < 0)
            {
                problems[$"shocks[{i}].kind"] = [kind];
                index = 0;
            }

            shocks.Add(new ShockDefinition((ShockKind)index, List(s.Exporters), List(s.Destinations), s.AllBut, List(s.Between), List(s.And), List(s.Products),
                s.Chains.Count == 0 ? null : s.Chains, s.Stages.Count == 0 ? null : s.Stages,
                Read<double>($"shocks[{i}].percent", s.Percent, false), Read<double>($"shocks[{i}].tau", s.Tau, false),
                s.Sectors.Split([',', ' ', ';', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } sectors ? sectors : null,
                string.IsNullOrWhiteSpace(s.Model) ? null : s.Model.Trim(), Read<int>($"shocks[{i}].days", s.Days, true)));
        }

        var definition = new ScenarioDefinition(Id.Trim(), Version.Trim(), NameZh.Trim(), NameEn.Trim(), DescriptionZh.Trim(), DescriptionEn.Trim(),
            Illustrative, sources, b, shocks);
        return (problems.Count == 0 ? definition : null, problems);
    }

    // Countries are written upper-case (cny → CNY), group codes too; HS codes are digits.
    private static List<string>? List(string text)
    {
        var items = text.Split([',', ' ', '\n', ';', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.StartsWith(ScenarioFiles.GroupPrefix, StringComparison.OrdinalIgnoreCase)
                ? ScenarioFiles.GroupPrefix + e[ScenarioFiles.GroupPrefix.Length..].ToUpperInvariant()
                : e.ToUpperInvariant())
            .ToList();
        return items.Count == 0 ? null : items;
    }

    private static string Join(IReadOnlyList<string>? list) => list is null ? "" : string.Join(", ", list);

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}
