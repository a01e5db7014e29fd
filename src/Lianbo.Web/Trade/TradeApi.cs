using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Reference;
using Lianbo.Trade;
using Lianbo.Trade.Complexity;
using Lianbo.Trade.Dependencies;
using Lianbo.Trade.Import;
using Lianbo.Trade.Metrics;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Trade;

/// <summary>Trade data: what is loaded, network metrics, a country, a product (public); imports (analysts and organisers).</summary>
public static class TradeApi
{
    public sealed record MetricRank(string Country, double Value);

    public static void MapTradeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/trade").WithTags("Trade").PublicRead();
        api.MapGet("/years", (TradeStore store, CancellationToken ct) => new TradeQueries(store).YearsAsync(ct)).WithSummary("The trade data sets loaded, by year");
        api.MapGet("/{year:int}/metrics", Metrics).WithSummary("Network measures per country for a year (all goods, or ?product=HS); ?metric=… ranks countries by one measure");
        api.MapGet("/{year:int}/countries/{code}", Country).WithSummary("A country's totals, main partners and main products in a year");
        api.MapGet("/{year:int}/products/{hs}", Product).WithSummary("A product's exporters and importers with shares, exporter HHI and China's share");
        api.MapGet("/{year:int}/dependencies", Dependencies)
            .WithSummary("An importer's dependencies: import HHI, top supplier, imports/exports, world export HHI, GeoDep chokepoints; ?bloc=GROUP adds the EU 2021 criteria");
        api.MapGet("/{year:int}/substitutes", Substitutes)
            .WithSummary("Who could replace a supplier (by default the largest) of a product for an importer, ranked, with reasons");
        api.MapPost("/imports", Import).RequireAuthorization(AccountsWeb.ApiAnalystWriter).RequireTradeWriter().WithSummary("Import a trade file sent as the request body (analysts and organisers)");
    }

    private static async Task<Results<Ok<YearMetrics>, Ok<List<MetricRank>>, ValidationProblem, ProblemHttpResult>> Metrics(
        int year, string? product, string? metric, string? source, string? revision, TradeStore store, CancellationToken ct)
    {
        if (Filter(product) is { } bad)
        {
            return bad;
        }

        if (metric is not null && !CountryMeasures.All.ContainsKey(metric))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["metric"] = [Messages.Format("UnknownMetric", metric, string.Join(", ", CountryMeasures.All.Keys))] });
        }

        var result = await new TradeQueries(store).MetricsAsync(year, HsFilter.TryParse(product), source, revision, ct);
        if (result is null)
        {
            return NoData(year);
        }

        if (metric is null)
        {
            return TypedResults.Ok(result);
        }

        return TypedResults.Ok(CountryMeasures.Rank(result.Countries, metric).Select(r => new MetricRank(r.Country.Country, r.Value)).ToList());
    }

    private static async Task<Results<Ok<CountryTrade>, ValidationProblem, ProblemHttpResult>> Country(int year, string code, int? top, string? source, string? revision, TradeStore store, CancellationToken ct)
    {
        if (code.Length != 3 || !code.All(char.IsAsciiLetterOrDigit))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [Messages.Format("NotIso3", code)] });
        }

        return await new TradeQueries(store).CountryAsync(year, code.ToUpperInvariant(), Math.Clamp(top ?? 10, 1, 100), source, revision, ct) is { } trade
            ? TypedResults.Ok(trade)
            : NoData(year);
    }

    private static async Task<Results<Ok<ProductTrade>, ValidationProblem, ProblemHttpResult>> Product(int year, string hs, int? top, string? source, string? revision, TradeStore store, CancellationToken ct)
    {
        if (Filter(hs) is { } bad || HsFilter.TryParse(hs) is not { } filter)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["hs"] = [Messages.Format("NotHsCode", hs)] });
        }

        return await new TradeQueries(store).ProductAsync(year, filter, Math.Clamp(top ?? 20, 1, 250), source, revision, ct) is { } trade
            ? TypedResults.Ok(trade)
            : NoData(year);
    }

    /// <summary>
    /// <c>?importer=ISO3</c> (required), <c>level=2|4|6</c> (6), <c>bloc=GROUP</c> (a country group code, for the EU 2021
    /// criteria on its extra-bloc imports), <c>all=true</c> for every product rather than those meeting a criterion.
    /// </summary>
    private static async Task<Results<Ok<DependencyReport>, ValidationProblem, ProblemHttpResult>> Dependencies(
        int year, string? importer, int? level, string? bloc, bool? all, string? source, string? revision, TradeStore store, ReferenceQueries reference, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var country = Importer(importer, errors);
        var digits = level ?? 6;
        if (!ComplexityQueries.Levels.Contains(digits))
        {
            errors.Add("level", Messages.Format("NotHsLevel", digits));
        }

        List<string>? members = null;
        if (!string.IsNullOrWhiteSpace(bloc) && (members = await reference.GroupMembersAsync(bloc, ct)) is null)
        {
            errors.Add("bloc", Messages.Format("UnknownBloc", bloc));
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (await new TradeQueries(store).FindAsync(year, source, revision, needsProducts: true, ct) is not { } dataset)
        {
            return NoData(year);
        }

        var report = await new DependencyQueries(store).ReportAsync(dataset, digits, country, members is null ? null : bloc!.Trim().ToUpperInvariant(), members, ct);
        return TypedResults.Ok(all == true ? report : report with { Products = [.. report.Products.Where(p => p.GeoDep || p.CriteriaMet)] });
    }

    /// <summary><c>?importer=ISO3&amp;product=HS</c> (both required; the product's digits set the level), <c>supplier=ISO3</c>, <c>limit</c> (1–250, 20).</summary>
    private static async Task<Results<Ok<SubstituteReport>, ValidationProblem, ProblemHttpResult>> Substitutes(
        int year, string? importer, string? product, string? supplier, int? limit, string? source, string? revision, TradeStore store, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var country = Importer(importer, errors);
        var filter = HsFilter.TryParse(product);
        if (filter is null)
        {
            errors.Add("product", string.IsNullOrWhiteSpace(product) ? Messages.Format("FieldRequired", Messages.Field("product")) : Messages.Format("NotHsCode", product));
        }

        string? from = null;
        if (supplier is not null && (from = Iso3.TryParse(supplier)) is null)
        {
            errors.Add("supplier", Messages.Format("NotIso3", supplier));
        }

        if (limit is < 1 or > 250)
        {
            errors.Add("limit", Messages.Format("LimitRange", limit, 1, 250));
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (await new TradeQueries(store).FindAsync(year, source, revision, needsProducts: true, ct) is not { } dataset)
        {
            return NoData(year);
        }

        return await new SubstituteFinder(store).FindAsync(dataset, filter!.Code.Length, country!, filter, from, limit ?? 20, ct) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.Problem(Messages.Format("NoImportsOf", country, filter.Code, from ?? "-", year), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));
    }

    private static string? Importer(string? importer, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(importer))
        {
            errors.Add("importer", Messages.Format("FieldRequired", Messages.Field("importer")));
            return null;
        }

        var country = Iso3.TryParse(importer);
        if (country is null)
        {
            errors.Add("importer", Messages.Format("NotIso3", importer));
        }

        return country;
    }

    /// <summary>
    /// The file is the request body (so a BACI zip of several gigabytes need not fit a form): <c>?kind=baci|pajek|csv</c>,
    /// <c>fileName</c> (BACI's own name tells revision and year), and for CSV <c>columns</c> (year=…,exporter=…,…).
    /// A file with a bad row is refused with its line, and nothing of it is stored.
    /// </summary>
    private static async Task<Results<Ok<IReadOnlyList<DatasetInfo>>, ValidationProblem, ProblemHttpResult>> Import(
        HttpContext http, string kind, string fileName, int? year, string? columns, TradeStore store, AuditLog audit, ClaimsPrincipal user, Core.Data.LianboDbContext db,
        IOptions<UploadOptions> uploads, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (kind is not ("baci" or "pajek" or "csv"))
        {
            errors.Add("kind", Messages.Format("UnknownImportKind", kind));
        }

        if (!Uploads.IsPlainFileName(fileName))
        {
            errors.Add("fileName", Messages.Format("BadFileName"));
        }

        CsvColumnMapping? mapping = null;
        if (kind == "csv")
        {
            try
            {
                mapping = CsvColumnMapping.Parse(columns ?? CsvColumnMapping.Default);
            }
            catch (FormatException e)
            {
                errors.Add("columns", e.Message);
            }
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        // Analysts send whole BACI releases, so trade imports have the largest limit of all.
        return await ImportBodyAsync(http.Request, fileName, uploads.Value.TradeBytes, async path =>
        {
            var imported = kind switch
            {
                "baci" => await BaciImporter.ImportAsync(store, path, new BaciImportOptions(Archive: uploads.Value.ToArchiveLimits(), Year: year), ct: ct),
                "pajek" => await PajekImporter.ImportAsync(store, path, new PajekImportOptions(year), ct: ct),
                _ => await CsvImporter.ImportAsync(store, path, new CsvImportOptions(mapping!, year), ct: ct),
            };
            audit.Record(user.RequireViewer(), "trade.import", "TradeDataset", string.Join(",", imported.Select(d => $"{d.Source}/{d.Revision}/{d.Year}")),
                after: new { kind, fileName, years = imported.Select(d => d.Year), rows = imported.Sum(d => d.Rows) });
            await db.SaveChangesAsync(ct);
            return imported;
        }, ct);
    }

    /// <summary>
    /// Saves the request body as <paramref name="fileName"/> in a fresh temporary folder, imports it, and deletes the folder.
    /// A body over <paramref name="limit"/> bytes is a 413 and is not imported; a file the importer refuses becomes a 400
    /// with its message (file, line and column) under <c>file</c>, and the same as the problem's <c>file</c>, <c>line</c>
    /// and <c>field</c> for programs.
    /// </summary>
    internal static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> ImportBodyAsync<T>(
        HttpRequest request, string fileName, long limit, Func<string, Task<T>> import, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("lianbo-upload-");
        try
        {
            var path = Path.Combine(directory.FullName, fileName);
            bool whole;
            await using (var file = File.Create(path))
            {
                whole = await Uploads.TryCopyBodyAsync(request, file, limit, ct);
            }

            return whole ? TypedResults.Ok(await import(path)) : Uploads.TooLarge(limit);
        }
        catch (TradeDataException e)
        {
            // The importers name the file by its path, here a folder of the server's: the user is shown the name they sent.
            string Shown(string text) => text.Replace(directory.FullName + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["file"] = [Shown(e.Message)] },
                extensions: new Dictionary<string, object?> { ["file"] = Shown(e.File), ["line"] = e.Line, ["field"] = e.Field });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static ValidationProblem? Filter(string? product) =>
        product is not null && HsFilter.TryParse(product) is null
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["product"] = [Messages.Format("NotHsCode", product)] })
            : null;

    private static ProblemHttpResult NoData(int year) =>
        TypedResults.Problem(Messages.Format("NoTradeData", year), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));
}
