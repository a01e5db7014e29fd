using Lianbo.Core;
using Lianbo.Core.Chains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Chains;

/// <summary>The chains, their stages, edges and HS codes, and which chain stages use a product; public.</summary>
public static class ChainsApi
{
    public static void MapChainsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Chains");
        api.MapGet("/chains", (ChainStore chains, CancellationToken ct) => chains.ListAsync(ct)).WithSummary("The chains and areas, in the expo's order");
        api.MapGet("/chains/{id}", GetChain).WithSummary("One chain: stages from upstream to downstream, edges, HS 2022 codes with HS 1992 equivalents");
        api.MapGet("/chains/{id}/panorama", Panorama)
            .WithSummary("A chain's panorama: stages, participants per stage with their countries, cooperation between stages, joint exhibits, and world trade per goods stage")
            .WithDescription("`year` picks a BACI (HS 1992) year among those loaded; without it, the latest real one. Trade values are in thousands of US dollars; tradeYear is null when no trade data with products is loaded.");
        api.MapGet("/hs/{code}/chains", Placements).WithSummary("The chain stages that cover an HS 2022 code");
    }

    private static async Task<Results<Ok<ChainDefinition>, ProblemHttpResult>> GetChain(string id, ChainStore chains, CancellationToken ct) =>
        await chains.GetAsync(id, ct) is { } chain
            ? TypedResults.Ok(chain)
            : TypedResults.Problem(Messages.Format("ChainNotFound", id), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));

    private static async Task<Results<Ok<PanoramaDto>, ProblemHttpResult>> Panorama(string id, int? year, ChainPanoramaData panorama, CancellationToken ct) =>
        await panorama.BuildAsync(id, year, ct) is { } result
            ? TypedResults.Ok(result)
            : TypedResults.Problem(Messages.Format("ChainNotFound", id), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));

    private static async Task<Results<Ok<List<ProductPlacementDto>>, ValidationProblem>> Placements(string code, ChainStore chains, CancellationToken ct) =>
        code.Length is 2 or 4 or 6 && code.All(char.IsAsciiDigit)
            ? TypedResults.Ok(await chains.PlacementsAsync(code, ct))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [Messages.Format("NotHsCode", code)] });
}
