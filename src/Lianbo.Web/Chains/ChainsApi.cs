using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Chains;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Chains;

/// <summary>
/// The chains, their stages, edges and HS codes, their files, and which chain stages use a product: public. Organisers
/// create, replace, import and remove their own chains; the shipped ones are read-only.
/// </summary>
public static class ChainsApi
{
    public static void MapChainsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Chains").PublicRead();
        api.MapGet("/chains", (ChainStore chains, CancellationToken ct) => chains.ListAsync(ct)).WithSummary("The chains and areas, in the expo's order");
        api.MapGet("/chains/{id}", GetChain).WithSummary("One chain: stages from upstream to downstream, edges, HS 2022 codes with HS 1992 equivalents");
        api.MapGet("/chains/{id}/panorama", Panorama)
            .WithSummary("A chain's panorama: stages, participants per stage with their countries, cooperation between stages, joint exhibits, and world trade per goods stage")
            .WithDescription("`year` and `revision` (HS92, HS17 or HS22) pick one of the loaded series listed in tradeSeries; without them, the latest real year in the most precise series loaded for it (HS22, then HS17, then HS92). An HS22 series is read with the chain's HS 2022 codes themselves, HS17 with the codes UNSD's conversion gives them, HS92 with their HS 1992 equivalents; each stage says which codes it summed and whether the figure is a proxy. Trade values are in thousands of US dollars; tradeYear is null when no trade data with products is loaded.");
        api.MapGet("/chains/{id}/warnings", Warnings)
            .WithSummary("A chain's warnings against UNSD's HS conversion: an HS 1992 code missing where UNSD converts a product, an HS 1992 code in two stages, an HS 1992 code that gets no data from HS 2017 or HS 2022 reporters")
            .WithDescription("Warnings do not stop a chain from being stored; an empty list means none. `kind` is missing-conversion, shared-code or no-later-data; `field` is the path of the product's hs1992 list in the chain file.");
        api.MapGet("/chains/{id}/file", GetFile).WithSummary("One chain as a file in the shipped format (data/chains, chain.schema.json), ready to import again");
        api.MapGet("/hs/{code}/chains", Placements).WithSummary("The chain stages that cover an HS 2022 code");

        api.MapPut("/chains/{id}", Save).RequireAuthorization(AccountsWeb.ApiOrganiserWriter).Accepts<ChainDefinition>("application/json")
            .WithSummary("Create or replace an organiser's chain; the body is a chain file (organisers; shipped chains are read-only)");
        api.MapDelete("/chains/{id}", async (string id, ChainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
                (await commands.DeleteAsync(user.RequireViewer(), id, ct)).ToNoContent())
            .RequireAuthorization(AccountsWeb.ApiOrganiserWriter).WithSummary("Remove an organiser's chain (organisers; shipped chains stay)");
        api.MapPost("/chains/import", Import).RequireAuthorization(AccountsWeb.ApiOrganiserWriter).Accepts<ChainDefinition>("application/json")
            .WithSummary("Import a chain file sent as the request body: one chain or an array, all checked first and stored all or nothing (organisers)");
    }

    private static async Task<Results<Ok<ChainDefinition>, ProblemHttpResult>> GetChain(string id, ChainStore chains, CancellationToken ct) =>
        await chains.GetAsync(id, ct) is { } chain ? TypedResults.Ok(chain) : NotFound(id);

    private static async Task<Results<Ok<List<ChainWarningDto>>, ProblemHttpResult>> Warnings(string id, ChainStore chains, CancellationToken ct) =>
        await chains.GetAsync(id, ct) is { } chain
            ? TypedResults.Ok((await chains.WarningsAsync([chain], ct)).Select(ChainWarningDto.Of).ToList())
            : NotFound(id);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetFile(string id, ChainStore chains, CancellationToken ct) =>
        await chains.GetAsync(id, ct) is { } chain
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ChainFiles.Write(chain) + "\n"), "application/json", chain.Id + ".json")
            : NotFound(id);

    private static async Task<Results<Ok<PanoramaDto>, ProblemHttpResult>> Panorama(string id, int? year, string? revision, ChainPanoramaData panorama, CancellationToken ct) =>
        await panorama.BuildAsync(id, year, revision, ct) is { } result
            ? TypedResults.Ok(result)
            : TypedResults.Problem(Messages.Format("ChainNotFound", id), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));

    private static async Task<Results<Ok<List<ProductPlacementDto>>, ValidationProblem>> Placements(string code, ChainStore chains, CancellationToken ct) =>
        code.Length is 2 or 4 or 6 && code.All(char.IsAsciiDigit)
            ? TypedResults.Ok(await chains.PlacementsAsync(code, ct))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [Messages.Format("NotHsCode", code)] });

    // The body is read as a chain file (unknown fields refused, the line and field of a mistake named), not bound by the
    // framework, so that the API accepts exactly what the files and the CLI accept.
    private static async Task<Results<Ok<ChainDefinition>, ValidationProblem, ProblemHttpResult>> Save(
        string id, HttpRequest request, ChainCommands commands, ClaimsPrincipal user, IOptions<UploadOptions> uploads, CancellationToken ct) =>
        await Uploads.ReadBodyAsync(request, uploads.Value.ChainBytes, ct) is { } body
            ? (await commands.SaveFileAsync(user.RequireViewer(), id, body, ct)).ToHttp()
            : Uploads.TooLarge(uploads.Value.ChainBytes);

    private static async Task<Results<Ok<IReadOnlyList<ChainSummary>>, ValidationProblem, ProblemHttpResult>> Import(
        string? fileName, HttpRequest request, ChainCommands commands, ClaimsPrincipal user, IOptions<UploadOptions> uploads, CancellationToken ct) =>
        await Uploads.ReadBodyAsync(request, uploads.Value.ChainBytes, ct) is { } body
            ? (await commands.ImportFileAsync(user.RequireViewer(), body, string.IsNullOrWhiteSpace(fileName) ? "upload.json" : fileName, ct)).ToHttp()
            : Uploads.TooLarge(uploads.Value.ChainBytes);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(Messages.Format("ChainNotFound", id), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));
}

/// <summary>One warning about a chain (see <see cref="ChainWarnings"/>): its kind, the field at fault, the stage and product, and the text in the request's language.</summary>
public sealed record ChainWarningDto(string Kind, string Field, string? Stage, string? Hs2022, string Message)
{
    public static ChainWarningDto Of(ChainProblem p) => new(p.Warning ?? "", p.Field, p.Stage, p.Code, p.Message);
}
