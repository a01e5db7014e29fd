using System.Globalization;
using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Lianbo.Web.Trade;
using Lianbo.Trade;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Indices;

/// <summary>The built composite indices (public): what is built, a year's ranking with rank bands, a country's history.</summary>
public static class IndicesApi
{
    public const int MaxLimit = 500;

    // A web request should not run for minutes; the CLI takes up to 100,000.
    public const int MaxDraws = 5_000;

    /// <summary>An index as the API lists it: names in both languages and the request's, how it is made, its years.</summary>
    public sealed record IndexDto(
        string Id, string Name, string NameEn, string NameZh, string Description, string Normalisation, string Aggregation, string Imputation,
        int MinDimensions, IReadOnlyList<IndexDimensionInfo> Dimensions, DateTime BuiltAt, int Draws, int Seed, IReadOnlyList<string> Notes,
        IReadOnlyList<IndexYearSummary> Years, IReadOnlyList<IndicatorSourceInfo> Sources);

    public static void MapIndicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/indices").WithTags("Indices").PublicRead();
        api.MapGet("/", List).WithSummary("The built indices: definitions, dimensions, how they are built, and per year the world value and the dimensions lacking data");
        api.MapGet("/{id}/{year:int}", Ranking).WithSummary("A year's ranking: every country's score, rank, 5–95% rank band and dimension scores (?limit=1–500)");
        api.MapGet("/fragmentation", FragmentationYears).WithSummary("Trade growth within and between blocs for each two consecutive stored years (?blocs= a shipped bloc file, default example)");
        api.MapGet("/{id}/countries/{iso3}", History).WithSummary("A country's history in an index, by dimension");
        api.MapPost("/indicators", Import).RequireAuthorization(AccountsWeb.ApiAnalystWriter).RequireTradeWriter()
            .WithSummary("Import external indicators: a CSV (country,year,indicator,value,source) sent as the request body; all or nothing (analysts and organisers)");
        api.MapPost("/build", Build).RequireAuthorization(AccountsWeb.ApiAnalystWriter).RequireTradeWriter()
            .WithSummary("Build the indices (all, or ?index=) from the trade store and the imported indicators, with ?draws= and ?seed= for the rank bands (analysts and organisers)");
    }

    // The web app holds the trade store, so while it runs this is how indicators reach it (the CLI would find the file taken).
    private static async Task<Results<Ok<IReadOnlyList<IndicatorSummary>>, ValidationProblem, ProblemHttpResult>> Import(
        HttpContext http, string? fileName, TradeStore store, AuditLog audit, ClaimsPrincipal user, Core.Data.LianboDbContext db, IOptions<UploadOptions> uploads, CancellationToken ct)
    {
        fileName ??= "indicators.csv";
        if (!Uploads.IsPlainFileName(fileName))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["fileName"] = [Messages.Format("BadFileName")] });
        }

        return await TradeApi.ImportBodyAsync(http.Request, fileName, uploads.Value.IndicatorBytes, async path =>
        {
            var imported = await new ExternalIndicators(store).ImportAsync(path, ct);
            audit.Record(user.RequireViewer(), "indices.import", "Indicator", string.Join(",", imported.Select(i => i.Indicator)), after: new { fileName });
            await db.SaveChangesAsync(ct);
            return imported;
        }, ct);
    }

    private static async Task<Results<Ok<List<IndexDto>>, ValidationProblem>> Build(
        string? index, int? draws, int? seed, TradeStore store, AuditLog audit, ClaimsPrincipal user, Core.Data.LianboDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var definitions = IndexBuilder.LoadDefinitions();
        var chosen = index is null ? definitions : definitions.Where(d => string.Equals(d.Id, index, StringComparison.OrdinalIgnoreCase)).ToList();
        if (chosen.Count == 0)
        {
            errors.Add("index", TradeText.Format("IndexApiUnknown", index, string.Join(", ", definitions.Select(d => d.Id))));
        }

        if (draws is < 1 or > MaxDraws)
        {
            errors.Add("draws", TradeText.Format("IndexApiDraws", MaxDraws));
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        await new IndexBuilder(store).BuildAsync(chosen, draws, seed, ct);
        audit.Record(user.RequireViewer(), "indices.build", "Index", string.Join(",", chosen.Select(d => d.Id)), after: new { draws, seed });
        await db.SaveChangesAsync(ct);
        var ids = chosen.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok(await DtosAsync(store, (await new IndexStore(store).ListAsync(ct)).Where(s => ids.Contains(s.Definition.Id)), ct));
    }

    private static async Task<Ok<List<IndexDto>>> List(TradeStore store, CancellationToken ct) =>
        TypedResults.Ok(await DtosAsync(store, await new IndexStore(store).ListAsync(ct), ct));

    // Every index with the sources and licences of its indicators, as every answer that shows index values names them.
    private static async Task<List<IndexDto>> DtosAsync(TradeStore store, IEnumerable<IndexSummary> summaries, CancellationToken ct)
    {
        var list = new List<IndexDto>();
        foreach (var summary in summaries)
        {
            list.Add(summary.ToDto(await IndexSources.ForAsync(store, summary.Definition, ct)));
        }

        return list;
    }

    private static async Task<Results<Ok<IndexRanking>, ValidationProblem, ProblemHttpResult>> Ranking(string id, int year, int? limit, TradeStore store, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [TradeText.Format("IndexApiLimit", MaxLimit)] });
        }

        var indices = new IndexStore(store);
        if (await indices.FindAsync(id, ct) is not { } index)
        {
            return NotFound(TradeText.Format("IndexApiNotBuilt", id));
        }

        if (await indices.RankingAsync(index.Definition.Id, year, ct) is not { } ranking)
        {
            return NotFound(TradeText.Format("IndexApiNoYear", index.Definition.Id, year, string.Join(", ", index.Years.Select(y => y.Year))));
        }

        return TypedResults.Ok(limit is { } l ? ranking with { Countries = [.. ranking.Countries.Take(l)] } : ranking);
    }

    private static async Task<Results<Ok<CountryHistory>, ValidationProblem, ProblemHttpResult>> History(string id, string iso3, TradeStore store, CancellationToken ct)
    {
        if (iso3.Length != 3 || !iso3.All(char.IsAsciiLetter))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["iso3"] = [Messages.Format("NotIso3", iso3)] });
        }

        var history = await new IndexStore(store).HistoryAsync(id, iso3, ct);
        return history switch
        {
            null => NotFound(TradeText.Format("IndexApiNotBuilt", id)),
            { Years.Count: 0 } => NotFound(TradeText.Format("IndexApiNoCountry", iso3.ToUpperInvariant(), history.Index)),
            _ => TypedResults.Ok(history),
        };
    }

    public sealed record FragmentationDto(BlocSet Blocs, IReadOnlyList<FragmentationYear> Years);

    private static async Task<Results<Ok<FragmentationDto>, ValidationProblem>> FragmentationYears(string? blocs, TradeStore store, CancellationToken ct)
    {
        var shipped = BlocSet.Shipped();
        if (!shipped.TryGetValue(blocs ?? "example", out var file))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["blocs"] = [TradeText.Format("IndexApiBlocs", blocs, string.Join(", ", shipped.Keys.Order(StringComparer.Ordinal)))] });
        }

        var set = BlocSet.Load(file);
        return TypedResults.Ok(new FragmentationDto(set, await Fragmentation.ComputeAsync(store, set, ct)));
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));

    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>An indicator's name in the page's language (its id is a code for programs, shown only where no name is known).</summary>
    public static string IndicatorName(string id) =>
        IndicatorCatalogue.Find(id) is { } e ? (IsChinese ? e.NameZh : e.NameEn) : id;

    public static IndexDto ToDto(this IndexSummary summary, IReadOnlyList<IndicatorSourceInfo> sources)
    {
        var d = summary.Definition;
        return new IndexDto(d.Id, IsChinese ? d.NameZh : d.NameEn, d.NameEn, d.NameZh, IsChinese ? d.DescriptionZh : d.DescriptionEn,
            d.Normalisation == Normalisation.MinMax ? "min-max" : "z-score", d.Aggregation.ToString().ToLowerInvariant(),
            d.ImputationOrDefault.Rule switch { ImputationRule.None => "none", ImputationRule.CarryForward => "carry-forward", _ => "linear" } +
            (d.ImputationOrDefault.Rule == ImputationRule.None ? "" : string.Create(CultureInfo.InvariantCulture, $" (≤ {d.ImputationOrDefault.MaxYears} years)")),
            d.MinDimensions, [.. d.Dimensions.Select(x => new IndexDimensionInfo(x.Id, x.NameEn, x.NameZh, x.Weight, [.. x.Indicators.Select(i => i.Id)]))],
            summary.BuiltAt, summary.Draws, summary.Seed, summary.Notes, summary.Years, sources);
    }
}
