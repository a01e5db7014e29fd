using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Meetings;
using Lianbo.Web.Tests.Accounts;

namespace Lianbo.Web.Tests.Platform;

/// <summary>
/// <see cref="Display"/>, the one place that turns codes and sums into what people read, in both languages; and
/// validation messages that name a field by its label, with the ProblemDetails title in the caller's language.
/// </summary>
public class DisplayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("zh-CN", 1.23e9, "12.3亿美元")]
    [InlineData("en", 1.23e9, "1.23 bn USD")]
    [InlineData("zh-CN", 4.56e7, "4,560万美元")]
    [InlineData("en", 4.56e7, "45.6 m USD")]
    [InlineData("zh-CN", 2.5e13, "25万亿美元")]
    [InlineData("en", 2.5e13, "25 tn USD")]
    [InlineData("zh-CN", 1.5e8, "1.5亿美元")]
    [InlineData("en", 999, "999 USD")]
    [InlineData("zh-CN", 999, "999美元")]
    [InlineData("en", -3.4e9, "-3.4 bn USD")]
    public void Dollars_are_counted_in_the_languages_own_units(string culture, double dollars, string expected)
    {
        using var _ = new Culture(culture);
        Assert.Equal(expected, Display.Usd(dollars));
    }

    [Theory]
    [InlineData("zh-CN", "1,520亿元")]
    [InlineData("en", "152 bn yuan")]
    public void Yuan_are_counted_in_the_languages_own_units(string culture, string expected)
    {
        using var _ = new Culture(culture);
        Assert.Equal(expected, Display.Yuan(152_000_000_000m));
    }

    [Theory]
    [InlineData("zh-CN", "2024年11月26日 14:00")]
    [InlineData("en", "26 Nov 2024 14:00")]
    public void A_moment_is_shown_in_the_zone_and_the_languages_order(string culture, string expected)
    {
        using var _ = new Culture(culture);
        var beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        Assert.Equal(expected, Display.DateTime(new DateTimeOffset(2024, 11, 26, 6, 0, 0, TimeSpan.Zero), beijing));
    }

    [Theory]
    [InlineData("zh-CN", "中国标准时间（北京）", "必须洽谈", "主办方")]
    [InlineData("en", "China Standard Time (Beijing)", "Must meet", "Organiser")]
    public void Codes_are_shown_by_their_labels(string culture, string zone, string mustMeet, string organiser)
    {
        using var _ = new Culture(culture);
        Assert.Equal(zone, Display.TimeZone("Asia/Shanghai"));
        Assert.Equal(mustMeet, Display.Of(MeetingPriority.MustMeet));
        Assert.Equal(organiser, Display.Role(Roles.Organiser));
        // A zone without a written name: its offset and id, never an empty label.
        Assert.Equal("UTC+05:45 Asia/Kathmandu", Display.TimeZone("Asia/Kathmandu"));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void Every_value_of_every_enum_shown_has_a_label_in_both_languages(string culture)
    {
        using var _ = new Culture(culture);
        var english = culture == "en";
        var missing = Display.LabelledEnums.SelectMany(type => Enum.GetValues(type).Cast<Enum>())
            .Where(value => !Display.HasLabel(value) || (!english && !Display.Of(value).Any(c => c >= '\u4e00' && c <= '\u9fff')))
            .Select(value => $"{value.GetType().Name}.{value}").ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("We would like to meet at your booth", "en")]
    [InlineData("希望在展位洽谈 about 8507", "zh")]
    [InlineData("2027-05-12 10:00", null)]
    public void What_people_wrote_is_marked_with_its_language(string text, string? expected) =>
        Assert.Equal(expected, Display.LanguageOf(text));

    [Theory]
    [InlineData("zh-CN", "startsAt", "开始时间")]
    [InlineData("en", "startsAt", "start time")]
    [InlineData("zh-CN", "tables[2].capacity", "洽谈桌 #3 › 座位数")]
    [InlineData("en", "noSuchField", "noSuchField")]
    public void A_field_is_named_by_its_label(string culture, string field, string expected)
    {
        using var _ = new Culture(culture);
        Assert.Equal(expected, Messages.Field(field));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_validation_problem_in_Chinese_names_the_fields_label_and_has_a_Chinese_title(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        organiser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var response = await organiser.PostAsJsonAsync("/api/country-groups", new { code = "LABEL", nameEn = "Label group", nameZh = " ", members = new[] { "CHN" } }, Ct);

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        // The key is the API's name for the field (as the validation reports it); the message names the label.
        var nameZh = problem.GetProperty("errors").EnumerateObject().Single(e => e.Name.Equals("nameZh", StringComparison.OrdinalIgnoreCase)).Value[0].GetString();
        using (new Culture("zh-CN"))
        {
            Assert.Equal(Messages.Format("ValidationTitle"), problem.GetProperty("title").GetString());
            Assert.Equal(Messages.Format("Required", "中文名称"), nameZh);
        }

        Assert.DoesNotContain("validation errors", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("中文名称", nameZh, StringComparison.Ordinal);
        Assert.DoesNotContain("NameZh", nameZh, StringComparison.OrdinalIgnoreCase);
        // Nothing half-saved: the group is not there.
        var groups = await (await organiser.GetAsync("/api/country-groups", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("LABEL", groups, StringComparison.Ordinal);
    }

    /// <summary>Sets the current culture and UI culture for the test's thread, and restores them.</summary>
    private sealed class Culture : IDisposable
    {
        private readonly (CultureInfo, CultureInfo) _saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

        public Culture(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = _saved;
    }
}
