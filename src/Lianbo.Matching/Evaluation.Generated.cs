using System.Globalization;

namespace Lianbo.Matching;

public static partial class Evaluation
{
    private static readonly string[] Countries = ["CHN", "CHN", "CHN", "CHN", "DEU", "JPN", "KOR", "USA", "FRA", "BRA", "CHL", "AUS", "IDN", "VNM", "MYS", "SGP", "ZAF", "SAU"];
    private static readonly string[] Words = ["reliable", "certified", "export", "quality", "capacity", "delivery", "custom", "OEM", "ISO", "long-term", "stable", "global", "优质", "出口", "认证", "长期合作"];

    private sealed record StageProducts(StageKey Key, string NameZh, string NameEn, IReadOnlyList<(string Hs, string Name)> Products);

    /// <summary>
    /// A population with planted complementary pairs. Each buyer stands on a stage S and needs two specific products
    /// (6-digit subheadings made for it) of a stage U that supplies S; its 3 true partners stand on U and offer them.
    /// Distractors: 3 competitors per buyer (the same stage, offers and needs: tag overlap ranks them first), a
    /// near miss per buyer (stage U, the same heading but another subheading), and random organisations.
    /// </summary>
    public static (IReadOnlyList<Profile> Profiles, IReadOnlyList<(Guid Query, IReadOnlySet<Guid> Relevant)> Queries) Generate(
        IReadOnlyList<ChainFile> chains, int organisations, int buyers, int seed)
    {
        var random = new Random(seed);
        var stages = chains.SelectMany(c => c.Stages.Where(s => s.Products.Count > 0).Select(s => new StageProducts(new StageKey(c.Id, s.Id), s.NameZh, s.NameEn,
            [.. s.Products.Select(p => (p.Hs2022, Name(p)))]))).ToDictionary(s => s.Key);
        var links = chains.SelectMany(c => c.Edges.Select(e => (From: new StageKey(c.Id, e.From), To: new StageKey(c.Id, e.To))))
            .Where(l => stages.ContainsKey(l.From) && stages.ContainsKey(l.To)).ToList();
        var stageList = stages.Values.ToList();
        var profiles = new List<Profile>();
        var queries = new List<(Guid, IReadOnlySet<Guid>)>();
        var n = 0;

        Profile Org(StageProducts stage, IReadOnlyList<string> offers, IReadOnlyList<string> needs, IReadOnlyList<StageKey> needStages,
            PartnerTypes provides, PartnerTypes seeks, string offerText, string needText)
        {
            var country = Countries[random.Next(Countries.Length)];
            var filler = $"{Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]}";
            var profile = new Profile
            {
                Id = new Guid(++n, 0, 0, new byte[8]), NameZh = $"机构{n}", NameEn = $"Organisation {n}", Country = country, IsLarge = random.NextDouble() < 0.2,
                OfferHs = offers, NeedHs = needs, Stages = [stage.Key], NeedStages = needStages, Provides = provides, Seeks = seeks,
                OfferText = $"{(country == "CHN" ? stage.NameZh : stage.NameEn)} {offerText} {filler}", NeedText = needText,
            };
            profiles.Add(profile);
            return profile;
        }

        string Sub(string hs) => hs[..Math.Min(4, hs.Length)].PadRight(4, '0') + random.Next(10, 100).ToString(CultureInfo.InvariantCulture);

        for (var b = 0; b < buyers; b++)
        {
            var (fromKey, toKey) = links[random.Next(links.Count)];
            var (u, s) = (stages[fromKey], stages[toKey]);
            var needed = u.Products.OrderBy(_ => random.Next()).Take(2).Select(p => (Hs: Sub(p.Hs), p.Name)).ToList();
            var offered = s.Products.OrderBy(_ => random.Next()).Take(2).ToList();
            IReadOnlyList<StageKey> needStages = random.NextDouble() < 0.5 ? [u.Key] : [];
            var needText = "We buy " + string.Join(" and ", needed.Select(p => p.Name));
            var offerText = string.Join(", ", offered.Select(p => p.Name));
            var buyer = Org(s, [.. offered.Select(p => p.Hs)], [.. needed.Select(p => p.Hs)], needStages, PartnerTypes.Buyer, PartnerTypes.Supplier, offerText, needText);
            var partners = new HashSet<Guid>();
            for (var j = 0; j < 3; j++)
            {
                var product = needed[j % needed.Count];
                var extra = u.Products[random.Next(u.Products.Count)];
                partners.Add(Org(u, [product.Hs, extra.Hs], [], [], PartnerTypes.Supplier, PartnerTypes.Buyer,
                    $"{product.Name}, {extra.Name}", $"buyers of {product.Name}").Id);
                Org(s, buyer.OfferHs, buyer.NeedHs, needStages, PartnerTypes.Buyer | PartnerTypes.Supplier, PartnerTypes.Supplier | PartnerTypes.Buyer, offerText, needText);
            }

            var miss = needed[0];
            Org(u, [Sub(miss.Hs)], [], [], PartnerTypes.Supplier, PartnerTypes.Buyer, miss.Name, $"buyers of {miss.Name}");
            queries.Add((buyer.Id, partners));
        }

        while (profiles.Count < organisations)
        {
            var stage = stageList[random.Next(stageList.Count)];
            var offered = stage.Products.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
            var upstream = links.Where(l => l.To == stage.Key).Select(l => stages[l.From]).ToList();
            var needed = upstream.Count == 0 ? [] : upstream[random.Next(upstream.Count)].Products.OrderBy(_ => random.Next()).Take(1).ToList();
            var seeks = (PartnerTypes)(1 << random.Next(3));
            Org(stage, [.. offered.Select(p => p.Hs)], [.. needed.Select(p => p.Hs)], [], PartnerTypes.Supplier, seeks,
                string.Join(", ", offered.Select(p => p.Name)), needed.Count == 0 ? "" : "We buy " + needed[0].Name);
        }

        return (profiles, queries);
    }

    // A product's name for texts: the rationale's first clause ("Lithium-ion accumulators: EV cells…").
    private static string Name(ChainProduct p)
    {
        var text = p.Rationale;
        var end = text.IndexOfAny([':', ';', '.', '(']);
        return (end > 0 ? text[..end] : text).Trim() is { Length: > 0 } name ? name : $"HS {p.Hs2022}";
    }
}
