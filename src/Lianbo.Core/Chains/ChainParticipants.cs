using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Chains;

public sealed record ParticipantDto(Guid OrganisationId, string NameZh, string NameEn, string? CountryIso3, bool IsLeader);

public sealed record CountryTally(string Iso3, int Organisations);

public sealed record StageParticipantsDto(string StageId, int Count, IReadOnlyList<ParticipantDto> Participants, IReadOnlyList<CountryTally> Countries);

/// <summary>Intentions and agreements between the participants of two stages (in either direction).</summary>
public sealed record StageLinkDto(string StageA, string StageB, int Intentions, int Agreements);

public sealed record ChainParticipantsDto(string ChainId, IReadOnlyList<StageParticipantsDto> Stages, IReadOnlyList<StageLinkDto> Links, IReadOnlyList<JointExhibitDto> JointExhibits);

/// <summary>
/// Who stands on each stage of a chain: organisations that placed themselves on the stage, or whose products
/// (HS headings or subheadings) are among the stage's codes. Only organisations that exhibit or chose to be
/// listed appear; nobody's contact details do.
/// </summary>
public sealed class ChainParticipants(LianboDbContext db, ExpoQueries expo)
{
    public async Task<ChainParticipantsDto?> ForChainAsync(string chainId, CancellationToken ct = default)
    {
        var stages = await db.Set<ChainStage>().AsNoTracking().Include(s => s.Products).Where(s => s.ChainId == chainId).OrderBy(s => s.SortOrder).ToListAsync(ct);
        if (stages.Count == 0)
        {
            return null;
        }

        var visible = Organisations.Shown(db);
        var placed = await db.OrganisationStages.Where(s => s.ChainId == chainId && visible.Any(o => o.Id == s.OrganisationId))
            .Select(s => new { s.OrganisationId, s.StageId }).ToListAsync(ct);

        // Products at heading or subheading level only: a chapter (2 digits) says too little to place anyone.
        var headings = stages.SelectMany(s => s.Products).Select(p => p.Hs2022[..4]).Distinct().ToList();
        var products = await db.OrganisationProducts.Where(p => p.Hs.Length >= 4 && headings.Contains(p.Hs.Substring(0, 4)) && visible.Any(o => o.Id == p.OrganisationId))
            .Select(p => new { p.OrganisationId, p.Hs }).ToListAsync(ct);
        var byStage = stages.ToDictionary(s => s.StageId, _ => new HashSet<Guid>());
        foreach (var p in placed)
        {
            byStage.GetValueOrDefault(p.StageId)?.Add(p.OrganisationId);
        }

        foreach (var stage in stages)
        {
            foreach (var p in products.Where(p => stage.Products.Any(c => c.Hs2022.StartsWith(p.Hs, StringComparison.Ordinal) || p.Hs.StartsWith(c.Hs2022, StringComparison.Ordinal))))
            {
                byStage[stage.StageId].Add(p.OrganisationId);
            }
        }

        var ids = byStage.Values.SelectMany(v => v).Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id))
            .Select(o => new ParticipantDto(o.Id, o.NameZh, o.NameEn, o.CountryIso3, o.IsFortuneGlobal500 || o.IsIndustryLeader))
            .ToDictionaryAsync(o => o.OrganisationId, ct);
        var result = stages.Select(s =>
        {
            var members = byStage[s.StageId].Select(id => orgs[id]).ToList();
            return new StageParticipantsDto(
                s.StageId,
                members.Count,
                // Every one of them: the panorama shows the first few and folds the rest away, without leaving anyone out.
                [.. members.OrderByDescending(m => m.IsLeader).ThenBy(m => m.NameEn, StringComparer.Ordinal)],
                [.. members.Where(m => m.CountryIso3 is not null).GroupBy(m => m.CountryIso3!).Select(g => new CountryTally(g.Key, g.Count()))
                    .OrderByDescending(c => c.Organisations).ThenBy(c => c.Iso3, StringComparer.Ordinal)]);
        }).ToList();

        return new ChainParticipantsDto(chainId, result, await LinksAsync(byStage, ids, ct), await expo.JointExhibitsAsync(j => j.ChainId == chainId, ct));
    }

    // Outcomes between two participants of the chain, counted per pair of their stages (an organisation on two
    // stages counts for both).
    private async Task<List<StageLinkDto>> LinksAsync(Dictionary<string, HashSet<Guid>> byStage, List<Guid> ids, CancellationToken ct)
    {
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => ids.Contains(o.OrganisationA) && ids.Contains(o.OrganisationB))
            .Select(o => new { o.OrganisationA, o.OrganisationB, o.Kind }).ToListAsync(ct);
        var stagesOf = ids.ToDictionary(id => id, id => byStage.Where(s => s.Value.Contains(id)).Select(s => s.Key).ToList());
        var order = byStage.Keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var tally = new Dictionary<(string, string), (int Intentions, int Agreements)>();
        foreach (var o in outcomes)
        {
            foreach (var a in stagesOf[o.OrganisationA])
            {
                foreach (var b in stagesOf[o.OrganisationB])
                {
                    var key = order[a] <= order[b] ? (a, b) : (b, a);
                    var t = tally.GetValueOrDefault(key);
                    tally[key] = o.Kind == ExpoOutcomeKind.Agreement ? (t.Intentions, t.Agreements + 1) : (t.Intentions + 1, t.Agreements);
                }
            }
        }

        return [.. tally.OrderBy(t => order[t.Key.Item1]).ThenBy(t => order[t.Key.Item2]).Select(t => new StageLinkDto(t.Key.Item1, t.Key.Item2, t.Value.Intentions, t.Value.Agreements))];
    }
}
