using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Lianbo.Matching;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Matchmaking;

/// <summary>A question to the trade data: an importing country (ISO alpha-3) and products (HS 1992 codes of 2, 4 or 6 digits) taken together.</summary>
public sealed record SourcingQuestion(string Importer, IReadOnlyList<string> Hs1992);

/// <summary>The country an importer buys most of the products from, and its share of the importer's imports of them (0–1).</summary>
public sealed record MainSupplier(string Country, double Share);

/// <summary>
/// Where countries import products from, for the recommender's resilience boost. The trade engine answers it over
/// its store (the web app and the CLI plug that in; Lianbo.Core does not reference Lianbo.Trade);
/// <see cref="None"/> knows nothing, and the recommender then gives no such boost.
/// </summary>
public interface ISourcingLookup
{
    /// <summary>For each question, in order: the main supplier in the trade year the lookup reads, or null when it has no such imports.</summary>
    Task<IReadOnlyList<MainSupplier?>> MainSuppliersAsync(IReadOnlyList<SourcingQuestion> questions, CancellationToken ct = default);

    static ISourcingLookup None { get; } = new NoSourcing();
}

file sealed class NoSourcing : ISourcingLookup
{
    public Task<IReadOnlyList<MainSupplier?>> MainSuppliersAsync(IReadOnlyList<SourcingQuestion> questions, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<MainSupplier?>>(new MainSupplier?[questions.Count]);
}

/// <summary>
/// The sourcing of every (country, needed product) pair of a snapshot, looked up at once. Needs are HS 2022 codes and
/// BACI is HS 1992, so a need is mapped as follows: the HS 1992 equivalents the chain definitions give for that HS 2022
/// code (reviewed by hand and checked against UNSD's conversion, e.g. 850760 lithium-ion → 850780); else the same code
/// when HS 1992 has it (most headings and many subheadings did not change); else the nearest broader code HS 1992 has
/// (its heading, then its chapter). A need that maps to nothing gets no sourcing.
/// </summary>
internal sealed class SourcingTable(Dictionary<(string Country, string Hs), Sourcing> found)
{
    public IReadOnlyList<Sourcing> For(string? country, IEnumerable<string> needs) =>
        country is null ? [] : [.. needs.Distinct(StringComparer.Ordinal).Select(hs => found.GetValueOrDefault((country, hs))).OfType<Sourcing>()];

    public static async Task<SourcingTable> LookUpAsync(LianboDbContext db, ISourcingLookup lookup, IEnumerable<(string Country, string Hs)> needs, CancellationToken ct)
    {
        var pairs = needs.Distinct().ToList();
        if (pairs.Count == 0 || ReferenceEquals(lookup, ISourcingLookup.None))
        {
            return new SourcingTable([]);
        }

        var codes = pairs.Select(p => p.Hs).Distinct(StringComparer.Ordinal).ToList();
        var equivalents = await HsEquivalentsAsync(db, codes, ct);
        var questions = pairs.Where(p => equivalents.ContainsKey(p.Hs)).ToList();
        var answers = await lookup.MainSuppliersAsync([.. questions.Select(q => new SourcingQuestion(q.Country, equivalents[q.Hs]))], ct);
        return new SourcingTable(questions.Zip(answers)
            .Where(x => x.Second is not null)
            .ToDictionary(x => x.First, x => new Sourcing(x.First.Hs, x.Second!.Country, x.Second.Share)));
    }

    // HS 2022 code → the HS 1992 codes that stand for it (see the class summary for the rule).
    private static async Task<Dictionary<string, IReadOnlyList<string>>> HsEquivalentsAsync(LianboDbContext db, List<string> codes, CancellationToken ct)
    {
        var byChains = (await db.Set<ChainProduct>().AsNoTracking().Where(p => codes.Contains(p.Hs2022)).Select(p => new { p.Hs2022, p.Hs1992 }).ToListAsync(ct))
            .GroupBy(p => p.Hs2022)
            .ToDictionary(g => g.Key, g => g.SelectMany(p => Matchmaker.Split(p.Hs1992)).Distinct(StringComparer.Ordinal).ToList());
        var broader = codes.SelectMany(Broader).Distinct(StringComparer.Ordinal).ToList();
        var hs1992 = (await db.HsCodes.AsNoTracking().Where(h => h.Revision == HsRevision.Hs1992 && broader.Contains(h.Code)).Select(h => h.Code).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            if (byChains.GetValueOrDefault(code) is { Count: > 0 } chain)
            {
                result[code] = chain;
            }
            else if (Broader(code).FirstOrDefault(hs1992.Contains) is { } same)
            {
                result[code] = [same];
            }
        }

        return result;
    }

    // The code itself, its heading, its chapter: the candidates in HS 1992, most precise first.
    private static IEnumerable<string> Broader(string code) =>
        new[] { code, code.Length > 4 ? code[..4] : null, code.Length > 2 ? code[..2] : null }.OfType<string>();
}
