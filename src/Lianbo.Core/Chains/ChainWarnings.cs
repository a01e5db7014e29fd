using Lianbo.Core.Reference;

namespace Lianbo.Core.Chains;

/// <summary>
/// Where UNSD's conversion puts one HS 2022 subheading of a product: the HS 1992 code it converts to directly (what
/// BACI's HS 1992 series does with reports in HS 2022), its HS 2017 code, and the HS 1992 code that one converts to
/// (what the series does with reports in HS 2017). Null where a table lacks the code.
/// </summary>
public sealed record HsRoute(string Hs2022, string? Hs1992, string? Hs2017, string? Hs2017To1992);

/// <summary>
/// The checks of a chain against UNSD's tables that do not stop it from being stored, since an organiser may have
/// reasons: each names file, chain, stage, product (its HS 2022 code) and the HS 1992 code at fault.
/// <list type="bullet">
/// <item>a product's HS 1992 equivalents miss the code UNSD converts one of its HS 2022 subheadings to, directly or
/// through HS 2017 (BACI's HS 1992 series then counts that trade elsewhere);</item>
/// <item>two stages list the same HS 1992 code, or a heading and one of its subheadings (the stages count the same trade twice);</item>
/// <item>a listed HS 1992 code receives nothing from HS 2017 or HS 2022 reporters (no code of either converts to it),
/// so it counts zero in recent years.</item>
/// </list>
/// </summary>
public static class ChainWarnings
{
    /// <summary>What kind of warning a problem is, for programs (the CLI counts them, the API returns them).</summary>
    public const string MissingConversion = "missing-conversion";
    public const string SharedCode = "shared-code";
    public const string NoLaterData = "no-later-data";

    /// <summary>The route of every HS 2022 subheading a product covers (a heading covers all of its subheadings).</summary>
    public static IReadOnlyList<HsRoute> Routes(string hs2022, HsConcordance concordance) =>
        [.. concordance.Subheadings(HsRevision.Hs2022, hs2022).Select(code =>
        {
            var hs2017 = concordance.Convert(HsRevision.Hs2022, HsRevision.Hs2017, code);
            return new HsRoute(code, concordance.Convert(HsRevision.Hs2022, HsRevision.Hs1992, code), hs2017,
                hs2017 is null ? null : concordance.Convert(HsRevision.Hs2017, HsRevision.Hs1992, hs2017));
        })];

    public static List<ChainProblem> Find(IReadOnlyList<ChainDefinition> chains, HsConcordance concordance) =>
        [.. chains.SelectMany(chain => Find(chain, concordance))];

    /// <summary>The warnings of one chain; none when UNSD's tables are not loaded (a store before its first reference load).</summary>
    public static IEnumerable<ChainProblem> Find(ChainDefinition chain, HsConcordance concordance) =>
        concordance.HasConversion(HsRevision.Hs2022, HsRevision.Hs1992) && concordance.HasConversion(HsRevision.Hs2017, HsRevision.Hs1992)
            ? FindIn(chain, concordance)
            : [];

    private static IEnumerable<ChainProblem> FindIn(ChainDefinition chain, HsConcordance concordance)
    {
        ChainProblem Warning(int stage, int product, string kind, string message)
        {
            var s = chain.Stages[stage];
            return new(chain.File, chain.Id, s.Id, s.Products![product].Hs2022, message) { Field = $"stages[{stage}].products[{product}].hs1992", Warning = kind };
        }

        // Every listed HS 1992 code with the first stage and product that list it, for the double-counting check.
        var listed = new List<(string Code, int Stage, string Product)>();
        for (var i = 0; i < chain.Stages.Count; i++)
        {
            var products = chain.Stages[i].Products ?? [];
            for (var k = 0; k < products.Count; k++)
            {
                var product = products[k];
                bool Listed(string code) => product.Hs1992.Any(l => Covers(l, code));

                // Each missing code once per product, with the first subheading that leads to it.
                var missing = new HashSet<string>(StringComparer.Ordinal);
                foreach (var route in Routes(product.Hs2022, concordance))
                {
                    if (route.Hs1992 is { } direct && !Listed(direct) && missing.Add(direct))
                    {
                        yield return Warning(i, k, MissingConversion, Messages.Format("Hs1992MissesConversion", direct, route.Hs2022));
                    }

                    if (route.Hs2017To1992 is { } via && !Listed(via) && missing.Add(via))
                    {
                        yield return Warning(i, k, MissingConversion, Messages.Format("Hs1992MissesConversionVia2017", via, route.Hs2022, route.Hs2017));
                    }
                }

                foreach (var code in product.Hs1992.Distinct(StringComparer.Ordinal))
                {
                    if (concordance.ConvertedInto(HsRevision.Hs2022, HsRevision.Hs1992, code).Count == 0
                        && concordance.ConvertedInto(HsRevision.Hs2017, HsRevision.Hs1992, code).Count == 0)
                    {
                        yield return Warning(i, k, NoLaterData, Messages.Format("Hs1992NoLaterData", code));
                    }

                    // Once per pair of stages and code: against the first earlier stage that lists it (or an overlapping code).
                    if (listed.FirstOrDefault(l => l.Stage != i && (Covers(l.Code, code) || Covers(code, l.Code))) is { Product: not null } other)
                    {
                        yield return Warning(i, k, SharedCode, Messages.Format("Hs1992InTwoStages", code, chain.Stages[other.Stage].Id, other.Product, other.Code));
                    }
                }

                listed.AddRange(product.Hs1992.Select(code => (code, i, product.Hs2022)));
            }
        }
    }

    // A listed code covers a code when it is that code or its heading.
    private static bool Covers(string listed, string code) => code.StartsWith(listed, StringComparison.Ordinal);
}
