using Lianbo.Core.Data;
using Lianbo.Core.Files;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Chains;

public sealed record ChainSummaryDto(string Id, string Version, ChainKind Kind, int Order, string NameZh, string NameEn, string Colour, int Stages, int Products, bool IsBuiltIn);

/// <summary>
/// Where a product sits: a stage of a chain that covers it (exactly, or through its heading). <paramref name="Proxy"/>:
/// the figure of the code asked about stands for the product only in part (see <see cref="ProductDefinition.Proxy"/>).
/// </summary>
public sealed record ProductPlacementDto(string ChainId, string ChainNameZh, string ChainNameEn, string StageId, string StageNameZh, string StageNameEn, StagePosition Position, string Hs2022, string Rationale, bool Proxy = false);

/// <summary>
/// Chains in the platform store: the shipped ones loaded from data/chains, all read and exported here; organisers'
/// changes go through <see cref="ChainCommands"/>, which checks, audits and then writes with this store.
/// </summary>
public sealed class ChainStore(LianboDbContext db)
{
    /// <summary>The problems of these chains against the stored nomenclatures; none means they may be stored.</summary>
    public async Task<List<ChainProblem>> CheckAsync(IReadOnlyList<ChainDefinition> chains, CancellationToken ct = default)
    {
        var hs2022 = (await db.HsCodes.Where(c => c.Revision == HsRevision.Hs2022).Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var hs1992 = (await db.HsCodes.Where(c => c.Revision == HsRevision.Hs1992).Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return ChainValidator.Validate(chains, hs2022, hs1992);
    }

    /// <summary>The warnings of these chains against UNSD's conversions (see <see cref="ChainWarnings"/>): they do not stop a chain from being stored.</summary>
    public async Task<List<ChainProblem>> WarningsAsync(IReadOnlyList<ChainDefinition> chains, CancellationToken ct = default) =>
        ChainWarnings.Find(chains, await ConcordanceAsync(ct));

    /// <summary>UNSD's conversions as the last reference load stored them.</summary>
    public async Task<HsConcordance> ConcordanceAsync(CancellationToken ct = default) =>
        new(await db.HsConversions.AsNoTracking().ToListAsync(ct));

    /// <summary>
    /// Replaces the chains with these ids by the given (checked) definitions, in one transaction; whatever else the
    /// context holds (an audit entry) is saved with them.
    /// </summary>
    internal async Task WriteAsync(IReadOnlyList<ChainDefinition> chains, bool builtIn, CancellationToken ct)
    {
        var ids = chains.Select(c => c.Id).ToList();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await DeleteRowsAsync(ids, ct);
            db.Set<Chain>().AddRange(chains.Select(c => ToEntity(c, builtIn)));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();
    }

    /// <summary>Removes chains with their stages, edges and products, in one transaction with what else the context holds.</summary>
    internal async Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await DeleteRowsAsync(ids, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();
    }

    private async Task DeleteRowsAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        await db.Set<ChainProduct>().Where(p => ids.Contains(p.ChainId)).ExecuteDeleteAsync(ct);
        await db.Set<ChainEdge>().Where(e => ids.Contains(e.ChainId)).ExecuteDeleteAsync(ct);
        await db.Set<ChainStage>().Where(s => ids.Contains(s.ChainId)).ExecuteDeleteAsync(ct);
        await db.Set<Chain>().Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);
    }

    /// <summary>Whether the chain is a shipped one (read-only for organisers); false also when there is no such chain.</summary>
    public Task<bool> IsBuiltInAsync(string id, CancellationToken ct = default) =>
        db.Set<Chain>().AnyAsync(c => c.Id == id && c.IsBuiltIn, ct);

