using System.Text.RegularExpressions;
using Lianbo.Core.Files;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Reference;

public partial class ReferenceLoaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Loads_every_row_of_the_shipped_files(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.MigratedContextAsync();

        var result = await new ReferenceLoader(db).LoadAsync(TestStore.ReferenceDirectory, ct: Ct);

        Assert.True(result.Changed);
        Assert.Equal(DataLines(ReferenceData.CountriesFile), await db.Countries.CountAsync(Ct));
        Assert.Equal(DataLines(ReferenceData.SectionsFile), await db.HsSections.CountAsync(Ct));
        // hs2022.csv: every line but the header and the grand-total row.
        Assert.Equal(DataLines(ReferenceData.Hs2022File) - 1, await db.HsCodes.CountAsync(c => c.Revision == HsRevision.Hs2022, Ct));
        Assert.Equal(NumericHs1992Codes(), await db.HsCodes.CountAsync(c => c.Revision == HsRevision.Hs1992, Ct));
        // Seven published groups and the two illustrative blocs of the decoupling scenario.
        Assert.Equal(9, await db.CountryGroups.CountAsync(Ct));
        // UNSD's three conversions, one row per code of the newer revision.
        foreach (var (file, from, to, _) in HsConcordanceFiles.Tables.Where(t => t.Conversion))
        {
            Assert.Equal(DataLines(file), await db.HsConversions.CountAsync(c => c.FromRevision == from && c.ToRevision == to, Ct));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Reproduces_the_facts_users_rely_on(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.MigratedContextAsync();
        await new ReferenceLoader(db).LoadAsync(TestStore.ReferenceDirectory, ct: Ct);

        // The UN list has 44 LDCs since Sao Tome and Principe graduated in December 2024.
        Assert.Equal(44, await db.Countries.CountAsync(c => c.IsLdc, Ct));
        Assert.False((await db.Countries.SingleAsync(c => c.Iso3 == "STP", Ct)).IsLdc);
        var china = await db.Countries.SingleAsync(c => c.Iso3 == "CHN", Ct);
        Assert.Equal(("中国", "China", "东亚", "Eastern Asia", IncomeGroup.UpperMiddle), (china.NameZh, china.NameEn, china.SubRegionZh, china.SubRegionEn, china.IncomeGroup));
        Assert.Equal("中国台湾", (await db.Countries.SingleAsync(c => c.Iso3 == "TWN", Ct)).NameZh);
        Assert.Equal(27, await db.CountryGroupMembers.CountAsync(m => m.GroupCode == "EU", Ct));
        Assert.True(await db.CountryGroupMembers.AnyAsync(m => m.GroupCode == "ASEAN" && m.Iso3 == "TLS", Ct));
        var cells = await db.HsCodes.SingleAsync(c => c.Revision == HsRevision.Hs2022 && c.Code == "850760", Ct);
        Assert.Equal(("8507", 6, 16), (cells.ParentCode, cells.Level, cells.Section));
        Assert.Equal("85", (await db.HsCodes.SingleAsync(c => c.Revision == HsRevision.Hs1992 && c.Code == "8507", Ct)).ParentCode);
        // UNSD converts every hybrid and electric car to HS 1992 870390, and plug-in diesel hybrids to HS 2017 870370.
        var conversions = await db.HsConversions.Where(c => c.FromCode == "870370").ToDictionaryAsync(c => (c.FromRevision, c.ToRevision), c => c.ToCode, Ct);
        Assert.Equal("870390", conversions[(HsRevision.Hs2022, HsRevision.Hs1992)]);
        Assert.Equal("870370", conversions[(HsRevision.Hs2022, HsRevision.Hs2017)]);
        Assert.Equal("870390", conversions[(HsRevision.Hs2017, HsRevision.Hs1992)]);
    }

    [Fact]
    public async Task Loading_again_changes_nothing_and_reads_no_file()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await store.MigratedContextAsync();
        var first = await new ReferenceLoader(db).LoadAsync(TestStore.ReferenceDirectory, ct: Ct);
        var stamps = await db.ReferenceFiles.AsNoTracking().ToDictionaryAsync(f => f.Name, f => f.LoadedAt, Ct);

        var second = await new ReferenceLoader(db).LoadAsync(TestStore.ReferenceDirectory, ct: Ct);

        Assert.False(second.Changed);
        Assert.Equal((first.Countries, first.HsCodes, first.Groups), (second.Countries, second.HsCodes, second.Groups));
        Assert.Equal(stamps, await db.ReferenceFiles.AsNoTracking().ToDictionaryAsync(f => f.Name, f => f.LoadedAt, Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_bad_line_is_rejected_with_file_and_line_and_nothing_is_stored(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.MigratedContextAsync();
        var directory = store.CopyReference();
        // Line 10 of hs2022.csv gets a level that is not a number.
        ReplaceLine(Path.Combine(directory, ReferenceData.Hs2022File), 10, line => line[..line.LastIndexOf(',')] + ",x");

        var error = await Assert.ThrowsAsync<DataFileException>(() => new ReferenceLoader(db).LoadAsync(directory, ct: Ct));

        Assert.Equal((ReferenceData.Hs2022File, 10), (error.File, error.Line));
        Assert.Contains("hs2022.csv", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Countries.CountAsync(Ct));
        Assert.Equal(0, await db.HsCodes.CountAsync(Ct));
        Assert.Equal(0, await db.ReferenceFiles.CountAsync(Ct));
    }

    [Fact]
    public async Task A_bad_file_after_a_good_load_leaves_the_previous_data_as_it_was()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await store.MigratedContextAsync();
        var directory = store.CopyReference();
        await new ReferenceLoader(db).LoadAsync(directory, ct: Ct);
        var before = await db.Countries.AsNoTracking().OrderBy(c => c.Iso3).Select(c => c.NameZh).ToListAsync(Ct);
        // A renamed country, and further down a row with a column too many: the rename must not land.
        ReplaceLine(Path.Combine(directory, ReferenceData.CountriesFile), 2, line => line.Replace("Andorra", "Renamed", StringComparison.Ordinal));
        ReplaceLine(Path.Combine(directory, ReferenceData.CountriesFile), 40, line => line + ",extra");

        var error = await Assert.ThrowsAsync<DataFileException>(() => new ReferenceLoader(db).LoadAsync(directory, ct: Ct));

        Assert.Equal((ReferenceData.CountriesFile, 40), (error.File, error.Line));
        Assert.Equal(before, await db.Countries.AsNoTracking().OrderBy(c => c.Iso3).Select(c => c.NameZh).ToListAsync(Ct));
        Assert.Equal("Andorra", (await db.Countries.AsNoTracking().SingleAsync(c => c.Iso3 == "AND", Ct)).NameEn);
    }

    [Fact]
    public async Task A_code_that_UNSD_converts_twice_or_an_unknown_relationship_is_rejected_with_file_and_line()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await store.MigratedContextAsync();
        var twice = store.CopyReference();
        var conversion = HsConcordanceFiles.Tables.First(t => t.Conversion && t.From == HsRevision.Hs2017).File;
        // Line 3 repeats line 2's HS 2017 code with another HS 1992 code.
        ReplaceLine(Path.Combine(twice, conversion), 3, _ => File.ReadLines(Path.Combine(twice, conversion)).ElementAt(1)[..7] + "999999");

        var duplicate = await Assert.ThrowsAsync<DataFileException>(() => new ReferenceLoader(db).LoadAsync(twice, ct: Ct));
        var correlation = HsConcordanceFiles.Tables.First(t => !t.Conversion && t.From == HsRevision.Hs2022 && t.To == HsRevision.Hs2017).File;
        File.Copy(Path.Combine(TestStore.ReferenceDirectory, conversion), Path.Combine(twice, conversion), overwrite: true);
        ReplaceLine(Path.Combine(twice, correlation), 5, line => line[..line.LastIndexOf(',')] + ",2:1");
        var relationship = await Assert.ThrowsAsync<DataFileException>(() => new ReferenceLoader(db).LoadAsync(twice, ct: Ct));

        Assert.Equal((conversion, 3), (duplicate.File, duplicate.Line));
        Assert.Contains("appears twice", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal((correlation, 5), (relationship.File, relationship.Line));
        Assert.Contains("2:1", relationship.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.HsConversions.CountAsync(Ct));
    }

    [Fact]
    public async Task A_group_with_an_unknown_member_is_rejected_by_name()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await store.MigratedContextAsync();
        var directory = store.CopyReference();
        var groups = Path.Combine(directory, ReferenceData.GroupsFile);
        await File.WriteAllTextAsync(groups, (await File.ReadAllTextAsync(groups, Ct)).Replace("\"AUT\"", "\"XXA\"", StringComparison.Ordinal), Ct);

        var error = await Assert.ThrowsAsync<DataFileException>(() => new ReferenceLoader(db).LoadAsync(directory, ct: Ct));

        Assert.Equal(ReferenceData.GroupsFile, error.File);
        Assert.Contains("XXA", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.CountryGroups.CountAsync(Ct));
    }

    private static int DataLines(string file) =>
        File.ReadLines(Path.Combine(TestStore.ReferenceDirectory, file)).Skip(1).Count(l => l.Length > 0);

    // The Atlas HS 1992 file mixes in its own sections and non-HS service rows; count the numeric codes.
    private static int NumericHs1992Codes() =>
        File.ReadLines(Path.Combine(TestStore.ReferenceDirectory, ReferenceData.Hs1992File)).Count(l => Hs1992Code().IsMatch(l));

    [GeneratedRegex("""^\d+,"\d+",.*"(2digit|4digit|6digit)",""")]
    private static partial Regex Hs1992Code();

    private static void ReplaceLine(string path, int lineNumber, Func<string, string> change)
    {
        var lines = File.ReadAllLines(path);
        lines[lineNumber - 1] = change(lines[lineNumber - 1]);
        File.WriteAllLines(path, lines);
    }
}
