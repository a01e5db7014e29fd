using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Web.Accounts;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Expo;
using Lianbo.Web.Tests.Trade;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Fixture = Lianbo.Web.Tests.Accounts.AuthorizationMatrixTests.Fixture;

namespace Lianbo.Web.Tests.Platform;

/// <summary>
/// A bad value in every parameter of every API endpoint and every page, one parameter at a time, from the most
/// privileged caller the endpoint admits and from an anonymous one: never a server error, never a stack trace or a
/// server path, and every refusal of the API a ProblemDetails body. The parameters come from the running app (the API
/// descriptions behind the OpenAPI document; the pages' route templates and query properties), so a parameter added
/// later is probed without a change here.
/// </summary>
public partial class BadParameterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Long = new('x', 10_000);

    // As they appear in an address: percent-encoded where a browser would encode them.
    private static readonly string[] AllValues =
    [
        "abc", "-1", "0", "2147483647", "2147483648", "1e400", "", Long, "%00", "%0a", "%1b", ".", "..", "%2e%2e%2f",
        "NoSuchValue", "00000000-0000-0000-0000-00000000000g", "2024-13-45T25%3A61",
    ];

    // PostgreSQL gets the same requests through other SQL: there, the values most likely to reach the store.
    private static readonly string[] SomeValues = ["abc", "2147483648", Long, "%00", ".."];

    // Where the authorization matrix aims at a refusal or at an empty store (so that only the callers differ), the
    // probe starts from a request that gets as far as the store.
    private static readonly Dictionary<string, Func<Fixture, string>> ValidUrls = new(StringComparer.Ordinal)
    {
        ["GET /api/trade/{year:int}/metrics"] = _ => "/api/trade/2021/metrics?product=85&metric=pagerank",
        ["GET /api/trade/{year:int}/countries/{code}"] = _ => "/api/trade/2021/countries/ZAF?top=5",
        ["GET /api/trade/{year:int}/products/{hs}"] = _ => "/api/trade/2021/products/8507?top=5",
        ["GET /api/trade/{year:int}/dependencies"] = _ => "/api/trade/2021/dependencies?importer=ZAF&level=4&bloc=EU27&all=true",
        ["GET /api/trade/{year:int}/substitutes"] = _ => "/api/trade/2021/substitutes?importer=AFG&product=0901&limit=5",
        ["POST /api/trade/imports"] = _ => "/api/trade/imports?kind=csv&fileName=trade.csv&year=2019",
        ["POST /api/indices/indicators"] = _ => "/api/indices/indicators?fileName=indicators.csv",
        ["POST /api/editions/{id:guid}/exhibitors/import"] = f => $"/api/editions/{f.Expo.Edition}/exhibitors/import?format=csv",
        ["GET /api/editions/{id:guid}/exhibitors/export"] = f => $"/api/editions/{f.Expo.Edition}/exhibitors/export?format=csv",
        ["GET /api/io/{source}/{release}/{year:int}/sectors"] = _ => "/api/io/WIOD/2013/2011/sectors",
        ["GET /api/io/{source}/{release}/{year:int}/violations"] = _ => "/api/io/WIOD/2013/2011/violations",
        ["GET /api/io/{source}/{release}/{year:int}/countries/{country}"] = _ => "/api/io/WIOD/2013/2011/countries/CHN",
        ["GET /api/io/{source}/{release}/{year:int}/countries/{country}/industries/{sector}"] = _ => "/api/io/WIOD/2013/2011/countries/CHN/industries/c14?top=5",
        ["GET /api/io/{source}/{release}/{year:int}/industries/{sector}"] = _ => "/api/io/WIOD/2013/2011/industries/c14",
        ["GET /api/io/{source}/{release}/{year:int}/cascade"] = _ => "/api/io/WIOD/2013/2011/cascade?country=CHN&sector=c14&share=0.5&model=inoperability&days=60",
        ["POST /api/io/imports"] = _ => "/api/io/imports?format=icio&fileName=2018.csv&year=2018",
    };

    // Files for the endpoints that take one as their body (the matrix sends none).
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["POST /api/trade/imports"] = "year,exporter,importer,product,value\n2019,CHN,USA,850760,12.5\n",
        ["POST /api/indices/indicators"] = "country,year,indicator,value,source\nCHN,2021,lpi,3.7,World Bank\n",
        ["POST /api/io/imports"] = ",AUS_A01_02,CHN_A01_02,AUS_HFCE,CHN_HFCE,OUT\nAUS_A01_02,10,5,80,5,100\nCHN_A01_02,5,20,5,170,200\nTLS,1,1,,,\nVA,84,174,,,\nOUT,100,200,,,\n",
        ["POST /api/editions/{id:guid}/exhibitors/import"] = "",
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_bad_value_in_any_API_parameter_or_body_is_a_problem_never_a_server_error(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var full = provider == "sqlite";
        await TradeSamples.ImportBaci2021Async(app, Ct);
        // The input–output tables live in the trade store (DuckDB) whatever the platform store: loaded for one provider.
        if (provider == "sqlite")
        {
            await app.Services.GetRequiredService<Lianbo.Web.InputOutput.IoService>().LoadShippedAsync(2011, Ct);
        }
        var f = await AuthorizationMatrixTests.CreateFixtureAsync(app);
        var json = app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var descriptions = app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(g => g.Items)
            .ToDictionary(d => $"{d.HttpMethod} /{d.RelativePath?.TrimEnd('/')}", StringComparer.Ordinal);
        Assert.Empty(descriptions.Keys.Except(AuthorizationMatrixTests.Rules.Keys));

        var failures = new List<string>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        foreach (var (endpoint, rule) in AuthorizationMatrixTests.Rules.OrderBy(r => r.Key.StartsWith("DELETE", StringComparison.Ordinal) ? 1 : 0).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            var method = endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)];
            var template = endpoint[(method.Length + 1)..];
            var url = ValidUrls.TryGetValue(endpoint, out var valid) ? valid(f) : rule.Url?.Invoke(f) ?? template;
            var description = descriptions.GetValueOrDefault(endpoint);
            var query = description?.ParameterDescriptions.Where(p => p.Source == BindingSource.Query).Select(p => p.Name) ?? [];
            var probes = AddressProbes(template, url, query, full ? AllValues : SomeValues).Select(u => new Probe(method, u, null, null, "address"));
            byte[]? file = Files.TryGetValue(endpoint, out var text) ? Encoding.UTF8.GetBytes(text) : null;
            var bodyType = description?.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
            if (rule.Body is not null || description?.ParameterDescriptions.Any(p => p.Source == BindingSource.Body) == true)
            {
                var body = rule.Body is null ? new JsonObject() : JsonSerializer.SerializeToNode(rule.Body(f), json)!;
                probes = probes.Concat(BodyProbes(body, bodyType, json, full).Select(b => new Probe(method, url, b.Body, b.ContentType, b.What)));
            }

            var callers = new[] { MostPrivileged(rule, f), null }.Distinct().ToList();
            var sends = probes.SelectMany(probe => callers.Select(caller => (probe, caller))).ToList();
            sent += sends.Count;
            // Reads go four at a time (most of this test's time is waiting for answers); writes one by one, in order.
            await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = method == "GET" ? 4 : 1, CancellationToken = Ct }, async (send, ct) =>
            {
                var (probe, caller) = send;
                using var request = probe.ToRequest(file);
                if (caller is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Token);
                }

                using var response = await app.CreateClient().SendAsync(request, ct);
                if (await ProblemAsync(response, api: true, app.ServerErrors) is { } problem)
                {
                    lock (failures)
                    {
                        failures.Add($"{endpoint} {probe} as {(caller is null ? "anonymous" : caller.Email)}: {problem}");
                    }
                }
            });
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{provider}: {sent} API requests with a bad value in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.Count == 0, Report(failures));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_bad_value_in_any_page_or_other_address_is_never_a_server_error(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var full = provider == "sqlite";
        var expo = await ExpoFixture.CreateAsync(app);
        await TradeSamples.ImportBaci2021Async(app, Ct);
        // The input–output tables live in the trade store (DuckDB) whatever the platform store: loaded for one provider.
        if (provider == "sqlite")
        {
            await app.Services.GetRequiredService<Lianbo.Web.InputOutput.IoService>().LoadShippedAsync(2011, Ct);
        }
        var samples = EveryPageTests.Samples(expo.Number, expo.Exhibitor);
        var pages = typeof(LianboWebApp).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Type: t)))
            .ToList();
        var anonymous = ("anonymous", AccountPagesTests.Browser(app));
        var organiser = ("organiser", await EveryPageTests.SignedInAsync(app, await app.CreateUserAsync(Roles.Organiser), "en"));
        var participant = ("participant", await EveryPageTests.SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Bad Values Ltd"), "zh-CN"));

        var requests = new List<(string What, HttpClient Client, string Url)>();
        foreach (var (template, type) in pages)
        {
            var query = type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
                .Where(p => p.Attribute is not null)
                .Select(p => p.Attribute!.Name ?? p.Property.Name);
            // Organisers may open every page; a page for signed-in people that is not theirs alone is also a participant's.
            var policy = type.GetCustomAttribute<AuthorizeAttribute>()?.Policy;
            (string Name, HttpClient Client)[] callers = type.GetCustomAttribute<AuthorizeAttribute>() is null || policy == AccountsWeb.PageOrganiser
                ? [anonymous, organiser]
                : [anonymous, organiser, participant];
            requests.AddRange(
                from url in AddressProbes(template, samples[template][0], query, full ? AllValues : SomeValues)
                from caller in callers
                select ($"{template}: GET {Shorten(url)} as {caller.Name}", caller.Client, url));
        }

        // Pages only read, so they are asked four at a time, which keeps the test within its time. The index pages create
        // their DuckDB tables on first use, and two first uses at once conflict (a defect of its own, reported in issue 18):
        // one page of indices first, alone.
        (await organiser.Item2.GetAsync("/indices", Ct)).Dispose();
        var failures = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (request, ct) =>
        {
            using var response = await request.Client.GetAsync(request.Url, ct);
            if (await ProblemAsync(response, api: false, app.ServerErrors) is { } problem)
            {
                failures.Enqueue($"{request.What}: {problem}");
            }
        });
        var sent = requests.Count;

        // The other addresses of the web app (downloads, the language switch, sign-out), which allow anonymous callers.
        var others = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.DisplayName?.StartsWith("HTTP: ", StringComparison.Ordinal) == true && e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == false)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Key: $"{m} {e.RoutePattern.RawText}", Template: e.RoutePattern.RawText!)))
            .ToList();
        Assert.Empty(others.Select(o => o.Key).Except(OtherAddresses(expo.Number).Keys));
        foreach (var (key, template) in others)
        {
            if (OtherAddresses(expo.Number)[key] is not var (url, query, form))
            {
                continue;
            }

            foreach (var probe in AddressProbes(template, url, query, full ? AllValues : SomeValues))
            {
                foreach (var (name, client) in form is null ? [anonymous, organiser] : new[] { anonymous })
                {
                    sent++;
                    using var response = form is null ? await client.GetAsync(probe, Ct) : await PostFormAsync(client, probe, form);
                    if (await ProblemAsync(response, api: false, app.ServerErrors) is { } problem)
                    {
                        failures.Enqueue($"{key}: {Shorten(probe)} as {name}: {problem}");
                    }
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{provider}: {sent} page and other requests with a bad value in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.Count == 0, Report(failures));
    }

    // A good address for each endpoint outside the API and the pages, with its query parameters; a form's fields are sent
    // as a form instead (a POST from the page's form, with its antiforgery token). Null: nothing in the address to vary.
    private static Dictionary<string, (string Url, string[] Query, string[]? Form)?> OtherAddresses(int number) => new()
    {
        ["GET /lib/{file}"] = ("/lib/echarts.min.js", [], null),
        ["GET /openapi/{documentName}.json"] = ("/openapi/v1.json", [], null),
        ["GET /culture"] = ("/culture?returnUrl=%2Fexpo", ["returnUrl"], null),
        ["POST /culture"] = ("/culture", ["set", "returnUrl"], ["set=en", "returnUrl=%2Fexpo"]),
        ["GET /audit.csv"] = ("/audit.csv?action=expo.import", ["action"], null),
        ["GET /api-reference/scalar.js"] = null,
        ["GET /api-reference/scalar.aspnetcore.js"] = null,
        ["GET /api-reference/favicon.svg"] = null,
        ["GET /api-reference/{documentName?}"] = ("/api-reference/v1", [], null),
        ["GET /expo/{number:int}/meetings.{format}"] = ($"/expo/{number}/meetings.xlsx", [], null),
        ["GET /expo/{number:int}/exhibitors.{format}"] = ($"/expo/{number}/exhibitors.csv", [], null),
        ["GET /expo/exhibitor-template.{format}"] = ("/expo/exhibitor-template.xlsx", [], null),
        ["GET /scenarios/runs/{runId}/export"] = ("/scenarios/runs/no-such-run/export?format=csv&table=importers", ["format", "table"], null),
        ["GET /reports/{id:guid}/file"] = ($"/reports/{Guid.Empty}/file?kind=html", ["kind"], null),
        ["GET /reports/{id:guid}/view"] = ($"/reports/{Guid.Empty}/view", [], null),
        ["POST /account/logout"] = ("/account/logout", ["returnUrl"], ["returnUrl=%2F"]),
        ["GET /account/export.json"] = null,
    };

    // The address's query becomes the form's fields (the bad value among them), posted with the home page's antiforgery token.
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string probe, string[] form)
    {
        var (path, query) = probe.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? (probe[..q], probe[(q + 1)..]) : (probe, "");
        var fields = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Concat(form).Select(p => p.Split('=', 2))
            .DistinctBy(p => p[0], StringComparer.OrdinalIgnoreCase)
            .Select(p => new KeyValuePair<string, string>(p[0], Uri.UnescapeDataString(p.Length > 1 ? p[1] : "")));
        var page = await client.GetStringAsync("/", Ct);
        var token = System.Net.WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))), Ct);
    }

    // The endpoint's own rule says who may call it; organisers may do most.
    private static TestUser MostPrivileged(AuthorizationMatrixTests.Rule rule, Fixture f) =>
        new[] { (rule.Organiser, f.Organiser), (rule.Analyst, f.Analyst), (rule.A, f.A), (rule.B, f.B) }
            .FirstOrDefault(c => c.Item1 is not (401 or 403)).Item2 ?? f.Organiser;

    /// <summary>The address with each route value in turn, then each query parameter in turn, set to each bad value.</summary>
    private static IEnumerable<string> AddressProbes(string template, string url, IEnumerable<string> queryNames, string[] values)
    {
        var (path, queryString) = url.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? (url[..q], url[(q + 1)..]) : (url, "");
        var pattern = RoutePatternFactory.Parse(template);
        var segments = path.Trim('/').Split('/');
        var query = queryString.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => (Name: p[0], Value: p.Length > 1 ? p[1] : "")).ToList();
        // Each parameter in turn, the others as the good address has them (absent ones stay absent).
        var names = query.Select(p => p.Name).Union(queryNames, StringComparer.OrdinalIgnoreCase).ToList();

        for (var i = 0; i < pattern.PathSegments.Count && segments.Length == pattern.PathSegments.Count; i++)
        {
            var segment = pattern.PathSegments[i];
            if (!segment.Parts.Any(p => p.IsParameter))
            {
                continue;
            }

            // A NUL in the path never reaches the app: Kestrel refuses it with 400 (and the test server cannot send it).
            foreach (var value in values.Where(v => v != "%00"))
            {
                var replaced = string.Concat(segment.Parts.Select(p => p switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => value,
                }));
                yield return "/" + string.Join('/', segments.Select((s, j) => j == i ? replaced : s)) + (queryString.Length > 0 ? "?" + queryString : "");
            }
        }

        foreach (var name in names)
        {
            var others = query.Where(p => !string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => p.Name + "=" + p.Value);
            foreach (var value in values)
            {
                yield return path + "?" + string.Join('&', others.Append(name + "=" + value));
            }
        }
    }

    /// <summary>A malformed body, then each member of a good one in turn set to values of the wrong type or out of range.</summary>
    private static IEnumerable<(string What, byte[] Body, string ContentType)> BodyProbes(JsonNode valid, Type? type, JsonSerializerOptions json, bool full)
    {
        const string Json = "application/json";
        var text = valid.ToJsonString();
        yield return ("empty body", [], Json);
        yield return ("truncated body", Encoding.UTF8.GetBytes(text[..(text.Length / 2)]), Json);
        yield return ("wrong kind of body", Encoding.UTF8.GetBytes(valid is JsonArray ? "{}" : "[]"), Json);
        yield return ("a number for the body", "1e400"u8.ToArray(), Json);
        yield return ("deeply nested body", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)), Json);
        if (full)
        {
            yield return ("a string for the body", "\"abc\""u8.ToArray(), Json);
            yield return ("null body", "null"u8.ToArray(), Json);
            yield return ("deeply nested objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000)), Json);
            yield return ("not UTF-8", [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D], Json);
            yield return ("plain text", Encoding.UTF8.GetBytes(text), "text/plain");
        }

        // The members of the object, or of an array's first object (a file of several chains).
        var (members, wrap) = valid switch
        {
            JsonObject o => (o, (Func<JsonObject, JsonNode>)(o => o)),
            JsonArray { Count: > 0 } a when a[0] is JsonObject first => (first, o => new JsonArray(o)),
            _ => (null, null),
        };
        if (members is null || wrap is null)
        {
            yield break;
        }

        var declared = type is null || type.IsPrimitive || type == typeof(string) ? null : json.GetTypeInfo(type).Properties.ToDictionary(p => p.Name, p => p.PropertyType);
        var names = members.Select(m => m.Key).Union(declared?.Keys.AsEnumerable() ?? []).ToList();
        foreach (var name in names)
        {
            var memberType = declared?.GetValueOrDefault(name);
            foreach (var (what, value) in WrongValues(memberType, members[name], full))
            {
                var copy = members.DeepClone().AsObject();
                copy[name] = value;
                yield return ($"{name} = {what}", Encoding.UTF8.GetBytes(wrap(copy).ToJsonString()), Json);
            }
        }
    }

    // Values of the wrong JSON type for the member, and out-of-range ones of the right type.
    private static IEnumerable<(string What, JsonNode? Value)> WrongValues(Type? type, JsonNode? current, bool full)
    {
        var t = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        yield return ("null", null);
        yield return ("a 10,000-character string", JsonValue.Create(Long));
        yield return ("an object", new JsonObject { ["a"] = 1 });
        yield return ("control characters", JsonValue.Create("a\u0000b\u001b\n"));
        if (!full)
        {
            yield break;
        }

        yield return ("-1", JsonValue.Create(-1));
        yield return ("2147483648", JsonValue.Create(2147483648L));
        yield return ("1.5", JsonValue.Create(1.5));
        yield return ("an array", new JsonArray(1, "x"));
        yield return ("\"abc\"", JsonValue.Create("abc"));
        yield return ("\"\"", JsonValue.Create(""));
        yield return ("\"..\"", JsonValue.Create(".."));
        if (t is not null && (t.IsEnum || t == typeof(Guid) || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(DateOnly) || t == typeof(TimeOnly)))
        {
            yield return ("\"NoSuchValue\"", JsonValue.Create("NoSuchValue"));
            yield return ("a malformed GUID", JsonValue.Create("00000000-0000-0000-0000-00000000000g"));
            yield return ("a malformed date", JsonValue.Create("2024-13-45T25:61:00"));
            yield return ("year 0001", JsonValue.Create("0001-01-01T00:00:00Z"));
            yield return ("year 9999", JsonValue.Create("9999-12-31T23:59:59Z"));
        }

        if (current is JsonArray or null && t is not null && t != typeof(string) && t.IsAssignableTo(typeof(System.Collections.IEnumerable)))
        {
            yield return ("an array of nulls", new JsonArray((JsonNode?)null, null));
            yield return ("an array of 10,000-character strings", new JsonArray(JsonValue.Create(Long)));
            yield return ("an array of objects", new JsonArray(new JsonObject()));
            yield return ("a 10,000-element array", new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)JsonValue.Create("x" + i))]));
        }

        if (current is JsonArray { Count: > 0 } items && items[0] is JsonObject element)
        {
            // One level down: the first element's members, each with a wrong value.
            foreach (var member in element.Select(m => m.Key).ToList())
            {
                foreach (var (what, value) in new (string, JsonNode?)[] { ("null", null), ("\"abc\"", JsonValue.Create("abc")), ("an object", new JsonObject()), ("-1", JsonValue.Create(-1)) })
                {
                    var copy = items.DeepClone().AsArray();
                    copy[0]![member] = value;
                    yield return ($"[0].{member} = {what}", copy);
                }
            }
        }
    }

    /// <summary>What is wrong with the answer to a bad value, or null when it is a refusal or a page without a server error.</summary>
    private static async Task<string?> ProblemAsync(HttpResponseMessage response, bool api, ConcurrentDictionary<string, Exception> errors)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(Ct);
        if (status >= 500)
        {
            return TraceId().Match(body) is { Success: true } id && errors.TryGetValue(id.Groups[1].Value, out var e)
                ? $"{status} {e.GetType().Name}: {Shorten(e.Message, 300)} {e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Lianbo", StringComparison.Ordinal))?.Trim()}"
                : $"{status} {Shorten(body, 300)}";
        }

        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains(AppContext.BaseDirectory, StringComparison.Ordinal) || body.Contains(Path.GetTempPath(), StringComparison.Ordinal))
        {
            return $"{status} shows a stack trace or a server path: {Shorten(body, 300)}";
        }

        if (api && status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no body"}, not a ProblemDetails body";
        }

        return null;
    }

    // Every failure in the test's output; the first of each kind in the message.
    private static string Report(IReadOnlyCollection<string> failures)
    {
        foreach (var failure in failures)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(failure);
        }

        return $"{failures.Count} bad answers, among them:\n" + string.Join("\n", failures.DistinctBy(f => f[..Math.Min(f.Length, 40)]).Take(100));
    }

    [GeneratedRegex("\"traceId\":\"00-([0-9a-f]{32})-")]
    private static partial Regex TraceId();

    private static string Shorten(string text, int length = 200)
    {
        text = text.Replace(Long, "x×10000", StringComparison.Ordinal);
        return text.Length <= length ? text : text[..length] + $"…({text.Length} chars)";
    }

    private sealed record Probe(string Method, string Url, byte[]? Body, string? ContentType, string What)
    {
        public HttpRequestMessage ToRequest(byte[]? file)
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Url);
            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType!);
            }
            else if (file is not null)
            {
                request.Content = new ByteArrayContent(file);
            }

            return request;
        }

        public override string ToString() => Body is null ? $"{Method} {Shorten(Url)}" : $"{Method} {Shorten(Url)} with {Shorten(What)}";
    }
}
