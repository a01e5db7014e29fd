using System.Globalization;
using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Trade.InputOutput;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Lianbo.Web.Trade;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.InputOutput;

/// <summary>Input–output tables: what is stored, a country's value-chain profile, an industry's world view, a shock's cascade (public).</summary>
public static class IoApi
{
    /// <summary>An industry with its names and the chain stages it feeds.</summary>
    public sealed record SectorDto(string Code, string Name, string NameZh, IReadOnlyList<IoStageLink> Stages);

    /// <summary>A cascade without the per-row array, with the heat map's rows: loss by country × industry for the countries that lose most.</summary>
    public sealed record CascadeDto(IoKey Table, IReadOnlyList<IoShock> Shocks, double Total, double DirectLoss, IReadOnlyList<IoCountryShare> ByCountry,
        IReadOnlyDictionary<string, double> BySector, IReadOnlyList<IoChainLoss> ByChain, IReadOnlyDictionary<string, double[]> Grid);

    public static IServiceCollection AddLianboInputOutput(this IServiceCollection services) => services.AddSingleton(IoService.Create);

    public static void MapIoApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/io").WithTags("Input–output").PublicRead();
        api.MapGet("/tables", (IoService io, CancellationToken ct) => io.ListAsync(ct)).WithSummary("The input–output tables stored, by source, release and year");
        var table = api.MapGroup("/{source}/{release}/{year:int}");
        table.MapGet("/sectors", Sectors).WithSummary("A table's industries in both languages, with the chain stages each feeds");
        table.MapGet("/violations", Violations).WithSummary("The rows where intermediate + final use differs from gross output beyond the tolerance");
        table.MapGet("/countries/{country}", Country)
            .WithSummary("A country's value-chain profile: Borin–Mancini shares of gross exports, GVC participation, where its exports' value added comes from and where its value added ends up, its industries");
        table.MapGet("/countries/{country}/industries/{sector}", Linkages)
            .WithSummary("A country × industry's linkages: the largest entries of its columns of A (direct inputs) and L (total requirements), its rows of B (allocation) and G (Ghosh inverse), multipliers, upstreamness (?top=1–100, default 15)");
        table.MapGet("/industries/{sector}", Industry).WithSummary("One industry in every country: output, value added, exports, world share, upstreamness, output multiplier");
        api.MapPost("/imports", Import).RequireAuthorization(AccountsWeb.ApiAnalystWriter).RequireTradeWriter()
            .WithSummary("Import one year of a WIOD 2016 (.xlsx or CSV) or OECD ICIO (CSV) table sent as the request body (?format=wiod2016|icio&fileName=…&year=…; analysts and organisers)");
        table.MapGet("/cascade", Cascade)
            .WithSummary("The cascade of a shock to a country's industries (?country=CHN&sector=c14&share=0.5&model=supply|demand|extraction|inoperability&days=60): output lost by country, industry and chain");
    }

    /// <summary>The analysis of a named table, or the problem to answer with (404 naming the stored tables).</summary>
    public static async Task<(IoAnalysis? Analysis, ProblemHttpResult? Problem)> FindAsync(IoService io, IoKey key, CancellationToken ct)
    {
        if (await io.AnalysisAsync(key) is { } analysis)
        {
            return (analysis, null);
        }

        var stored = (await io.ListAsync(ct)).Select(t => t.Key.ToString()).ToList();
        return (null, TypedResults.Problem(
            Messages.Format("IoNoTable", key.Source, key.Release, key.Year, stored.Count == 0 ? Messages.Format("IoNoTables") : string.Join(", ", stored)),
            statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle")));
    }

    /// <summary>
    /// Reads a shock from its query fields; the errors name the field. Sector may list several industries separated by
    /// commas, or be empty for all of the country's industries; share defaults to 1 for an extraction, days to 365.
    /// </summary>
    public static (IoShock? Shock, Dictionary<string, string[]> Errors) ParseShock(IoTable table, string? country, string? sector, string? share, string? model, string? days)
    {
        var errors = new Dictionary<string, string[]>();
        var iso = (country ?? "").Trim().ToUpperInvariant();
        if (Array.IndexOf(table.Countries, iso) < 0)
        {
            errors["country"] = [Messages.Format("IoUnknownCountry", country, string.Join(", ", table.Countries))];
        }

        var sectors = (sector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (sectors.FirstOrDefault(s => Array.IndexOf(table.Sectors, s) < 0) is { } unknown)
        {
            errors["sector"] = [Messages.Format("IoUnknownSector", unknown, string.Join(", ", table.Sectors))];
        }

        var kind = IoShockModel.Supply;
        if (model is { Length: > 0 } && !(Enum.TryParse(model, ignoreCase: true, out kind) && Enum.IsDefined(kind)))
        {
            errors["model"] = [Messages.Format("IoBadModel", model)];
        }

        var fraction = kind == IoShockModel.Extraction ? 1.0 : 0.5;
        if (share is { Length: > 0 } && !(double.TryParse(share, NumberStyles.Float, CultureInfo.InvariantCulture, out fraction) && fraction is >= 0 and <= 1))
        {
            errors["share"] = [Messages.Format("IoBadShare", share)];
        }

        var duration = 365;
        if (days is { Length: > 0 } && !(int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out duration) && duration is >= 1 and <= 3650))
        {
            errors["days"] = [Messages.Format("IoBadDays", days)];
        }

        if (kind == IoShockModel.Extraction && sectors.Length != 1 && !errors.ContainsKey("sector"))
        {
            errors["sector"] = [Messages.Format("IoExtractionOneSector")];
        }

        return errors.Count > 0 ? (null, errors) : (new IoShock(iso, sectors.Distinct().ToArray(), fraction, kind, duration), errors);
    }

    /// <summary>What is wrong with a country × industry named for its linkages (its fields named, as a shock's are).</summary>
    public static Dictionary<string, string[]> LinkagesErrors(IoTable table, string country, string sector)
    {
        var errors = new Dictionary<string, string[]>();
        if (Array.IndexOf(table.Countries, country.Trim().ToUpperInvariant()) < 0)
        {
            errors["country"] = [Messages.Format("IoUnknownCountry", country, string.Join(", ", table.Countries))];
        }

        if (Array.IndexOf(table.Sectors, sector) < 0)
        {
            errors["sector"] = [Messages.Format("IoUnknownSector", sector, string.Join(", ", table.Sectors))];
        }

        return errors;
    }

    /// <summary>The cascade as the API and the pages show it: the heat map holds the <paramref name="countries"/> that lose most.</summary>
    public static CascadeDto Describe(IoAnalysis analysis, IoCascade cascade, int countries = 20)
    {
        var t = analysis.Table;
        var s = t.Sectors.Length;
        var grid = cascade.ByCountry.Take(countries).ToDictionary(
            c => c.Country, c => cascade.Loss.AsSpan(Array.IndexOf(t.Countries, c.Country) * s, s).ToArray());
        return new CascadeDto(IoKey.Of(t), cascade.Shocks, cascade.Total, cascade.DirectLoss, cascade.ByCountry,
            t.Sectors.Select((code, k) => (code, k)).ToDictionary(p => p.code, p => cascade.BySector[p.k]), cascade.ByChain, grid);
    }

    private static async Task<Results<Ok<IoTableInfo>, ValidationProblem, ProblemHttpResult>> Import(
        HttpContext http, string format, string fileName, int? year, IoService io, AuditLog audit, ClaimsPrincipal user, LianboDbContext db,
        IOptions<UploadOptions> uploads, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var kind = format.ToLowerInvariant() switch
        {
            "wiod2016" => IoFormat.Wiod2016,
            "icio" => IoFormat.Icio,
            _ => (IoFormat?)null,
        };
        if (kind is null)
        {
            errors.Add("format", Messages.Format("IoUnknownFormat", format));
        }

        if (!Uploads.IsPlainFileName(fileName))
        {
            errors.Add("fileName", Messages.Format("BadFileName"));
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        // A year of ICIO is about 0.5 GB of CSV: the trade imports' limit.
        return await TradeApi.ImportBodyAsync(http.Request, fileName, uploads.Value.TradeBytes, async path =>
        {
            var (info, violations) = await io.ImportAsync(kind!.Value, path, year, ct);
            audit.Record(user.RequireViewer(), "io.import", "IoTable", info.Key.ToString(), after: new { format, fileName, info.Cells, violations = violations.Count });
            await db.SaveChangesAsync(ct);
            return info with { FileName = fileName };
        }, ct);
    }

    private static async Task<Results<Ok<List<SectorDto>>, ProblemHttpResult>> Sectors(string source, string release, int year, IoService io, CancellationToken ct)
    {
        var (analysis, problem) = await FindAsync(io, new IoKey(source, release, year), ct);
        if (analysis is null)
        {
            return problem!;
        }

        return TypedResults.Ok(IoSectors.NamesFor(analysis.Table)
            .Select(n => new SectorDto(n.Code, n.Name, n.NameZh, [.. analysis.StageMap.Where(l => l.Sector == n.Code)])).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<IdentityViolation>>, ProblemHttpResult>> Violations(string source, string release, int year, IoService io, CancellationToken ct)
    {
        var key = new IoKey(source, release, year);
        var (analysis, problem) = await FindAsync(io, key, ct);
        return analysis is null ? problem! : TypedResults.Ok(await io.Store.ViolationsAsync(key, ct));
    }

    private static async Task<Results<Ok<IoCountryProfile>, ValidationProblem, ProblemHttpResult>> Country(string source, string release, int year, string country, IoService io, CancellationToken ct)
    {
        var (analysis, problem) = await FindAsync(io, new IoKey(source, release, year), ct);
        if (analysis is null)
        {
            return problem!;
        }

        var iso = country.ToUpperInvariant();
        return Array.IndexOf(analysis.Table.Countries, iso) < 0
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["country"] = [Messages.Format("IoUnknownCountry", country, string.Join(", ", analysis.Table.Countries))] })
            : TypedResults.Ok(analysis.Profile(iso));
    }

    private static async Task<Results<Ok<IoLinkages>, ValidationProblem, ProblemHttpResult>> Linkages(
        string source, string release, int year, string country, string sector, int? top, IoService io, CancellationToken ct)
    {
        var (analysis, problem) = await FindAsync(io, new IoKey(source, release, year), ct);
        if (analysis is null)
        {
            return problem!;
        }

        var errors = LinkagesErrors(analysis.Table, country, sector);
        if (top is < 1 or > 100)
        {
            errors["top"] = [Messages.Format("IoBadTop", top)];
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(analysis.Linkages(country.Trim().ToUpperInvariant(), sector, top ?? 15));
    }

    private static async Task<Results<Ok<IReadOnlyList<IoIndustryRow>>, ValidationProblem, ProblemHttpResult>> Industry(string source, string release, int year, string sector, IoService io, CancellationToken ct)
    {
        var (analysis, problem) = await FindAsync(io, new IoKey(source, release, year), ct);
        if (analysis is null)
        {
            return problem!;
        }

        return Array.IndexOf(analysis.Table.Sectors, sector) < 0
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sector"] = [Messages.Format("IoUnknownSector", sector, string.Join(", ", analysis.Table.Sectors))] })
            : TypedResults.Ok(analysis.Industry(sector));
    }

    private static async Task<Results<Ok<CascadeDto>, ValidationProblem, ProblemHttpResult>> Cascade(
        string source, string release, int year, string? country, string? sector, string? share, string? model, string? days, IoService io, CancellationToken ct)
    {
        var (analysis, problem) = await FindAsync(io, new IoKey(source, release, year), ct);
        if (analysis is null)
        {
            return problem!;
        }

        var (shock, errors) = ParseShock(analysis.Table, country, sector, share, model, days);
        return shock is null ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(Describe(analysis, analysis.Cascade(shock)));
    }
}
