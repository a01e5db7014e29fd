using Lianbo.Core.Reference;

namespace Lianbo.Core.Chains;

/// <summary>The codes a product's or a goods stage's world trade is summed over in one HS revision, and whether that sum is a proxy.</summary>
/// <param name="Proxy">The codes also hold goods the product or stage does not cover, plausibly more than its own.</param>
public sealed record SeriesCodes(IReadOnlyList<string> Codes, bool Proxy);

/// <summary>
/// Which codes stand for a product or a goods stage in a trade series of a given HS revision (BACI publishes HS 1992,
/// HS 2017 and HS 2022 series):
/// <list type="bullet">
/// <item>HS 2022: the products' own codes, no conversion, never a proxy;</item>
/// <item>HS 2017: the code UNSD's HS 2022 → HS 2017 conversion gives each HS 2022 subheading of the products; a proxy
/// when such a code also receives HS 2022 subheadings that the product (for a stage: no product of it) covers;</item>
/// <item>HS 1992: the products' HS 1992 equivalents, which contain UNSD's conversion codes (see <see cref="ChainWarnings"/>).
/// A product is a proxy when it is marked so, its rationale giving the share it plausibly represents; a stage when one
/// of its marked products lists a code that no unmarked product of the stage also covers (a code the stage's own goods
/// fill, such as 852520 for phones and display modules, is not a proxy for the stage).</item>
/// </list>
/// A code listed by several products of a stage counts once.
/// </summary>
public static class ChainSeries
{
    /// <summary>The revisions a chain can be measured in, the most precise first: a page prefers them in this order.</summary>
    public static readonly IReadOnlyList<string> Revisions = [HsRevision.Hs2022, HsRevision.Hs2017, HsRevision.Hs1992];

    public static SeriesCodes Product(ProductDefinition product, string revision, HsConcordance concordance) => revision switch
    {
        HsRevision.Hs2022 => new([product.Hs2022], false),
        HsRevision.Hs1992 => new([.. product.Hs1992.Distinct(StringComparer.Ordinal)], product.Proxy),
        HsRevision.Hs2017 => Hs2017([product], concordance),
        _ => throw new ArgumentException($"No codes for revision {revision}", nameof(revision)),
    };

    public static SeriesCodes Stage(StageDefinition stage, string revision, HsConcordance concordance)
    {
        var products = stage.Products ?? [];
        switch (revision)
        {
            case HsRevision.Hs2022:
                return new([.. products.Select(p => p.Hs2022).Distinct(StringComparer.Ordinal)], false);
            case HsRevision.Hs1992:
                var own = products.Where(p => !p.Proxy).SelectMany(p => p.Hs1992).ToList();
                var proxy = products.Where(p => p.Proxy).SelectMany(p => p.Hs1992).Any(code => !own.Any(o => code.StartsWith(o, StringComparison.Ordinal)));
                return new([.. products.SelectMany(p => p.Hs1992).Distinct(StringComparer.Ordinal)], proxy);
            case HsRevision.Hs2017:
                return Hs2017(products, concordance);
            default:
                throw new ArgumentException($"No codes for revision {revision}", nameof(revision));
        }
    }

    private static SeriesCodes Hs2017(IReadOnlyList<ProductDefinition> products, HsConcordance concordance)
    {
        var codes = products.SelectMany(p => ChainWarnings.Routes(p.Hs2022, concordance)).Select(r => r.Hs2017).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var proxy = codes.Any(code => concordance.ConvertedInto(HsRevision.Hs2022, HsRevision.Hs2017, code)
            .Any(source => !products.Any(p => source.StartsWith(p.Hs2022, StringComparison.Ordinal))));
        return new(codes, proxy);
    }
}
