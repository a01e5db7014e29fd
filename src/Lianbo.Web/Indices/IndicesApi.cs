using System.Globalization;
using Lianbo.Core;
using Lianbo.Trade;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Indices;

/// <summary>The built composite indices (public): what is built, a year's ranking with rank bands, a country's history.</summary>
public static class IndicesApi
{
    public const int MaxLimit = 500;

    /// <summary>An index as the API lists it: names in both languages and the request's, how it is made, its years.</summary>
    public sealed record IndexDto(
        string Id, string Name, string NameEn, string NameZh, string Description, string Normalisation, string Aggregation, string Imputation,
        int MinDimensions, IReadOnlyList<IndexDimensionInfo> Dimensions, DateTime BuiltAt, int Draws, int Seed, IReadOnlyList<string> Notes,
        IReadOnlyList<IndexYearSummary> Years);

    public static void MapIndicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/indices").WithTags("Indices");
        api.MapGet("/", List).WithSummary("The built indices: definitions, dimensions, how they are built, and per year the world value and the dimensions lacking data");
        api.MapGet("/{id}/{year:int}", Ranking).WithSummary("A year's ranking: every country's score, rank, 5–95% rank band and dimension scores (?limit=1–500)");
        api.MapGet("/{id}/countries/{iso3}", History).WithSummary("A country's history in an index, by dimension");
    }

    private static async Task<Ok<List<IndexDto>>> List(TradeStore store, CancellationToken ct) =>
        TypedResults.Ok((await new IndexStore(store).ListAsync(ct)).Select(ToDto).ToList());

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

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));

    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static IndexDto ToDto(this IndexSummary summary)
    {
        var d = summary.Definition;
        return new IndexDto(d.Id, IsChinese ? d.NameZh : d.NameEn, d.NameEn, d.NameZh, IsChinese ? d.DescriptionZh : d.DescriptionEn,
            d.Normalisation == Normalisation.MinMax ? "min-max" : "z-score", d.Aggregation.ToString().ToLowerInvariant(),
            d.ImputationOrDefault.Rule switch { ImputationRule.None => "none", ImputationRule.CarryForward => "carry-forward", _ => "linear" } +
            (d.ImputationOrDefault.Rule == ImputationRule.None ? "" : string.Create(CultureInfo.InvariantCulture, $" (≤ {d.ImputationOrDefault.MaxYears} years)")),
            d.MinDimensions, [.. d.Dimensions.Select(x => new IndexDimensionInfo(x.Id, x.NameEn, x.NameZh, x.Weight, [.. x.Indicators.Select(i => i.Id)]))],
            summary.BuiltAt, summary.Draws, summary.Seed, summary.Notes, summary.Years);
    }
}
