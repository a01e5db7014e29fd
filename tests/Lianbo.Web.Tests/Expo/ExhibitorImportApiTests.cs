using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Files;
using Lianbo.Core.Tests;
using Lianbo.Core.Tests.Expo;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Expo;

/// <summary>The exhibitor import, export and template over HTTP: the API with tokens, the import page with the cookie.</summary>
public class ExhibitorImportApiTests
{
    private static readonly string Header = string.Join(",", ExhibitorTemplate.Columns);

    private static readonly string Good = Header + "\n"
        + "cells-01,Example Cells,示例电芯,CHN,enterprise,large,yes,yes,,850760,smart-vehicles/traction-batteries-and-electric-drive,smart-vehicles,A1-001,lithium-01\n"
        + "lithium-01,Example Lithium,示例锂业,AUS,enterprise,sme,no,no,,,,,,\n";

    private static readonly string Bad = Header + "\n"
        + "bad-01,Bad Country,坏国家,XXX,enterprise,sme,no,no,,,,smart-vehicles,A1-001;B1-001,\n"
        + "bad-02,=1+1,公式,CHN,enterprise,sme,no,no,,,,,,\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Guid> EditionAsync(LianboApp app) => await app.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<LianboDbContext>();
        var edition = TestEditions.Small();
        db.Editions.Add(edition);
        await db.SaveChangesAsync();
        return edition.Id;
    });

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Organisers_import_export_and_download_the_template_and_a_bad_file_gets_problem_details_by_line_and_column(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var edition = await EditionAsync(app);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));

        var refused = await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format=csv", Csv(Bad), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("3 problem(s) in the file; nothing was stored", problem.GetProperty("detail").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal("\"XXX\" is not an ISO 3166-1 alpha-3 code of the country list", errors.GetProperty("line 2, country")[0].GetString());
        Assert.Equal("booth B1-001 is in zone green-agriculture, not in the exhibitor's zone smart-vehicles", errors.GetProperty("line 2, booths")[0].GetString());
        Assert.StartsWith("a value may not start with = + - @", errors.GetProperty("line 3, name_en")[0].GetString(), StringComparison.Ordinal);
        var first = problem.GetProperty("report").GetProperty("errors")[0];
        Assert.Equal((2, "country"), (first.GetProperty("line").GetInt32(), first.GetProperty("column").GetString()));
        Assert.Equal(0, await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().Organisations.CountAsync(o => o.Key != null)));

        var imported = await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format=csv", Csv(Good), Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var report = await imported.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((2, 0, 1, 1, 1), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(),
            report.GetProperty("exhibitors").GetInt32(), report.GetProperty("booths").GetInt32(), report.GetProperty("partners").GetInt32()));

        var csv = await organiser.GetAsync($"/api/editions/{edition}/exhibitors/export?format=csv", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lianbo-exhibitors-2.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var bytes = await csv.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "Excel needs the BOM to read Chinese");
        Assert.Contains("cells-01,Example Cells,示例电芯,CHN,enterprise,large,yes,yes,,850760", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        // The XLSX export imported back: every organisation updated, none added.
        var xlsx = await organiser.GetByteArrayAsync($"/api/editions/{edition}/exhibitors/export?format=xlsx", Ct);
        var again = await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format=xlsx", new ByteArrayContent(xlsx), Ct);
        var againReport = await again.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((0, 2), (againReport.GetProperty("created").GetInt32(), againReport.GetProperty("updated").GetInt32()));

        var template = await organiser.GetAsync("/api/exhibitor-template?format=csv", Ct);
        Assert.Equal(Header, Encoding.UTF8.GetString((await template.Content.ReadAsByteArrayAsync(Ct))[3..]).TrimEnd());
        var xlsxTemplate = await organiser.GetAsync("/api/exhibitor-template?format=XLSX", Ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxTemplate.Content.Headers.ContentType?.MediaType);

        var unknownFormat = await organiser.GetAsync($"/api/editions/{edition}/exhibitors/export?format=ods", Ct);
        Assert.Equal("\"ods\" is not a file format; use csv or xlsx", (await unknownFormat.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("format")[0].GetString());
        var unknownEdition = await organiser.PostAsync($"/api/editions/{Guid.NewGuid()}/exhibitors/import?format=csv", Csv(Good), Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknownEdition.StatusCode);
        Assert.Equal("No such edition", (await unknownEdition.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        var tooLarge = await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format=csv", new ByteArrayContent(new byte[new Web.Platform.UploadOptions().TableBytes + 1]), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("the file is larger than 10 MiB (10,485,760 bytes), the most this upload takes", (await tooLarge.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());

        var audit = await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().AuditEntries.Where(e => e.Action == "exhibitors.import").CountAsync());
        Assert.Equal(2, audit);
    }

    // The standing corpus of malformed files: each is refused with a 400 whose report names the line (and the column where
    // the fault is in one), and leaves the store row for row as it was. Line null: the file as a whole (not a workbook).
    private static readonly (string Name, ExhibitorFileFormat Format, Func<byte[]> File, int? Line, string? Column)[] Malformed =
    [
        ("wrong header", ExhibitorFileFormat.Csv, () => Utf8(Header.Replace("name_en", "name_english", StringComparison.Ordinal) + "\n" + Row()), 1, "name_english"),
        ("missing required column", ExhibitorFileFormat.Csv, () => Utf8(Header.Replace(",size", "", StringComparison.Ordinal) + "\nm-01,Missing,缺列,CHN,enterprise,no,no,,,,,,\n"), 1, "size"),
        ("bad country", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row(country: "XXX")), 2, "country"),
        ("numeric country", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row(country: "156")), 2, "country"),
        ("bad type", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row(type: "company")), 2, "type"),
        ("bad size", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row(size: "huge")), 2, "size"),
        ("bad yes/no", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row().Replace(",no,no,", ",maybe,no,", StringComparison.Ordinal)), 2, "fortune_global_500"),
        ("missing required value", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row(nameZh: "")), 2, "name_zh"),
        ("duplicate key", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row() + Row()), 3, "key"),
        ("formula", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row(nameEn: "=1+1")), 2, "name_en"),
        ("formula after a space", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row(nameEn: " @SUM(A1)")), 2, "name_en"),
        ("unknown booth", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row(zone: "smart-vehicles", booths: "Z9-999")), 2, "booths"),
        ("too few values", ExhibitorFileFormat.Csv, () => Utf8(Header + "\nshort,Too Few,太少,CHN\n"), 2, null),
        ("unclosed quote", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row(nameEn: "\"Broken \"quote\"")), 2, null),
        ("semicolons", ExhibitorFileFormat.Csv, () => Utf8(Header.Replace(',', ';') + "\n"), 1, Header.Replace(',', ';')),
        ("not UTF-8 (GB18030)", ExhibitorFileFormat.Csv, () => Gb18030(Header + "\n" + Row()), 2, null),
        ("UTF-16", ExhibitorFileFormat.Csv, () => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Header + "\n" + Row())], 1, null),
        ("NUL in a cell", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n" + Row(nameEn: "Nul\0Name")), 2, "name_en"),
        ("empty", ExhibitorFileFormat.Csv, () => [], 1, null),
        ("blank lines", ExhibitorFileFormat.Csv, () => Utf8("\n\n"), 1, null),
        ("header only", ExhibitorFileFormat.Csv, () => Utf8(Header + "\n"), 2, null),
        ("xlsx wrong header", ExhibitorFileFormat.Xlsx, () => Sheet(Header.Replace("name_en", "name_english", StringComparison.Ordinal), Row()), 1, "name_english"),
        ("xlsx missing required column", ExhibitorFileFormat.Xlsx, () => Sheet(Header.Replace(",size", "", StringComparison.Ordinal), "m-01,Missing,缺列,CHN,enterprise,no,no,,,,,,"), 1, "size"),
        ("xlsx bad country", ExhibitorFileFormat.Xlsx, () => Sheet(Header, Row(country: "XXX")), 2, "country"),
        ("xlsx bad type", ExhibitorFileFormat.Xlsx, () => Sheet(Header, Row(type: "company")), 2, "type"),
        ("xlsx duplicate key", ExhibitorFileFormat.Xlsx, () => Sheet(Header, Row(), Row()), 3, "key"),
        ("xlsx formula", ExhibitorFileFormat.Xlsx, () => Sheet(Header, Row(nameEn: "=HYPERLINK(\"\"http://evil\"\")")), 2, "name_en"),
        ("xlsx empty sheet", ExhibitorFileFormat.Xlsx, () => Sheet(), 1, null),
        ("xlsx header only", ExhibitorFileFormat.Xlsx, () => Sheet(Header), 2, null),
        ("xlsx not a workbook", ExhibitorFileFormat.Xlsx, () => Utf8(Header + "\n" + Row()), null, null),
    ];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_malformed_file_of_the_corpus_is_a_400_naming_line_and_column_and_the_store_is_unchanged(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var edition = await EditionAsync(app);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        // One good import first, so that "unchanged" covers organisations, exhibitors and booths too.
        Assert.Equal(HttpStatusCode.OK, (await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format=csv", Csv(Good), Ct)).StatusCode);

        var failures = new List<string>();
        foreach (var (name, format, file, line, column) in Malformed)
        {
            var before = await FingerprintAsync(app);
            var response = await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format={format.ToString().ToLowerInvariant()}", new ByteArrayContent(file()), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            var errors = response.StatusCode == HttpStatusCode.BadRequest && JsonDocument.Parse(body).RootElement.TryGetProperty("report", out var report)
                ? report.GetProperty("errors").EnumerateArray()
                    .Select(e => (Line: e.GetProperty("line").ValueKind == JsonValueKind.Number ? e.GetProperty("line").GetInt32() : (int?)null,
                        Column: e.GetProperty("column").GetString())).ToList()
                : [];
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{name}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
            }
            else if (!errors.Contains((line, column)))
            {
                failures.Add($"{name}: no error at line {line}, column {column}: {string.Join("; ", errors)}");
            }

            if (Changed(before, await FingerprintAsync(app)) is { Count: > 0 } changed)
            {
                failures.Add($"{name}: the store changed: {string.Join(", ", changed)}");
            }
        }

        Assert.Empty(failures);
    }

    // 60,000 organisations, every one an exhibitor in the smart-vehicles zone, every tenth bringing the next as a partner:
    // more keys than SQLite takes as parameters of one statement (32,766). As XLSX the same rows pass the sheet's row cap
    // (Lianbo:Uploads:SheetRows, 50,000 by default), which refuses them cleanly.
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_file_of_60000_rows_is_imported_in_one_transaction_and_as_xlsx_meets_the_row_cap(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var edition = await EditionAsync(app);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        // Not a limit on the import's speed (that is measured in bench/): beside the other test projects on two cores, the
        // request can outlast HttpClient's default 100 s.
        organiser.Timeout = TimeSpan.FromMinutes(10);
        var rows = Enumerable.Range(1, 60_000).Select(i => Row(key: $"org-{i:00000}", nameEn: $"Organisation {i}", nameZh: $"机构{i}",
            country: (i % 3) switch { 0 => "CHN", 1 => "DEU", _ => "BRA" }, zone: "smart-vehicles", products: i % 7 == 0 ? "850760" : "",
            partners: i % 10 == 0 && i < 60_000 ? $"org-{i + 1:00000}" : "")).ToList();
        var csv = Utf8(Header + "\n" + string.Concat(rows));
        Assert.InRange(csv.Length, 1, new Web.Platform.UploadOptions().TableBytes);
        var before = await FingerprintAsync(app);

        var xlsx = await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format=xlsx",
            new ByteArrayContent(XlsxTable.Write([new XlsxSheet("exhibitors", [Header.Split(','), .. rows.Select(r => r.TrimEnd('\n').Split(','))])])), Ct);
        var afterXlsx = await FingerprintAsync(app);
        var imported = await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format=csv", new ByteArrayContent(csv), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, xlsx.StatusCode);
        Assert.Contains("the sheet has more than 50,000 rows", await xlsx.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(Changed(before, afterXlsx));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var report = await imported.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((60_000, 0, 60_000, 5_999), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(),
            report.GetProperty("exhibitors").GetInt32(), report.GetProperty("partners").GetInt32()));
        Assert.Equal(60_000, await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().Exhibitors.CountAsync()));
        // The export reads them all back (one line each, after the header).
        var export = await organiser.GetStringAsync($"/api/editions/{edition}/exhibitors/export?format=csv", Ct);
        Assert.Equal(60_001, export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static string Row(string key = "c-01", string nameEn = "Corpus Cells", string nameZh = "语料电芯", string country = "CHN", string type = "enterprise",
        string size = "sme", string products = "", string zone = "", string booths = "", string partners = "") =>
        $"{key},{nameEn},{nameZh},{country},{type},{size},no,no,,{products},,{zone},{booths},{partners}\n";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Gb18030(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030").GetBytes(text);
    }

    // A workbook of text cells, one line of comma-separated values per row.
    private static byte[] Sheet(params string[] lines) =>
        XlsxTable.Write([new XlsxSheet("exhibitors", [.. lines.Select(l => (IReadOnlyList<string>)l.TrimEnd('\n').Split(','))])]);

    private static List<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        [.. after.Where(t => before.GetValueOrDefault(t.Key) != t.Value).Select(t => $"{t.Key} ({before.GetValueOrDefault(t.Key)} → {t.Value})")];

    // Every table but the one where a token records its last use, which each request updates.
    private static Task<IReadOnlyDictionary<string, string>> FingerprintAsync(LianboApp app) =>
        app.WithServicesAsync(s => StoreFingerprint.OfAsync(s.GetRequiredService<LianboDbContext>(), ["ApiTokens"], Ct));

    [Fact]
    public async Task Participants_analysts_and_read_only_tokens_are_refused_with_problem_details()
    {
        await using var app = await LianboApp.StartAsync();
        var edition = await EditionAsync(app);
        var participant = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Alpha Cells"));
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var reader = app.ClientFor(await app.CreateUserAsync(Roles.Organiser, scope: TokenScope.Read));

        foreach (var client in new[] { participant, analyst, reader })
        {
            var response = await client.PostAsync($"/api/editions/{edition}/exhibitors/import?format=csv", Csv(Good), Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await participant.GetAsync($"/api/editions/{edition}/exhibitors/export?format=csv", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/editions/{edition}/exhibitors/export?format=csv", Ct)).StatusCode);
        Assert.Equal(0, await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().Exhibitors.CountAsync()));
    }

    [Fact]
    public async Task The_import_page_lists_every_error_of_an_uploaded_file_and_the_counts_of_a_good_one_in_the_page_language()
    {
        await using var app = await LianboApp.StartAsync();
        await EditionAsync(app);
        var user = await app.CreateUserAsync(Roles.Organiser);
        var organiser = await AccountPagesTests.SignedInAsync(app, user);

        var page = await (await organiser.GetAsync("/expo/2/import", Ct)).HtmlAsync();
        Assert.Contains("href=\"/expo/exhibitor-template.xlsx\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/expo/2/exhibitors.csv\"", page, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", page, StringComparison.Ordinal);
        Assert.Contains("<code>partners</code>", page, StringComparison.Ordinal);
        Assert.Contains("<code>green-agriculture</code>", page, StringComparison.Ordinal);

        var refused = await (await organiser.PostFileAsync("/expo/2/import", "import", "file", "exhibitors.csv", Encoding.UTF8.GetBytes(Bad))).HtmlAsync();
        Assert.Contains("id=\"import-refused\"", refused, StringComparison.Ordinal);
        Assert.Contains("<tr><td>2</td><td><code>country</code></td><td>\"XXX\" is not an ISO 3166-1 alpha-3 code of the country list</td></tr>", refused, StringComparison.Ordinal);
        Assert.Contains("<tr><td>3</td><td><code>name_en</code></td>", refused, StringComparison.Ordinal);

        var stored = await (await organiser.PostFileAsync("/expo/2/import", "import", "file", "exhibitors.csv", Encoding.UTF8.GetBytes(Good))).HtmlAsync();
        Assert.Contains("2 organisations created, 0 updated; 1 exhibitors, 1 booths assigned, 1 partner links.", stored, StringComparison.Ordinal);

        var xlsx = await organiser.GetAsync("/expo/2/exhibitors.xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var again = await (await organiser.PostFileAsync("/expo/2/import", "import", "file", "lianbo-exhibitors-2.xlsx", await xlsx.Content.ReadAsByteArrayAsync(Ct))).HtmlAsync();
        Assert.Contains("0 organisations created, 2 updated", again, StringComparison.Ordinal);
        var wrongKind = await (await organiser.PostFileAsync("/expo/2/import", "import", "file", "exhibitors.ods", [1, 2, 3])).HtmlAsync();
        Assert.Contains("choose a CSV or XLSX file", wrongKind, StringComparison.Ordinal);

        var chinese = AccountPagesTests.Browser(app, "zh-CN");
        await chinese.SignInAsync(user.Email, "correct horse battery staple");
        var zh = await (await chinese.GetAsync("/expo/2/import", Ct)).HtmlAsync();
        Assert.Contains("<h1>导入参展商 <span class=\"other\">第二届链博会</span></h1>", zh, StringComparison.Ordinal);
        Assert.Contains("ISO 3166-1 三位代码", zh, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.GetAsync("/expo/9/import", Ct)).StatusCode);
        Assert.Equal("text/csv", (await organiser.GetAsync("/expo/exhibitor-template.csv", Ct)).Content.Headers.ContentType?.MediaType);

        var participant = await AccountPagesTests.SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Beta Motors"));
        foreach (var path in new[] { "/expo/2/import", "/expo/2/exhibitors.csv", "/expo/exhibitor-template.xlsx" })
        {
            var response = await participant.GetAsync(path, Ct);
            Assert.Equal("/account/denied", response.Headers.Location?.AbsolutePath);
        }
    }
}
