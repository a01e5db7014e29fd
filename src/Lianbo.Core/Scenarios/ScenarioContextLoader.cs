using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Scenarios;

/// <summary>The names a scenario may use, read from the platform store: what <see cref="ScenarioValidator"/> checks against.</summary>
public static class ScenarioContextLoader
{
    /// <summary>
    /// Countries (ISO3), country groups with their members, HS 1992 codes at 2, 4 and 6 digits, chains with their
    /// stages. <paramref name="gravityYears"/> come from the caller: the gravity panel is Lianbo.Trade's, which Core
    /// does not reference.
    /// </summary>
    public static async Task<ScenarioContext> LoadAsync(LianboDbContext db, IReadOnlySet<int> gravityYears, CancellationToken ct = default)
    {
        var countries = (await db.Countries.AsNoTracking().Select(c => c.Iso3).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var members = await db.CountryGroupMembers.AsNoTracking().Select(m => new { m.GroupCode, m.Iso3 }).ToListAsync(ct);
        var groupCodes = await db.CountryGroups.AsNoTracking().Select(g => g.Code).ToListAsync(ct);
        var byGroup = members.ToLookup(m => m.GroupCode, m => m.Iso3, StringComparer.Ordinal);
        // A group without members still exists (its name is known): it expands to no country.
        var groups = groupCodes.ToDictionary(code => code, IReadOnlyList<string> (code) => [.. byGroup[code].Order(StringComparer.Ordinal)], StringComparer.Ordinal);
        var hs = (await db.HsCodes.AsNoTracking().Where(c => c.Revision == HsRevision.Hs1992).Select(c => c.Code).ToListAsync(ct))
            .Where(c => c.Length is 2 or 4 or 6).ToHashSet(StringComparer.Ordinal);
        var stages = await db.Set<ChainStage>().AsNoTracking().Select(s => new { s.ChainId, s.StageId }).ToListAsync(ct);
        var chainIds = await db.Chains.AsNoTracking().Select(c => c.Id).ToListAsync(ct);
        var stagesByChain = stages.ToLookup(s => s.ChainId, s => s.StageId, StringComparer.Ordinal);
        var chains = chainIds.ToDictionary(id => id, IReadOnlySet<string> (id) => stagesByChain[id].ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        return new ScenarioContext(countries, groups, hs, chains, gravityYears);
    }
}
