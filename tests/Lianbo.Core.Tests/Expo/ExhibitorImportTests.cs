using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Files;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Expo;

public class ExhibitorImportTests
{
    private const string Header = "key,name_en,name_zh,country,type,size,fortune_global_500,industry_leader,website,products,stages,zone,booths,partners";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Viewer Organiser = new("organiser-1", null, false, new HashSet<string> { Roles.Organiser });

    public ExhibitorImportTests() => CultureInfo.CurrentUICulture = new CultureInfo("en");

    // The small hand-made edition (TestEditions.Small) over reference data and the shipped chains.
    private sealed record Expo(TestStore Store, LianboDbContext Db, Guid EditionId, Guid VehiclesZone, Guid AgricultureZone) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            await Store.DisposeAsync();
        }

        public ExhibitorImport Import => new(Db, new AuditLog(Db, TimeProvider.System), TimeProvider.System);

        public async Task<ExhibitorImportReport> CsvAsync(string text)
        {
            // As in a web request: a fresh context, without what the test read before.
            Db.ChangeTracker.Clear();
            var outcome = await Import.ImportAsync(Organiser, EditionId, Encoding.UTF8.GetBytes(text), ExhibitorFileFormat.Csv, Ct);
            Db.ChangeTracker.Clear();
            return outcome.Value!;
        }

        public async Task<ExhibitorImportReport> XlsxAsync(byte[] file)
        {
            Db.ChangeTracker.Clear();
            var outcome = await Import.ImportAsync(Organiser, EditionId, file, ExhibitorFileFormat.Xlsx, Ct);
            Db.ChangeTracker.Clear();
            return outcome.Value!;
        }
    }

    private static async Task<Expo> ExpoAsync(string provider)
    {
        var store = await TestStore.CreateAsync(provider);
        var db = await store.PreparedContextAsync();
        var edition = TestEditions.Small();
        db.Editions.Add(edition);
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();
        return new Expo(store, db, edition.Id, edition.Zones[0].Id, edition.Zones[1].Id);
    }

    private const string GoodCsv = Header + "\n"
        + "cells-01,Example Cells,示例电芯,CHN,enterprise,large,yes,yes,https://cells.example,850760;8507,smart-vehicles/traction-batteries-and-electric-drive,smart-vehicles,A1-001;A1-002,lithium-01;seeds-01\n"
        + "lithium-01,\"Example Lithium, Ltd\",示例锂业,AUS,enterprise,sme,no,,,2530,smart-vehicles/battery-and-metal-minerals,,,\n"
        + "seeds-01,Example Seeds,示例种业,NLD,enterprise,sme,No,NO,,0101；1209,green-agriculture/seeds-and-breeding-stock,green-agriculture,B1-001,\n"
        + "unido,United Nations Industrial Development Organization,联合国工业发展组织,,international-organisation,large,no,no,,,,services,,\n";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_good_file_stores_organisations_exhibitors_booths_and_partners_and_a_reimport_updates_by_key(string provider)
    {
        await using var expo = await ExpoAsync(provider);
        var db = expo.Db;

        var report = await expo.CsvAsync(GoodCsv);

        Assert.Empty(report.Errors);
        Assert.Equal((4, 0, 3, 3, 2), (report.Created, report.Updated, report.Exhibitors, report.Booths, report.Partners));
        var cells = await db.Organisations.Include(o => o.Products).Include(o => o.Stages).SingleAsync(o => o.Key == "cells-01", Ct);
        Assert.Equal(("Example Cells", "示例电芯", "CHN", OrganisationType.Enterprise, SizeClass.Large, true, true, "https://cells.example"),
            (cells.NameEn, cells.NameZh, cells.CountryIso3, cells.Type, cells.Size, cells.IsFortuneGlobal500, cells.IsIndustryLeader, cells.Website));
        Assert.Equal(["8507", "850760"], cells.Products.Select(p => p.Hs).Order());
        Assert.Equal("traction-batteries-and-electric-drive", Assert.Single(cells.Stages).StageId);
        Assert.Null((await db.Organisations.SingleAsync(o => o.Key == "unido", Ct)).CountryIso3);
        Assert.Equal(["0101", "1209"], await db.OrganisationProducts.Where(p => p.Hs.StartsWith("0") || p.Hs.StartsWith("1")).Select(p => p.Hs).OrderBy(h => h).ToListAsync(Ct));

        var exhibitor = await db.Exhibitors.Include(e => e.Partners).SingleAsync(e => e.OrganisationId == cells.Id, Ct);
        Assert.Equal(expo.VehiclesZone, exhibitor.ZoneId);
        Assert.Equal(["A1-001", "A1-002"], await db.Booths.Where(b => b.ExhibitorId == exhibitor.Id).Select(b => b.Code).OrderBy(c => c).ToListAsync(Ct));
        Assert.Equal(2, exhibitor.Partners.Count);
        var lithium = await db.Organisations.SingleAsync(o => o.Key == "lithium-01", Ct);
        Assert.Equal("Example Lithium, Ltd", lithium.NameEn);
        Assert.False(await db.Exhibitors.AnyAsync(e => e.OrganisationId == lithium.Id, Ct));

        // One audit entry for the whole import, with its counts.
        var audit = await db.AuditEntries.SingleAsync(Ct);
        Assert.Equal(("exhibitors.import", nameof(Edition), expo.EditionId.ToString()), (audit.Action, audit.EntityType, audit.EntityId));
        Assert.Contains("\"created\":4", audit.After, StringComparison.Ordinal);

        // The same keys again: updated, not duplicated; products, stages, booths and partners replaced by the file's.
        var again = await expo.CsvAsync(Header + "\n"
            + "cells-01,Example Cells Group,示例电芯集团,CHN,enterprise,large,yes,no,,8507,,smart-vehicles,A1-003,lithium-01\n"
            + "lithium-01,Example Lithium,示例锂业,AUS,enterprise,sme,no,no,,,,,,\n");

        Assert.Empty(again.Errors);
        Assert.Equal((0, 2, 1, 1, 1), (again.Created, again.Updated, again.Exhibitors, again.Booths, again.Partners));
        Assert.Equal(4, await db.Organisations.CountAsync(Ct));
        Assert.Equal(3, await db.Exhibitors.CountAsync(Ct));
        cells = await db.Organisations.Include(o => o.Products).Include(o => o.Stages).SingleAsync(o => o.Key == "cells-01", Ct);
        Assert.Equal(("Example Cells Group", false, null), (cells.NameEn, cells.IsIndustryLeader, cells.Website));
        Assert.Equal("8507", Assert.Single(cells.Products).Hs);
        Assert.Empty(cells.Stages);
        Assert.Equal(["A1-003"], await db.Booths.Where(b => b.ExhibitorId == exhibitor.Id).Select(b => b.Code).ToListAsync(Ct));
        Assert.Single(await db.ExhibitorPartners.Where(p => p.ExhibitorId == exhibitor.Id).ToListAsync(Ct));
        Assert.Equal(2, await db.AuditEntries.CountAsync(Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_bad_row_is_reported_with_its_line_and_column_and_nothing_is_stored(string provider)
    {
        await using var expo = await ExpoAsync(provider);
        var db = expo.Db;
        await expo.CsvAsync(Header + "\nheld-01,Holder,持有者,CHN,enterprise,sme,no,no,,,,smart-vehicles,A1-003,\n");
        var longName = new string('x', 201);

        var report = await expo.CsvAsync(Header + "\n"
            + ",No Key,无键,CHN,enterprise,sme,no,no,,,,,,\n"                                                                      // 2
            + "ok-01,,,XXX,company,huge,maybe,yes,ftp://x,8599;85,nochain/stage,moon,,\n"                                          // 3
            + "ok-01,Again,再次,,enterprise,sme,no,no,,,,,,\n"                                                                     // 4
            + "bad key!," + longName + ",名,CHN,enterprise,sme,no,no,,,,,A1-001,friend\n"                                          // 5
            + "b-01,Booths,展位,CHN,enterprise,sme,no,no,,,,smart-vehicles,A1-001;B1-001;Z9-999;A1-003,nobody;b-01\n"              // 6
            + "b-02,Booths Again,展位二,CHN,enterprise,sme,no,no,,,,smart-vehicles,A1-001,b-01\n"                                  // 7
            + "f-01,\"=HYPERLINK(\"\"http://evil\"\")\",公式,CHN,enterprise,sme,no,no,,,,,,\n"                                              // 8
            + "f-02,+Plus,@at,CHN,enterprise,sme,-1,no,,,,,,\n"                                                                    // 9
            + "short,Too Few,太少,CHN\n"                                                                                           // 10
            + "x-01,Extra,多余,CHN,enterprise,sme,no,no,,,,,,,surplus\n");                                                          // 11

        string[] expected =
        [
            "2 key: key is required",
            "3 name_en: name_en is required",
            "3 name_zh: name_zh is required",
            "3 country: \"XXX\" is not an ISO 3166-1 alpha-3 code of the country list",
            "3 type: \"company\" is not a type; use one of enterprise, institution, university-research, international-organisation, government-body",
            "3 size: \"huge\" is not a size; use sme or large",
            "3 fortune_global_500: \"maybe\" is neither yes nor no",
            "3 website: give the website as http:// or https:// address",
            "3 products: \"8599\" is not an HS 2022 chapter, heading or subheading (2, 4 or 6 digits)",
            "3 stages: \"nochain/stage\" is not a stage of a stored chain; write chain-id/stage-id",
            "3 zone: \"moon\" is not a zone of this edition; the zones are smart-vehicles, green-agriculture, services",
            "4 key: key \"ok-01\" is already used on line 3",
            "4 country: give the country (ISO alpha-3), unless this is an international organisation",
            "5 key: \"bad key!\" is not a usable key: use letters, digits, - _ and . only, at most 64 characters",
            "5 name_en: name_en may have at most 200 characters",
            "5 booths: booths are given but no zone: only exhibitors get booths",
            "5 partners: partners are given but no zone: only exhibitors bring partners",
            "6 booths: booth B1-001 is in zone green-agriculture, not in the exhibitor's zone smart-vehicles",
            "6 booths: \"Z9-999\" is not a booth of this edition",
            "6 booths: booth A1-003 is already held by another exhibitor (Holder)",
            "6 partners: an organisation cannot be its own partner",
            "7 booths: booth A1-001 is also listed on line 6",
            "8 name_en: a value may not start with = + - @ (a spreadsheet would run it as a formula); if it is meant as text, put an apostrophe ' before it",
            "9 name_en: a value may not start with = + - @ (a spreadsheet would run it as a formula); if it is meant as text, put an apostrophe ' before it",
            "9 name_zh: a value may not start with = + - @ (a spreadsheet would run it as a formula); if it is meant as text, put an apostrophe ' before it",
            "9 fortune_global_500: a value may not start with = + - @ (a spreadsheet would run it as a formula); if it is meant as text, put an apostrophe ' before it",
            "10 : expected 14 values, found 4",
            "11 O: a value outside the template's columns",
        ];
        Assert.Equal(expected, report.Errors.Select(e => $"{e.Line} {e.Column}: {e.Message}"));
        Assert.False(report.Stored);
        Assert.Equal(1, await db.Organisations.CountAsync(Ct));
        Assert.Equal(1, await db.AuditEntries.CountAsync(Ct));
        Assert.Equal(1, await db.Booths.CountAsync(b => b.ExhibitorId != null, Ct));
    }

    [Fact]
    public async Task An_unknown_partner_key_and_an_unknown_product_code_are_named()
    {
        await using var expo = await ExpoAsync("sqlite");
        var db = expo.Db;

        var report = await expo.CsvAsync(Header + "\np-01,Partnered,伙伴,CHN,enterprise,sme,no,no,,85076,,smart-vehicles,,ghost;p-02\np-02,Second,第二,CHN,enterprise,sme,no,no,,,,,,\n");

        Assert.Equal(["2 products: \"85076\" is not an HS 2022 chapter, heading or subheading (2, 4 or 6 digits)", "2 partners: no organisation has the key \"ghost\", in this file or in the store"],
            report.Errors.Select(e => $"{e.Line} {e.Column}: {e.Message}"));
        Assert.Equal(0, await db.Organisations.CountAsync(Ct));
    }

    [Fact]
    public async Task A_bad_header_is_reported_column_by_column()
    {
        await using var expo = await ExpoAsync("sqlite");
        var db = expo.Db;

        var unknown = await expo.CsvAsync(Header.Replace("name_en", "name_english", StringComparison.Ordinal).Replace(",partners", ",zone", StringComparison.Ordinal) + "\n");
        var semicolons = await expo.CsvAsync(Header.Replace(',', ';') + "\n");
        var empty = await expo.CsvAsync("\n\n");

        Assert.Equal(
        [
            "1 name_en: the header has no column \"name_en\"",
            "1 zone: column \"zone\" appears twice",
            "1 partners: the header has no column \"partners\"",
            "1 name_english: \"name_english\" is not a column of the template; the columns are " + string.Join(", ", ExhibitorTemplate.Columns),
        ], unknown.Errors.Select(e => $"{e.Line} {e.Column}: {e.Message}"));
        Assert.Equal("the columns must be separated by commas (CSV), not by semicolons or tabs", Assert.Single(semicolons.Errors).Message);
        Assert.Equal((1, "the file has no header row"), (Assert.Single(empty.Errors).Line, empty.Errors[0].Message));
    }

    [Fact]
    public async Task A_csv_that_is_not_utf8_is_refused_at_its_first_bad_line_and_a_bom_is_fine()
    {
        await using var expo = await ExpoAsync("sqlite");
        var db = expo.Db;
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = Header + "\ncn-01,Example,示例公司,CHN,enterprise,sme,no,no,,,,,,\n";

        var gb18030 = await expo.Import.ImportAsync(Organiser, expo.EditionId, Encoding.GetEncoding("GB18030").GetBytes(text), ExhibitorFileFormat.Csv, Ct);
        var utf16 = await expo.Import.ImportAsync(Organiser, expo.EditionId, Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(), ExhibitorFileFormat.Csv, Ct);
        var error = Assert.Single(gb18030.Value!.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("CSV UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(utf16.Value!.Errors).Line);
        Assert.Equal(0, await db.Organisations.CountAsync(Ct));

        var bom = await expo.Import.ImportAsync(Organiser, expo.EditionId, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], ExhibitorFileFormat.Csv, Ct);
        Assert.Empty(bom.Value!.Errors);
        Assert.Equal("示例公司", (await db.Organisations.SingleAsync(Ct)).NameZh);

        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var chinese = await expo.Import.ImportAsync(Organiser, expo.EditionId, Encoding.GetEncoding("GB18030").GetBytes(text), ExhibitorFileFormat.Csv, Ct);
        Assert.Contains("CSV UTF-8（逗号分隔）", Assert.Single(chinese.Value!.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_with_an_unclosed_quote_is_refused_with_its_line()
    {
        await using var expo = await ExpoAsync("sqlite");
        var db = expo.Db;

        var report = await expo.CsvAsync(Header + "\nq-01,Fine,好,CHN,enterprise,sme,no,no,,,,,,\nq-02,\"Broken \"quote\",坏,CHN,enterprise,sme,no,no,,,,,,\n");

        var error = Assert.Single(report.Errors);
        Assert.Equal((3, "this line cannot be read as CSV; check its quotation marks"), (error.Line, error.Message));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_xlsx_with_shared_and_inline_strings_numbers_booleans_and_gaps_is_read(string provider)
    {
        await using var expo = await ExpoAsync(provider);
        var db = expo.Db;
        var header = Header.Split(',');

        var file = Workbook(
            Row(1, header.Select((h, i) => Shared(i, h)).ToArray()),
            // Row 2 left out entirely; row 3 with cells in any of the stored forms, and gaps between them.
            Row(3, Shared(0, "x-01"), Inline(1, "Example XLSX"), Shared(2, "示例表格"), Inline(3, "DEU"), Shared(4, "enterprise"), Shared(5, "large"),
                Bool(6, true), Bool(7, false), Number(9, "101"), Shared(11, "green-agriculture"), Shared(12, "B1-002")),
            Row(5, Shared(0, "x-02"), Shared(1, "'=Not a formula"), Shared(2, "第二"), Shared(3, "CHN"), Shared(4, "institution"), Shared(5, "sme")));

        var report = await expo.XlsxAsync(file);

        Assert.Empty(report.Errors);
        var org = await db.Organisations.Include(o => o.Products).SingleAsync(o => o.Key == "x-01", Ct);
        Assert.Equal(("Example XLSX", "示例表格", "DEU", true, false), (org.NameEn, org.NameZh, org.CountryIso3, org.IsFortuneGlobal500, org.IsIndustryLeader));
        Assert.Equal("0101", Assert.Single(org.Products).Hs);
        Assert.Equal("B1-002", (await db.Booths.SingleAsync(b => b.ExhibitorId != null, Ct)).Code);
        Assert.Equal("=Not a formula", (await db.Organisations.SingleAsync(o => o.Key == "x-02", Ct)).NameEn);
    }

    [Fact]
    public async Task Xlsx_formula_cells_and_formula_like_text_are_refused_with_their_row()
    {
        await using var expo = await ExpoAsync("sqlite");
        var db = expo.Db;
        var header = Header.Split(',');

        var file = Workbook(
            Row(1, header.Select((h, i) => Inline(i, h)).ToArray()),
            Row(2, Inline(0, "f-01"), Formula(1, "CONCAT(\"A\",\"B\")", "AB"), Inline(2, "公式"), Inline(3, "CHN"), Inline(4, "enterprise"), Inline(5, "sme")),
            Row(4, Inline(0, "f-02"), Inline(1, "@SUM(1)"), Inline(2, "文字"), Inline(3, "CHN"), Inline(4, "enterprise"), Inline(5, "sme"), Formula(15, "1+1", "2")));

        var report = await expo.XlsxAsync(file);

        Assert.Equal(
        [
            "2 name_en: the cell holds a formula; enter plain values only",
            "4 name_en: a value may not start with = + - @ (a spreadsheet would run it as a formula); if it is meant as text, put an apostrophe ' before it",
            "4 P: a value outside the template's columns",
        ], report.Errors.Select(e => $"{e.Line} {e.Column}: {e.Message}"));
        Assert.Equal(0, await db.Organisations.CountAsync(Ct));
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_refused()
    {
        await using var expo = await ExpoAsync("sqlite");
        var db = expo.Db;

        var report = await expo.XlsxAsync(Encoding.UTF8.GetBytes(GoodCsv));

        Assert.Equal((null, "the file is not an Excel workbook (.xlsx)"), (Assert.Single(report.Errors).Line, report.Errors[0].Message));
    }

    [Fact]
    public async Task An_xlsx_over_a_cap_stores_nothing_and_says_which_cap()
    {
        await using var expo = await ExpoAsync("sqlite");
        var import = new ExhibitorImport(expo.Db, new AuditLog(expo.Db, TimeProvider.System), TimeProvider.System, new XlsxLimits(MaxRows: 2));
        var good = UploadedCsv.Read(Encoding.UTF8.GetBytes(GoodCsv), "csv").Select(r => (IReadOnlyList<string>)[.. r.Cells.Select(c => c.Text)]).ToList();
        var file = XlsxTable.Write([new XlsxSheet("exhibitors", good)]);

        var report = (await import.ImportAsync(Organiser, expo.EditionId, file, ExhibitorFileFormat.Xlsx, Ct)).Value!;

        Assert.Equal((null, null, "the sheet has more than 2 rows"), (Assert.Single(report.Errors).Line, report.Errors[0].Column, report.Errors[0].Message));
        Assert.Equal(0, await expo.Db.Organisations.CountAsync(o => o.Key != null, Ct));
        Assert.Empty((await expo.XlsxAsync(file)).Errors);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_booth_is_never_given_twice_but_may_change_hands_within_one_file(string provider)
    {
        await using var expo = await ExpoAsync(provider);
        var db = expo.Db;
        await expo.CsvAsync(Header + "\nfirst,First,第一,CHN,enterprise,sme,no,no,,,,smart-vehicles,A1-001,\nsecond,Second,第二,CHN,enterprise,sme,no,no,,,,smart-vehicles,A1-002,\n");

        // Someone else's booth: refused, also when that exhibitor is in the file without a zone (it keeps its booths).
        var taken = await expo.CsvAsync(Header + "\nthird,Third,第三,CHN,enterprise,sme,no,no,,,,smart-vehicles,A1-001,\n");
        var kept = await expo.CsvAsync(Header + "\nfirst,First,第一,CHN,enterprise,sme,no,no,,,,,,\nthird,Third,第三,CHN,enterprise,sme,no,no,,,,smart-vehicles,A1-001,\n");
        Assert.Equal("booth A1-001 is already held by another exhibitor (First)", Assert.Single(taken.Errors).Message);
        Assert.Single(kept.Errors);
        Assert.Equal(2, await db.Organisations.CountAsync(Ct));

        // Two exhibitors swapping booths in one file is consistent, and done in one transaction.
        var swap = await expo.CsvAsync(Header + "\nfirst,First,第一,CHN,enterprise,sme,no,no,,,,smart-vehicles,A1-002,\nsecond,Second,第二,CHN,enterprise,sme,no,no,,,,smart-vehicles,A1-001;A1-003,\n");
        Assert.Empty(swap.Errors);
        var holders = await (from b in db.Booths join e in db.Exhibitors on b.ExhibitorId equals e.Id join o in db.Organisations on e.OrganisationId equals o.Id
                             orderby b.Code select b.Code + "=" + o.Key).ToListAsync(Ct);
        Assert.Equal(["A1-001=second", "A1-002=first", "A1-003=second"], holders);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_export_imports_again_unchanged_in_both_formats(string provider)
    {
        await using var expo = await ExpoAsync(provider);
        var db = expo.Db;
        Assert.Empty((await expo.CsvAsync(GoodCsv + "dash,'-Dash Works,'=示例,CHN,enterprise,sme,no,no,,,,services,,\n")).Errors);
        // An organisation made without a key (registered in the app) is exported under its id and found by it again.
        var keyless = new Organisation { Id = Guid.NewGuid(), NameEn = "Registered", NameZh = "注册", CountryIso3 = "CHN", CreatedAt = DateTimeOffset.UtcNow };
        db.Organisations.Add(keyless);
        db.Exhibitors.Add(new Exhibitor { Id = Guid.NewGuid(), EditionId = expo.EditionId, OrganisationId = keyless.Id, ZoneId = expo.AgricultureZone });
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();
        var before = await SnapshotAsync(db);

        var csv = (await expo.Import.ExportAsync(Organiser, expo.EditionId, ExhibitorFileFormat.Csv, Ct)).Value!;
        var xlsx = (await expo.Import.ExportAsync(Organiser, expo.EditionId, ExhibitorFileFormat.Xlsx, Ct)).Value!;

        Assert.Equal(("lianbo-exhibitors-2.csv", "lianbo-exhibitors-2.xlsx"), (csv.FileName, xlsx.FileName));
        Assert.True(csv.Content.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()));
        var lines = Encoding.UTF8.GetString(csv.Content[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Header, lines[0]);
        Assert.Equal("cells-01,Example Cells,示例电芯,CHN,enterprise,large,yes,yes,https://cells.example,8507;850760,smart-vehicles/traction-batteries-and-electric-drive,smart-vehicles,A1-001;A1-002,lithium-01;seeds-01", lines[1]);
        Assert.Contains("dash,'-Dash Works,'=示例,CHN,enterprise,sme,no,no,,,,services,,", lines);
        Assert.Equal("lithium-01,\"Example Lithium, Ltd\",示例锂业,AUS,enterprise,sme,no,no,,2530,smart-vehicles/battery-and-metal-minerals,,,", lines[^1]);
        Assert.Contains(keyless.Id.ToString("N") + ",Registered,注册,CHN,enterprise,sme,no,no,,,,green-agriculture,,", lines);

        var fromCsv = await expo.Import.ImportAsync(Organiser, expo.EditionId, csv.Content, ExhibitorFileFormat.Csv, Ct);
        db.ChangeTracker.Clear();
        var fromXlsx = await expo.Import.ImportAsync(Organiser, expo.EditionId, xlsx.Content, ExhibitorFileFormat.Xlsx, Ct);
        db.ChangeTracker.Clear();

        Assert.Empty(fromCsv.Value!.Errors);
        Assert.Empty(fromXlsx.Value!.Errors);
        Assert.Equal((0, 6, 5), (fromXlsx.Value.Created, fromXlsx.Value.Updated, fromXlsx.Value.Exhibitors));
        Assert.Equal(before, await SnapshotAsync(db));
        Assert.Equal(keyless.Id.ToString("N"), (await db.Organisations.SingleAsync(o => o.Id == keyless.Id, Ct)).Key);
    }

    private sealed record Snapshot(string Organisations, string Exhibitors, string Booths);

    private static async Task<Snapshot> SnapshotAsync(LianboDbContext db)
    {
        var orgs = await db.Organisations.Include(o => o.Products).Include(o => o.Stages).OrderBy(o => o.NameEn).ToListAsync(Ct);
        var exhibitors = await db.Exhibitors.Include(e => e.Partners).OrderBy(e => e.OrganisationId).ToListAsync(Ct);
        var booths = await db.Booths.OrderBy(b => b.Code).Select(b => b.Code + "=" + b.ExhibitorId).ToListAsync(Ct);
        return new Snapshot(
            string.Join("|", orgs.Select(o => $"{o.Id} {o.NameEn} {o.NameZh} {o.CountryIso3} {o.Type} {o.Size} {o.IsFortuneGlobal500} {o.IsIndustryLeader} {o.Website} "
                + string.Join(";", o.Products.Select(p => p.Hs).Order()) + " " + string.Join(";", o.Stages.Select(s => s.StageId).Order()))),
            string.Join("|", exhibitors.Select(e => $"{e.Id} {e.OrganisationId} {e.ZoneId} " + string.Join(";", e.Partners.Select(p => p.OrganisationId).Order()))),
            string.Join("|", booths));
    }

    [Fact]
    public async Task Only_organisers_import_and_export_and_an_unknown_edition_is_not_found()
    {
        await using var expo = await ExpoAsync("sqlite");
        var db = expo.Db;
        var participant = new Viewer("p", Guid.NewGuid(), true, new HashSet<string> { Roles.Participant });

        Assert.Equal(OutcomeKind.Forbidden, (await expo.Import.ImportAsync(participant, expo.EditionId, Encoding.UTF8.GetBytes(GoodCsv), ExhibitorFileFormat.Csv, Ct)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await expo.Import.ExportAsync(participant, expo.EditionId, ExhibitorFileFormat.Csv, Ct)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await expo.Import.ImportAsync(Organiser, Guid.NewGuid(), Encoding.UTF8.GetBytes(GoodCsv), ExhibitorFileFormat.Csv, Ct)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await expo.Import.ExportAsync(Organiser, Guid.NewGuid(), ExhibitorFileFormat.Xlsx, Ct)).Kind);
        Assert.Equal(0, await db.Organisations.CountAsync(Ct));
    }

    [Fact]
    public void The_template_has_the_columns_in_both_formats_and_documents_them_in_the_users_language()
    {
        var csv = ExhibitorTemplate.Empty(ExhibitorFileFormat.Csv);
        var xlsx = ExhibitorTemplate.Empty(ExhibitorFileFormat.Xlsx);

        Assert.Equal(Header + "\r\n", Encoding.UTF8.GetString(csv.Content[3..]));
        var sheet = XlsxTable.Read(xlsx.Content, "template");
        Assert.Equal(Header, string.Join(",", Assert.Single(sheet).Cells.Select(c => c.Text)));
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx.Content), false);
        Assert.Equal(["exhibitors", "columns"], document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!));

        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var columns = ExhibitorTemplate.Describe();
        Assert.Equal(ExhibitorTemplate.Columns, columns.Select(c => c.Name));
        Assert.Equal(["key", "name_en", "name_zh", "type", "size"], columns.Where(c => c.Required).Select(c => c.Name));
        Assert.StartsWith("ISO 3166-1 三位代码", columns.Single(c => c.Name == "country").Description, StringComparison.Ordinal);
    }

    // Builds a workbook cell by cell, in the forms Excel and other programs store them.
    private static byte[] Workbook(params Row[] rows)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            foreach (var cell in rows.SelectMany(r => r.Elements<Cell>()).Where(c => c.DataType?.Value == CellValues.SharedString))
            {
                // The text was parked in the cell value; the shared table gets it, the cell its index.
                strings.SharedStringTable.AppendChild(new SharedStringItem(new Text(cell.CellValue!.Text)));
                cell.CellValue = new CellValue((strings.SharedStringTable.ChildElements.Count - 1).ToString(CultureInfo.InvariantCulture));
            }

            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(rows));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Sheet1" }));
        }

        return buffer.ToArray();
    }

    private static Row Row(uint number, params Cell[] cells)
    {
        foreach (var cell in cells)
        {
            cell.CellReference = cell.CellReference!.Value + number;
        }

        return new Row(cells) { RowIndex = number };
    }

    private static Cell Shared(int column, string text) => new() { CellReference = XlsxTable.ColumnName(column), DataType = CellValues.SharedString, CellValue = new CellValue(text) };

    private static Cell Inline(int column, string text) =>
        new() { CellReference = XlsxTable.ColumnName(column), DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };

    private static Cell Number(int column, string value) => new() { CellReference = XlsxTable.ColumnName(column), CellValue = new CellValue(value) };

    private static Cell Bool(int column, bool value) => new() { CellReference = XlsxTable.ColumnName(column), DataType = CellValues.Boolean, CellValue = new CellValue(value ? "1" : "0") };

    private static Cell Formula(int column, string formula, string cached) =>
        new() { CellReference = XlsxTable.ColumnName(column), DataType = CellValues.String, CellFormula = new CellFormula(formula), CellValue = new CellValue(cached) };
}
