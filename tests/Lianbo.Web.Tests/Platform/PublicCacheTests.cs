using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Web.Platform;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Trade;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Platform;

/// <summary>
/// Public reads come from memory (the output cache marks a stored answer with an Age header), carry an ETag that turns a
/// repeated read into a 304, are compressed on request, are never shared with a signed-in caller, and are never stale
/// after a write: one test per kind of write (an edit through the API, a write committed in a transaction, a trade import,
/// an index build).
/// </summary>
public sealed class PublicCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_visitor_gets_the_stored_answer_with_an_etag_and_a_304_and_a_signed_in_caller_never_does(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var visitor = app.CreateClient();
        var member = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Cache Readers Ltd"));

        using var first = await visitor.GetAsync("/api/chains", Ct);
        using var second = await visitor.GetAsync("/api/chains", Ct);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/chains");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await visitor.SendAsync(conditional, Ct);
        using var compressedRequest = new HttpRequestMessage(HttpMethod.Get, "/api/chains");
        compressedRequest.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var compressed = await visitor.SendAsync(compressedRequest, Ct);
        await using var brotli = new BrotliStream(await compressed.Content.ReadAsStreamAsync(Ct), CompressionMode.Decompress);
        var unpacked = await new StreamReader(brotli).ReadToEndAsync(Ct);
        await member.GetAsync("/api/chains", Ct);
        using var signedIn = await member.GetAsync("/api/chains", Ct);

        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await second.Content.ReadAsStringAsync(Ct));
        Assert.True(first.Headers.ETag!.IsWeak);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal("public, no-cache", first.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("br", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), unpacked);
        Assert.Null(signedIn.Headers.Age);
        Assert.Null(signedIn.Headers.ETag);
        Assert.True(signedIn.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task The_edition_page_is_stored_per_language()
    {
        await using var app = await Expo.ExpoApiTests.StartWithDemoAsync();
        var visitor = app.CreateClient();

        var english = await PageAsync(visitor, "en");
        var chinese = await PageAsync(visitor, "zh-CN");
        var englishAgain = await PageAsync(visitor, "en");

        Assert.Contains("lang=\"en\"", english.Body, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-CN\"", chinese.Body, StringComparison.Ordinal);
        Assert.Null(chinese.Age);
        Assert.NotNull(englishAgain.Age);
        Assert.Equal(english.Body, englishAgain.Body);
        // A visitor's page carries no per-visitor token, so it can be shared; the language switch still posts.
        Assert.DoesNotContain("__RequestVerificationToken", english.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_edit_through_the_api_is_in_the_next_public_read(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var admin = await app.CreateUserAsync(Roles.Participant, "Before Edit Ltd", isPublic: true);
        var visitor = app.CreateClient();
        var url = $"/api/organisations/{admin.OrganisationId}";

        var before = await NameAsync(visitor, url);
        var stored = await visitor.GetAsync(url, Ct);
        var edited = await app.ClientFor(admin).PutAsJsonAsync(url, new OrganisationUpdate("After Edit Ltd", "编辑后公司", "CHN", OrganisationType.Enterprise, null, true, null, null, null), Ct);
        var after = await NameAsync(visitor, url);
        var listed = await visitor.GetFromJsonAsync<JsonElement>("/api/organisations?pageSize=200", Ct);

        Assert.Equal("Before Edit Ltd", before);
        Assert.NotNull(stored.Headers.Age);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("After Edit Ltd", after);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), o => o.GetProperty("nameEn").GetString() == "After Edit Ltd");
    }

    [Fact]
    public async Task An_edit_on_one_web_node_is_in_the_next_public_reads_of_another_on_the_same_PostgreSQL()
    {
        await using var first = await LianboApp.StartAsync(DatabaseProvider.Postgres);
        await using var second = first.Restarted();
        var admin = await first.CreateUserAsync(Roles.Participant, "Before Edit Ltd", isPublic: true);
        var visitor = second.CreateClient();
        var url = $"/api/organisations/{admin.OrganisationId}";
        // From here on a write on the first node reaches the second (its listening is set up in the background).
        await second.Services.GetRequiredService<ClusterWrites>().Listening.WaitAsync(TimeSpan.FromMinutes(1), Ct);

        var before = await NameAsync(visitor, url);
        var stored = await visitor.GetAsync(url, Ct);
        var edited = await first.ClientFor(admin).PutAsJsonAsync(url, new OrganisationUpdate("After Edit Ltd", "编辑后公司", "CHN", OrganisationType.Enterprise, null, true, null, null, null), Ct);
        // The notice travels through PostgreSQL after the commit: read again until it has come, for up to half a minute
        // (the second node would otherwise keep its stored answer for an hour). A bound for a broken build, not a speed.
        var after = await NameAsync(visitor, url);
        for (var tries = 0; after != "After Edit Ltd" && tries < 600; tries++)
        {
            await Task.Delay(50, Ct);
            after = await NameAsync(visitor, url);
        }

        Assert.Equal("Before Edit Ltd", before);
        Assert.NotNull(stored.Headers.Age);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("After Edit Ltd", after);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_write_committed_in_a_transaction_drops_the_stored_answers_at_the_commit(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var admin = await app.CreateUserAsync(Roles.Participant, "Before Commit Ltd", isPublic: true);
        var visitor = app.CreateClient();
        var url = $"/api/organisations/{admin.OrganisationId}";
        await visitor.GetAsync(url, Ct);

        string? during;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await db.Organisations.Where(o => o.Id == admin.OrganisationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.NameEn, "After Commit Ltd"), Ct);
            during = await NameAsync(visitor, url);
            await transaction.CommitAsync(Ct);
        }

        var after = await NameAsync(visitor, url);

        Assert.Equal("Before Commit Ltd", during);
        Assert.Equal("After Commit Ltd", after);
    }

    [Fact]
    public async Task A_trade_import_and_an_index_build_are_in_the_next_public_read()
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var visitor = app.CreateClient();

        var yearsBefore = await visitor.GetStringAsync("/api/trade/years", Ct);
        var indicesBefore = await visitor.GetStringAsync("/api/indices", Ct);
        await visitor.GetStringAsync("/api/trade/years", Ct);
        await TradeSamples.ImportBaci2021Async(app, Ct);
        var yearsAfter = await visitor.GetFromJsonAsync<JsonElement>("/api/trade/years", Ct);
        (await analyst.PostAsync("/api/indices/build?index=connectivity&draws=10&seed=1", null, Ct)).EnsureSuccessStatusCode();
        var indicesAfter = await visitor.GetFromJsonAsync<JsonElement>("/api/indices", Ct);

        Assert.DoesNotContain("2021", yearsBefore, StringComparison.Ordinal);
        Assert.Equal("[]", indicesBefore);
        Assert.Contains(yearsAfter.EnumerateArray(), y => y.GetProperty("year").GetInt32() == 2021);
        Assert.Contains(indicesAfter.EnumerateArray(), i => i.GetProperty("id").GetString() == "connectivity");
    }

    [Theory]
    [InlineData("""INSERT INTO "Organisations" ("Id", "NameEn") VALUES (@p0, @p1) RETURNING "CreatedAt";""", true)]
    [InlineData("""UPDATE "Exhibitors" AS e SET "BoothId" = @p WHERE e."Id" = @id""", true)]
    [InlineData("""DELETE FROM "Zones" AS z WHERE z."EditionId" = @p""", true)]
    [InlineData("""UPDATE "ApiTokens" SET "LastUsedAt" = @p0 WHERE "Id" = @p1;""", false)]
    [InlineData("""INSERT INTO "AuditEntries" ("At") VALUES (@p0); INSERT INTO "MeetingRequests" ("Id") VALUES (@p1);""", false)]
    [InlineData("""INSERT INTO "AuditEntries" ("At") VALUES (@p0); UPDATE "Chains" SET "NameEn" = @p1;""", true)]
    [InlineData("""SELECT m."Id" FROM "MeetingRequests" AS m WHERE m."Status" = 0 FOR UPDATE""", false)]
    [InlineData("""INSERT INTO "SlotHolds" ("Id") VALUES (@p0) ON CONFLICT DO UPDATE SET "At" = excluded."At";""", false)]
    public void A_statement_writes_public_data_when_it_writes_a_table_a_public_read_reads(string sql, bool writes) =>
        Assert.Equal(writes, PublicCacheInvalidation.WritesPublicData(TableWrites.Written(sql)));

    private static async Task<string?> NameAsync(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonElement>(url, Ct)).GetProperty("nameEn").GetString();

    private static async Task<(string Body, TimeSpan? Age)> PageAsync(HttpClient client, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/expo/2");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        using var response = await client.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync(Ct), response.Headers.Age);
    }
}
