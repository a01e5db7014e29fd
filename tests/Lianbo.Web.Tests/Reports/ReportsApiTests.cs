using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Reports;
using Lianbo.Web.Platform;
using Lianbo.Web.Reports;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lianbo.Web.Tests.Reports;

/// <summary>
/// The annual report's job, API and pages over the real app and store, with whichever report builder the app
/// registers: the tests ask only what any builder must give (a build reaches Done, its file is HTML or PDF naming the
/// year, its progress never goes back).
/// </summary>
public class ReportsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Polls a build until it is done or failed, with every progress value seen on the way.</summary>
    internal static async Task<(JsonElement Build, List<int> Progress)> FinishedAsync(HttpClient client, string location)
    {
        List<int> seen = [];
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        patience.CancelAfter(TimeSpan.FromSeconds(120));
        while (true)
        {
            var build = await client.GetFromJsonAsync<JsonElement>(location, patience.Token);
            seen.Add(build.GetProperty("progress").GetInt32());
            if (build.GetProperty("status").GetString() is "Done" or "Failed")
            {
                return (build, seen);
            }

            await Task.Delay(100, patience.Token);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_analyst_builds_the_report_as_HTML_follows_it_downloads_it_and_removes_it(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var other = app.ClientFor(await app.CreateUserAsync(Roles.Analyst, null));
        var participant = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Report Readers Ltd"));

        var queued = await analyst.PostAsJsonAsync("/api/reports", new { year = 2024, lang = "zh", format = "html" }, Ct);
        var location = queued.Headers.Location!.OriginalString;
        var (build, progress) = await FinishedAsync(analyst, location);
        var file = await analyst.GetAsync(location + "/file", Ct);
        var html = await file.Content.ReadAsStringAsync(Ct);
        var list = await analyst.GetFromJsonAsync<JsonElement>("/api/reports", Ct);
        var byParticipant = await participant.GetAsync(location, Ct);
        var removedByOther = await other.DeleteAsync(location, Ct);
        var removed = await analyst.DeleteAsync(location, Ct);
        var gone = await analyst.GetAsync(location, Ct);

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Matches("^/api/reports/[0-9a-f-]{36}$", location);
        Assert.Equal("Done", build.GetProperty("status").GetString());
        Assert.Equal(100, build.GetProperty("progress").GetInt32());
        Assert.Equal(progress.Order(), progress);
        Assert.Equal("text/html", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("lianbo-report-2024-zh.html", file.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.StartsWith("<!doctype html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("2024", html, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(html), build.GetProperty("bytes").GetInt64());
        Assert.Equal(location[(location.LastIndexOf('/') + 1)..], list.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byParticipant.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, removedByOther.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    // Needs the real report builder and Chromium: the placeholder builder of the first commits makes no PDF, so this
    // test fails until the builder lands.
    [Fact]
    public async Task A_PDF_build_downloads_as_PDF_and_keeps_its_HTML_for_the_preview()
    {
        var chromium = Environment.GetEnvironmentVariable("LIANBO_TEST_BROWSER") ?? "/usr/bin/chromium";
        Assert.SkipUnless(File.Exists(chromium), $"PDF builds need Chromium at {chromium} (or LIANBO_TEST_BROWSER).");
        await using var app = await LianboApp.StartAsync(settings: new Dictionary<string, string> { ["Lianbo:Reports:Browser"] = chromium });
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));

        var queued = await organiser.PostAsJsonAsync("/api/reports", new { year = 2025, lang = "en", format = "pdf" }, Ct);
        var location = queued.Headers.Location!.OriginalString;
        var (build, _) = await FinishedAsync(organiser, location);
        var pdf = await organiser.GetAsync(location + "/file", Ct);
        var bytes = await pdf.Content.ReadAsByteArrayAsync(Ct);
        var html = await organiser.GetAsync(location + "/file?kind=html", Ct);

        Assert.True(build.GetProperty("status").GetString() == "Done", build.ToString());
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("lianbo-report-2025-en.pdf", pdf.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(bytes.LongLength, build.GetProperty("bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), build.GetProperty("sha256").GetString());
        Assert.Equal("lianbo-report-2025-en.html", html.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Contains("2025", await html.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_bad_build_request_names_each_field_in_the_callers_language_and_stores_nothing(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));

        var problems = new Dictionary<string, JsonElement>();
        foreach (var language in new[] { "en", "zh-CN" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(new { year = 1800, edition = 99, lang = "fr", format = "doc" }) };
            request.Headers.AcceptLanguage.ParseAdd(language);
            var response = await analyst.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            problems[language] = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        }

        var notANumber = await analyst.PostAsync("/api/reports", new StringContent("""{"year":"abc","lang":"en","format":"html"}""", Encoding.UTF8, "application/json"), Ct);
        var list = await analyst.GetFromJsonAsync<JsonElement>("/api/reports", Ct);

        foreach (var (language, problem) in problems)
        {
            var errors = problem.GetProperty("errors");
            Assert.Equal(["edition", "format", "lang", "year"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
            Assert.Contains("fr", errors.GetProperty("lang")[0].GetString(), StringComparison.Ordinal);
            var chinese = errors.GetProperty("year")[0].GetString()!.Any(c => c is >= '\u4e00' and <= '\u9fff');
            Assert.Equal(language == "zh-CN", chinese);
        }

        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.True((await notANumber.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("year", out _));
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task More_than_five_waiting_builds_are_refused_and_the_refused_one_is_not_stored()
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        // A job of its own that is never started, so that nothing takes builds off its queue.
        var jobs = new ReportJobs(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<IReportBuilder>(), NullLogger<ReportJobs>.Instance);
        await using var scope = app.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ReportStore>();
        var viewer = new Viewer(analyst.Id, null, false, new HashSet<string>(StringComparer.Ordinal) { Roles.Analyst });

        var invalid = await jobs.QueueAsync(store, viewer, 1800, null, "en", "html", Ct);
        List<Core.Outcome<BuiltReportDto>?> answers = [];
        for (var i = 0; i <= ReportJobs.MaxQueued; i++)
        {
            answers.Add(await jobs.QueueAsync(store, viewer, 2024, null, "en", "html", Ct));
        }

        Assert.False(invalid!.IsValid);
        Assert.All(answers.Take(ReportJobs.MaxQueued), a => Assert.True(a!.IsValid));
        Assert.Null(answers[^1]);
        Assert.Equal(ReportJobs.MaxQueued, (await store.ListAsync(1, 50, Ct)).Total);
    }

    [Fact]
    public async Task A_build_that_fails_keeps_its_error_and_the_app_keeps_serving()
    {
        // No browser at this path: a PDF build cannot print, whichever builder runs it.
        await using var app = await LianboApp.StartAsync(settings: new Dictionary<string, string> { ["Lianbo:Reports:Browser"] = "/nonexistent/chromium" });
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));

        var queued = await analyst.PostAsJsonAsync("/api/reports", new { year = 2024, lang = "en", format = "pdf" }, Ct);
        var (build, _) = await FinishedAsync(analyst, queued.Headers.Location!.OriginalString);
        var next = await analyst.PostAsJsonAsync("/api/reports", new { year = 2024, lang = "en", format = "html" }, Ct);
        var (nextBuild, _) = await FinishedAsync(analyst, next.Headers.Location!.OriginalString);

        Assert.Equal("Failed", build.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(build.GetProperty("error").GetString()));
        Assert.Equal("Done", nextBuild.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Builds_a_stopped_server_left_running_fail_when_the_app_starts_again(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var viewer = new Viewer(analyst.Id, null, false, new HashSet<string>(StringComparer.Ordinal) { Roles.Analyst });
        // Queued in the store only, and started, as a job that then stopped with its server would leave it.
        var id = await app.WithServicesAsync(async s =>
        {
            var store = s.GetRequiredService<ReportStore>();
            var queued = (await store.QueueAsync(viewer, 2024, null, "zh", "pdf", Ct)).Value!;
            await store.StartAsync(queued.Id, Ct);
            if (provider == DatabaseProvider.Postgres)
            {
                // Beside other web nodes a start fails only builds left long ago (the others may be a live node's).
                var old = DateTimeOffset.UtcNow - ReportStore.AbandonedAfter - TimeSpan.FromMinutes(1);
                await s.GetRequiredService<LianboDbContext>().BuiltReports.Where(r => r.Id == queued.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAt, old), Ct);
            }

            return queued.Id;
        });
        var before = await app.ClientFor(analyst).GetFromJsonAsync<JsonElement>($"/api/reports/{id}", Ct);

        await using var again = app.Restarted();
        var after = await again.ClientFor(analyst).GetFromJsonAsync<JsonElement>($"/api/reports/{id}", Ct);

        Assert.Equal("Running", before.GetProperty("status").GetString());
        Assert.Equal("Failed", after.GetProperty("status").GetString());
        Assert.Equal(ReportStore.InterruptedStep, after.GetProperty("stepKey").GetString());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Analysts_mark_runs_of_published_scenarios_for_a_years_report(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var owner = await app.CreateUserAsync(Roles.Analyst);
        var analyst = app.ClientFor(owner);
        var other = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var participant = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Mark Readers Ltd"));
        var preset = await RunAsync(analyst, "/api/scenarios/rare-earth-export-ban/run", null);
        (await analyst.PostAsJsonAsync("/api/scenarios", Scenarios.ScenariosApiTests.Body("report-private", "1"), Ct)).EnsureSuccessStatusCode();
        var mine = await RunAsync(analyst, "/api/scenarios/report-private/run", null);

        var marked = await analyst.PutAsync($"/api/reports/2025/scenarios/{preset}", null, Ct);
        var byParticipant = await participant.PutAsync($"/api/reports/2025/scenarios/{preset}", null, Ct);
        var unpublished = await analyst.PutAsync($"/api/reports/2025/scenarios/{mine}", null, Ct);
        var unseen = await other.PutAsync($"/api/reports/2025/scenarios/{mine}", null, Ct);
        var listed = await other.GetFromJsonAsync<JsonElement>("/api/reports/2025/scenarios", Ct);
        var otherYear = await other.GetFromJsonAsync<JsonElement>("/api/reports/2024/scenarios", Ct);
        var unmarked = await other.DeleteAsync($"/api/reports/2025/scenarios/{preset}", Ct);
        var afterwards = await analyst.GetFromJsonAsync<JsonElement>("/api/reports/2025/scenarios", Ct);

        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal(1, (await marked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("position").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, byParticipant.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unpublished.StatusCode);
        Assert.True((await unpublished.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("runId", out _));
        Assert.Equal(HttpStatusCode.NotFound, unseen.StatusCode);
        Assert.Equal([preset], listed.EnumerateArray().Select(m => m.GetProperty("runId").GetString()));
        Assert.Equal("rare-earth-export-ban", listed[0].GetProperty("scenarioId").GetString());
        Assert.Equal(0, otherYear.GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, unmarked.StatusCode);
        Assert.Equal(0, afterwards.GetArrayLength());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_preview_frames_the_report_under_its_own_policy_and_no_other_page_may_be_framed(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var queued = await app.ClientFor(analyst).PostAsJsonAsync("/api/reports", new { year = 2024, lang = "en", format = "html" }, Ct);
        var location = queued.Headers.Location!.OriginalString;
        await FinishedAsync(app.ClientFor(analyst), location);
        var id = location[(location.LastIndexOf('/') + 1)..];
        var browser = await EveryPageTests.SignedInAsync(app, analyst, "zh-CN");
        var participant = await EveryPageTests.SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Framed Ltd"), "en");

        var page = await browser.GetAsync($"/reports/{id}", Ct);
        var pageHtml = await page.Content.ReadAsStringAsync(Ct);
        var view = await browser.GetAsync($"/reports/{id}/view", Ct);
        var list = await browser.GetAsync("/reports", Ct);
        var listHtml = await list.Content.ReadAsStringAsync(Ct);
        var download = await browser.GetAsync($"/reports/{id}/file", Ct);
        var notTheirs = await participant.GetAsync($"/reports/{id}/view", Ct);
        var api = await app.ClientFor(analyst).GetAsync($"/api/reports/{id}/file", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<iframe sandbox src=\"/reports/{id}/view\"", pageHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal(Security.ReportViewPolicy, view.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("SAMEORIGIN", view.Headers.GetValues("X-Frame-Options").Single());
        Assert.StartsWith("<!doctype html", await view.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        Assert.Null(view.Content.Headers.ContentDisposition);
        foreach (var other in new[] { page, list, download, api })
        {
            Assert.Contains("frame-ancestors 'none'", other.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("DENY", other.Headers.GetValues("X-Frame-Options").Single());
        }

        Assert.Contains($"href=\"/reports/{id}/file\"", listHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", listHtml, StringComparison.Ordinal);
        Assert.Equal("lianbo-report-2024-en.html", download.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.NotEqual(HttpStatusCode.OK, notTheirs.StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task On_the_pages_an_analyst_marks_a_run_and_asks_for_a_build_with_each_mistake_named(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var user = await app.CreateUserAsync(Roles.Analyst);
        var browser = await EveryPageTests.SignedInAsync(app, user, "en");
        var participant = await EveryPageTests.SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Page Readers Ltd"), "en");
        var run = await RunAsync(app.ClientFor(user), "/api/scenarios/rare-earth-export-ban/run", null);
        var path = $"/scenarios/runs/{run}";

        var marked = await (await browser.PostFormAsync(path, "report-mark", ("MarkYear", "2025"), ("MarkCommand", "mark"))).HtmlAsync();
        var listed = await app.ClientFor(user).GetFromJsonAsync<JsonElement>("/api/reports/2025/scenarios", Ct);
        var unmarked = await (await browser.PostFormAsync(path, "report-mark", ("MarkCommand", "unmark:2025"))).HtmlAsync();
        var participantView = await participant.GetStringAsync(path, Ct);
        var refused = await (await browser.PostFormAsync("/reports", "report-build", ("Form.Year", "1800"), ("Form.Edition", ""), ("Form.Lang", "fr"), ("Form.Format", "html"))).HtmlAsync();
        var storedAfterRefusal = (await app.ClientFor(user).GetFromJsonAsync<JsonElement>("/api/reports", Ct)).GetProperty("total").GetInt32();
        var built = await browser.PostFormAsync("/reports", "report-build", ("Form.Year", "2024"), ("Form.Edition", ""), ("Form.Lang", "en"), ("Form.Format", "html"));
        var afterBuild = (await app.ClientFor(user).GetFromJsonAsync<JsonElement>("/api/reports", Ct)).GetProperty("items");

        Assert.Contains("Marked for the 2025 report.", marked, StringComparison.Ordinal);
        Assert.Contains("In the annual report of 2025.", marked, StringComparison.Ordinal);
        Assert.Equal(run, Assert.Single(listed.EnumerateArray()).GetProperty("runId").GetString());
        Assert.Contains("Removed from the 2025 report.", unmarked, StringComparison.Ordinal);
        Assert.DoesNotContain("In the annual report of", unmarked, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"report-mark\"", participantView, StringComparison.Ordinal);
        Assert.Contains("data-field=\"year\"", refused, StringComparison.Ordinal);
        Assert.Contains("data-field=\"lang\"", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("data-field=\"format\"", refused, StringComparison.Ordinal);
        Assert.Equal(0, storedAfterRefusal);
        Assert.Equal("/reports", built.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal((2024, "en", "html"), (afterBuild[0].GetProperty("year").GetInt32(), afterBuild[0].GetProperty("lang").GetString(), afterBuild[0].GetProperty("format").GetString()));
    }

    private static async Task<string> RunAsync(HttpClient client, string url, object? body)
    {
        var response = await client.PostAsJsonAsync(url, body, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
    }
}
