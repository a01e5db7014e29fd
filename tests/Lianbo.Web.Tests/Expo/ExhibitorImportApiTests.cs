using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
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
        Assert.Equal("the file is larger than 10 MB (10,485,760 bytes), the most this upload takes", (await tooLarge.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());

        var audit = await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().AuditEntries.Where(e => e.Action == "exhibitors.import").CountAsync());
        Assert.Equal(2, audit);
    }

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