    /// <summary>Which of these ids are stored, and whether each is built in.</summary>
    internal async Task<Dictionary<string, bool>> ExistingAsync(IReadOnlyList<string> ids, CancellationToken ct) =>
        await db.Set<Chain>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.IsBuiltIn, StringComparer.Ordinal, ct);

    /// <summary>Whether an edition (zone, joint exhibit) or an organisation's profile refers to the chain.</summary>
    public async Task<bool> IsInUseAsync(string id, CancellationToken ct = default) =>
        await db.Zones.AnyAsync(z => z.ChainId == id, ct) || await db.JointExhibits.AnyAsync(j => j.ChainId == id, ct) ||
        await db.OrganisationStages.AnyAsync(s => s.ChainId == id, ct);

    /// <summary>Imports data/chains at start-up, when the files changed since the last time; a bad file stops the start.</summary>
    public async Task<bool> LoadShippedAsync(string directory, CancellationToken ct = default)
    {
        var chains = ChainFiles.ReadDirectory(directory);
        const string name = "chains";
        var stored = await db.ReferenceFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Name == name, ct);
        // One fingerprint over the files' content as read, so that an unchanged set is not imported again.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", chains.Select(ChainFiles.Write)))));
        if (stored?.Sha256 == hash)
        {
            return false;
        }

        var problems = await CheckAsync(chains, ct);
        if (problems.Count > 0)
        {
            throw new DataFileException(problems[0].File, null, string.Join("; ", problems.Select(p => p.ToString())));
        }

        await WriteAsync(chains, builtIn: true, ct);

        await db.ReferenceFiles.Where(f => f.Name == name).ExecuteDeleteAsync(ct);
        db.ReferenceFiles.Add(new Reference.ReferenceFile { Name = name, Sha256 = hash, Rows = chains.Count, LoadedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<List<ChainSummaryDto>> ListAsync(CancellationToken ct = default) =>
        await db.Set<Chain>().AsNoTracking().OrderBy(c => c.Order).ThenBy(c => c.Id)
            .Select(c => new ChainSummaryDto(c.Id, c.Version, c.Kind, c.Order, c.NameZh, c.NameEn, c.Colour, c.Stages.Count, c.Stages.SelectMany(s => s.Products).Count(), c.IsBuiltIn))
            .ToListAsync(ct);

    /// <summary>The chain as a definition: the shape of its file, ready to show or to export.</summary>
    public async Task<ChainDefinition?> GetAsync(string id, CancellationToken ct = default)
    {
        var chain = await db.Set<Chain>().AsNoTracking().Include(c => c.Stages).ThenInclude(s => s.Products).Include(c => c.Edges)
            .AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, ct);
        return chain is null ? null : new ChainDefinition(chain.Id, chain.Version, chain.Kind, chain.Order, chain.NameZh, chain.NameEn, chain.DescriptionZh, chain.DescriptionEn, chain.Colour,
            [.. chain.Stages.OrderBy(s => s.SortOrder).Select(s => new StageDefinition(s.StageId, s.NameZh, s.NameEn, s.Position, s.Kind,
                s.Kind == StageKind.Services ? null : [.. s.Products.OrderBy(p => p.Hs2022, StringComparer.Ordinal).Select(p => new ProductDefinition(p.Hs2022, p.Hs1992.Split(','), p.Rationale, p.Proxy))]))],
            [.. chain.Edges.OrderBy(e => e.FromStage, StringComparer.Ordinal).ThenBy(e => e.ToStage, StringComparer.Ordinal).Select(e => new EdgeDefinition(e.FromStage, e.ToStage))]) { File = chain.Id + ".json" };
    }

    /// <summary>
    /// The stages that cover an HS 2022 code: a product listed as that code, as its heading, or (for a heading)
    /// as one of its subheadings.
    /// </summary>
    public Task<List<ProductPlacementDto>> PlacementsAsync(string hs2022, CancellationToken ct = default) =>
        PlacementsAsync(hs2022, HsRevision.Hs2022, ct);

    /// <summary>
    /// The same for a code of any revision a trade series uses: an HS 1992 code (BACI's HS92) is matched against each
    /// product's HS 1992 equivalents by the same rule, an HS 2017 code (HS17) against the codes UNSD converts the
    /// product to, so trade pages can say which stages use what they show and whether the figure is a proxy for them.
    /// </summary>
    public async Task<List<ProductPlacementDto>> PlacementsAsync(string code, string revision, CancellationToken ct = default)
    {
        var query = from p in db.Set<ChainProduct>().AsNoTracking()
                    join s in db.Set<ChainStage>() on new { p.ChainId, p.StageId } equals new { s.ChainId, s.StageId }
                    join c in db.Set<Chain>() on p.ChainId equals c.Id
                    orderby c.Order, s.SortOrder
                    select new { Placement = new ProductPlacementDto(c.Id, c.NameZh, c.NameEn, s.StageId, s.NameZh, s.NameEn, s.Position, p.Hs2022, p.Rationale, false), p.Hs1992, p.Proxy };
        // A few hundred products in all: matched in memory, where one rule serves every revision (HS 1992 codes are a list).
        var rows = await query.ToListAsync(ct);
        var concordance = revision == HsRevision.Hs2017 ? await ConcordanceAsync(ct) : null;
        return [.. rows.Select(r => (r.Placement, Codes: concordance is null
                ? new SeriesCodes(revision == HsRevision.Hs1992 ? r.Hs1992.Split(',') : [r.Placement.Hs2022], revision == HsRevision.Hs1992 && r.Proxy)
                : ChainSeries.Product(new ProductDefinition(r.Placement.Hs2022, [], ""), HsRevision.Hs2017, concordance)))
            .Where(r => r.Codes.Codes.Any(listed => Covers(listed, code)))
            .Select(r => r.Placement with { Proxy = r.Codes.Proxy })];
    }

    // A listed code covers the code asked for when it is that code, its heading, or (for a heading asked) one of its subheadings.
    private static bool Covers(string listed, string code) =>
        listed == code || (code.Length >= 4 && listed == code[..4]) || listed.StartsWith(code, StringComparison.Ordinal);

    private static Chain ToEntity(ChainDefinition c, bool builtIn) => new()
    {
        Id = c.Id, Version = c.Version, Kind = c.Kind, Order = c.Order, NameZh = c.NameZh, NameEn = c.NameEn,
        DescriptionZh = c.DescriptionZh, DescriptionEn = c.DescriptionEn, Colour = c.Colour, IsBuiltIn = builtIn,
        Stages = [.. c.Stages.Select((s, i) => new ChainStage
        {
            ChainId = c.Id, StageId = s.Id, SortOrder = i, NameZh = s.NameZh, NameEn = s.NameEn, Position = s.Position, Kind = s.Kind,
            Products = [.. (s.Products ?? []).Select(p => new ChainProduct { ChainId = c.Id, StageId = s.Id, Hs2022 = p.Hs2022, Hs1992 = string.Join(",", p.Hs1992), Rationale = p.Rationale, Proxy = p.Proxy })],
        })],
        Edges = [.. c.Edges.Select(e => new ChainEdge { ChainId = c.Id, FromStage = e.From, ToStage = e.To })],
    };
}
