using System.Globalization;
using Lianbo.Core.Files;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Reference;

// The Simplified Chinese HS names of data/reference/hs-zh: loaded with their source, carried over to HS 1992 where the
// codes coincide, searched, and shown as "无中文名称" (never English) where a code has none.
public class HsChineseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_row_is_stored_with_its_source(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.MigratedContextAsync();
        await new ReferenceLoader(db).LoadAsync(TestStore.ReferenceDirectory, ct: Ct);

        var sources = CsvTable.Read(Path.Combine(TestStore.ReferenceDirectory, ReferenceData.HsChineseFile), r => r.Text("source"));
        var hs2022 = db.HsCodes.Where(c => c.Revision == HsRevision.Hs2022);
        Assert.Equal(sources.Count(s => s.StartsWith("CN-", StringComparison.Ordinal)), await hs2022.CountAsync(c => c.DescriptionZhSource == HsChineseSource.CnCustoms, Ct));
        Assert.Equal(sources.Count(s => s.StartsWith("tw", StringComparison.Ordinal)), await hs2022.CountAsync(c => c.DescriptionZhSource == HsChineseSource.TwConverted, Ct));
        Assert.Equal(sources.Count, await hs2022.CountAsync(c => c.DescriptionZh != null, Ct));
        Assert.Equal(0, await db.HsCodes.CountAsync(c => (c.DescriptionZh == null) != (c.DescriptionZhSource == null), Ct));

        var chapter = await hs2022.SingleAsync(c => c.Code == "01", Ct);
        Assert.Equal(("活动物", HsChineseSource.CnCustoms), (chapter.DescriptionZh, chapter.DescriptionZhSource));
        Assert.Equal(HsChineseSource.TwConverted, (await hs2022.SingleAsync(c => c.Code == "2846", Ct)).DescriptionZhSource);
        // New in HS 2022 (unmanned aircraft), so neither tariff text names the heading.
        Assert.Null((await hs2022.SingleAsync(c => c.Code == "8806", Ct)).DescriptionZh);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task HS_1992_codes_take_the_HS_2022_name_where_the_codes_coincide(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.MigratedContextAsync();
        await new ReferenceLoader(db).LoadAsync(TestStore.ReferenceDirectory, ct: Ct);

        var named2022 = await db.HsCodes.Where(c => c.Revision == HsRevision.Hs2022 && c.DescriptionZh != null)
            .ToDictionaryAsync(c => c.Code, c => (c.DescriptionZh, c.DescriptionZhSource), Ct);
        var hs1992 = await db.HsCodes.Where(c => c.Revision == HsRevision.Hs1992).ToListAsync(Ct);

        Assert.All(hs1992, c => Assert.Equal(named2022.TryGetValue(c.Code, out var zh) ? zh : (null, null), (c.DescriptionZh, c.DescriptionZhSource)));
        Assert.Contains(hs1992, c => c.DescriptionZh is null); // codes HS 2022 dropped or renumbered
        var rareEarth = hs1992.Single(c => c.Code == "2805");
        Assert.Equal(named2022["2805"], (rareEarth.DescriptionZh, rareEarth.DescriptionZhSource));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Search_finds_codes_by_a_Chinese_word_in_both_revisions(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.MigratedContextAsync();
        await new ReferenceLoader(db).LoadAsync(TestStore.ReferenceDirectory, ct: Ct);
        var queries = new ReferenceQueries(db);

        foreach (var revision in HsRevision.All)
        {
            var found = (await queries.SearchHsAsync("稀土", revision, 50, Ct)).Select(c => c.Code).ToList();
            Assert.Contains("2805", found);
            Assert.Contains("2846", found);
        }

        var english = (await queries.SearchHsAsync("rare-earth", HsRevision.Hs2022, 50, Ct)).Select(c => c.Code).ToList();
        Assert.Contains("2846", english);
    }

    [Fact]
    public async Task Names_follow_the_UI_language_and_never_fall_back_to_English_in_Chinese()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await store.MigratedContextAsync();
        await new ReferenceLoader(db).LoadAsync(TestStore.ReferenceDirectory, ct: Ct);
        var queries = new ReferenceQueries(db);
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            var zh = await queries.DescribeAsync(["01", "8806"], HsRevision.Hs2022, Ct);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var en = await queries.DescribeAsync(["01", "8806"], HsRevision.Hs2022, Ct);

            Assert.Equal(("活动物", "无中文名称"), (zh["01"], zh["8806"]));
            Assert.Equal(("Animals; live", "Unmanned aircraft"), (en["01"], en["8806"]));
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }
}
