namespace Lianbo.Matching.Tests;

public class RecommenderTests
{
    private static readonly StageKey Minerals = new("smart-vehicles", "battery-and-metal-minerals");
    private static readonly StageKey Refined = new("smart-vehicles", "refined-materials");
    private static readonly StageKey Batteries = new("smart-vehicles", "traction-batteries-and-electric-drive");
    private static readonly StageKey Vehicles = new("smart-vehicles", "vehicles");

    private static readonly ChainGraph Chain = new([(Minerals, Refined), (Refined, Batteries), (Batteries, Vehicles)]);

    private static Profile Org(string name, string? country = "CHN", IReadOnlyList<string>? offers = null, IReadOnlyList<string>? needs = null,
        StageKey[]? stages = null, StageKey[]? needStages = null, PartnerTypes provides = PartnerTypes.Supplier, PartnerTypes seeks = PartnerTypes.None,
        bool large = false, OrganisationKind kind = OrganisationKind.Enterprise, string offerText = "", string needText = "") => new()
    {
        Id = Guid.NewGuid(), NameZh = name, NameEn = name, Country = country, OfferHs = offers ?? [], NeedHs = needs ?? [],
        Stages = stages ?? [], NeedStages = needStages ?? [], Provides = provides, Seeks = seeks, IsLarge = large, Kind = kind,
        OfferText = offerText, NeedText = needText,
    };

    [Fact]
    public void A_supplier_of_what_a_buyer_needs_is_recommended_both_ways_with_the_same_score_and_its_reasons()
    {
        var carmaker = Org("car", needs: ["850760"], stages: [Vehicles], offers: ["870380"], seeks: PartnerTypes.Supplier, provides: PartnerTypes.Buyer);
        var cells = Org("cells", offers: ["850760"], stages: [Batteries], seeks: PartnerTypes.Buyer);
        var unrelated = Org("tea", offers: ["090210"], stages: [new StageKey("green-agriculture", "crops")]);
        using var recommender = new Recommender([carmaker, cells, unrelated], Chain);

        var forCar = recommender.Recommend(carmaker.Id);
        var forCells = recommender.Recommend(cells.Id);

        var match = Assert.Single(forCar);
        Assert.Equal(cells.Id, match.Partner);
        Assert.Contains(match.Reasons, r => r is { Kind: ReasonKind.SuppliesProduct, Hs: "850760", Other: "850760" });
        Assert.Contains(match.Reasons, r => r.Kind == ReasonKind.UpstreamOfYou && r.Stage == Batteries);
        Assert.Contains(match.Reasons, r => r.Kind == ReasonKind.SoughtType);
        Assert.Equal(carmaker.Id, Assert.Single(forCells).Partner);
        Assert.Equal(match.Score, forCells[0].Score, 12);
    }

    [Fact]
    public void A_firm_seeking_research_finds_an_institute_on_its_stage_both_ways_and_a_firm_is_no_rival_of_an_institute()
    {
        // Nothing else ties them: no product needed, no adjacent stage, no text; the institute even lists the firm's product.
        var firm = Org("cells", offers: ["850760"], stages: [Batteries], seeks: PartnerTypes.Research | PartnerTypes.Buyer);
        var institute = Org("institute", offers: ["850760"], stages: [Batteries], kind: OrganisationKind.Research, provides: PartnerTypes.Research);
        var elsewhere = Org("farm lab", stages: [new StageKey("green-agriculture", "crops")], kind: OrganisationKind.Research, provides: PartnerTypes.Research);
        using var recommender = new Recommender([firm, institute, elsewhere], Chain);

        var forFirm = Assert.Single(recommender.Recommend(firm.Id));
        var forInstitute = Assert.Single(recommender.Recommend(institute.Id));

        Assert.Equal(institute.Id, forFirm.Partner);
        Assert.Contains(forFirm.Reasons, r => r.Kind == ReasonKind.ResearchOnYourStage && r.Stage == Batteries);
        Assert.Equal(firm.Id, forInstitute.Partner);
        Assert.Equal(forFirm.Score, forInstitute.Score, 12);
    }

    [Fact]
    public void Rivals_are_told_by_the_stages_entered_not_by_stages_read_from_a_text()
    {
        // Both offer wafers; the polysilicon maker's stage was read from its text, so the wafer maker still sees it as a supplier.
        var waferMaker = Org("wafers", offers: ["381800"], needs: ["280461"], stages: [Refined], seeks: PartnerTypes.Supplier);
        var polysilicon = Org("poly", offers: ["280461", "381800"], stages: [Refined], seeks: PartnerTypes.Buyer) with { StagesRead = true };
        var rival = Org("rival", offers: ["381800", "280461"], stages: [Refined], seeks: PartnerTypes.Buyer);
        using var recommender = new Recommender([waferMaker, polysilicon, rival], Chain);

        Assert.Equal([polysilicon.Id], recommender.Recommend(waferMaker.Id).Select(r => r.Partner));
    }

    [Fact]
    public void A_match_must_be_worth_something_to_both_sides()
    {
        // The lab buys cells but looks for research partners only: to the lab, the cell maker is worth half as much.
        var lab = Org("lab", needs: ["850760"], kind: OrganisationKind.Research, provides: PartnerTypes.Research | PartnerTypes.Buyer, seeks: PartnerTypes.Research);
        var cells = Org("cells", offers: ["850760"], seeks: PartnerTypes.Buyer);
        using var recommender = new Recommender([lab, cells], Chain);

        var recommendation = recommender.Recommend(cells.Id);
        var score = recommender.Score(cells.Id, lab.Id);

        Assert.NotNull(score);
        Assert.True(score.ValueToThem < score.ValueToYou);
        Assert.Single(recommendation);
        var strong = Org("buyer", needs: ["850760"], seeks: PartnerTypes.Supplier, provides: PartnerTypes.Buyer);
        recommender.Upsert(strong);
        Assert.Equal(strong.Id, recommender.Recommend(cells.Id)[0].Partner);
    }

    [Fact]
    public void The_HS_hierarchy_ranks_a_subheading_above_its_heading_above_its_chapter()
    {
        Assert.Equal(1.0, Recommender.Products(["850760"], ["850760"]).Score);
        Assert.Equal(0.85, Recommender.Products(["8507"], ["850760"]).Score);
        Assert.Equal(0.6, Recommender.Products(["850730"], ["850760"]).Score);
        Assert.Equal(0.5, Recommender.Products(["85"], ["850760"]).Score);
        Assert.Equal(0.25, Recommender.Products(["851712"], ["850760"]).Score);
        Assert.Equal(0, Recommender.Products(["870380"], ["850760"]).Score);
    }

    [Fact]
    public void The_HS_hierarchy_holds_for_national_lines_and_for_codes_that_are_not_digits()
    {
        // Ten-digit national lines, a zero that is not an empty place, and codes compared as strings (letters, too long).
        Assert.Equal(1.0, Recommender.Products(["8507600010"], ["850760"]).Score);
        Assert.Equal(1.0, Recommender.Products(["850760"], ["8507600090"]).Score);
        Assert.Equal(0.6, Recommender.Products(["8507000000"], ["850760"]).Score);
        Assert.Equal(0.85, Recommender.Products(["8507"], ["850700"]).Score);
        Assert.Equal(0.5, Recommender.Products(["08"], ["0801"]).Score);
        Assert.Equal(0.25, Recommender.Products(["0810"], ["0801"]).Score);
        Assert.Equal(0, Recommender.Products(["0108"], ["0801"]).Score);
        Assert.Equal(1.0, Recommender.Products(["8507AB"], ["8507ABC"]).Score);
        Assert.Equal(0.6, Recommender.Products(["8507AB"], ["850760"]).Score);
        Assert.Equal(0.25, Recommender.Products(["85X"], ["8507"]).Score);
        Assert.Equal(1.0, Recommender.Products(["85076000000000001"], ["850760"]).Score);
        Assert.Equal(0.6, Recommender.Products(["85076000000000001"], ["850770"]).Score);
    }

    [Fact]
    public void A_heading_finds_its_subheadings_even_when_others_fill_the_list_first()
    {
        // I need heading 8507 (I am large); an SME offering subheading 850760 fits it by 0.85 and earns the large ↔ SME
        // boost, so it is the best partner, ahead of large firms offering the heading itself. Likewise when I offer the
        // heading and an SME needs a subheading of it.
        foreach (var (needs, offers) in new[] { (true, false), (false, true) })
        {
            Profile Firm(string name, string code, bool large) => Org(name, offers: needs ? [code] : [], needs: needs ? [] : [code], large: large,
                provides: needs ? PartnerTypes.Supplier : PartnerTypes.Buyer, seeks: needs ? PartnerTypes.Buyer : PartnerTypes.Supplier);
            var me = Org("me", needs: needs ? ["8507"] : [], offers: offers ? ["8507"] : [], large: true,
                provides: needs ? PartnerTypes.Buyer : PartnerTypes.Supplier, seeks: needs ? PartnerTypes.Supplier : PartnerTypes.Buyer);
            var sme = Firm("sme", "850760", large: false);
            using var recommender = new Recommender([me, Firm("large 1", "8507", true), Firm("large 2", "8507", true), sme], Chain);

            var best = Assert.Single(recommender.Recommend(me.Id, 1));

            Assert.Equal(sme.Id, best.Partner);
            Assert.Equal(recommender.Recommend(me.Id, 10)[0].Score, best.Score);
        }
    }

    [Fact]
    public void Stage_adjacency_alone_finds_upstream_and_downstream_partners()
    {
        var refinery = Org("refinery", stages: [Refined]);
        var mine = Org("mine", stages: [Minerals]);
        var cells = Org("cells", stages: [Batteries]);
        var farm = Org("farm", stages: [new StageKey("green-agriculture", "crops")]);
        using var recommender = new Recommender([refinery, mine, cells, farm], Chain);

        var partners = recommender.Recommend(refinery.Id);

        Assert.Equal(new[] { mine.Id, cells.Id }.Order(), partners.Select(p => p.Partner).Order());
        Assert.Contains(partners.Single(p => p.Partner == mine.Id).Reasons, r => r.Kind == ReasonKind.UpstreamOfYou && r.Stage == Minerals);
        Assert.Contains(partners.Single(p => p.Partner == cells.Id).Reasons, r => r.Kind == ReasonKind.DownstreamOfYou && r.Stage == Refined);
    }

    [Fact]
    public void Exclusions_refusals_the_same_organisation_and_competitors_are_vetoed()
    {
        var buyer = Org("buyer", needs: ["850760"], stages: [Vehicles]);
        var a = Org("a", offers: ["850760"], stages: [Batteries]);
        var b = Org("b", offers: ["850760"], stages: [Batteries]);
        using var recommender = new Recommender([buyer, a, b], Chain);

        Assert.DoesNotContain(recommender.Recommend(a.Id), r => r.Partner == b.Id);
        recommender.Upsert(new Profile { Id = a.Id, NameZh = "a", NameEn = "a", OfferHs = a.OfferHs, Stages = a.Stages, AcceptsCompetitors = true, NeedHs = ["850760"] });
        Assert.Contains(recommender.Recommend(a.Id), r => r.Partner == b.Id);

        recommender.Upsert(new Profile { Id = buyer.Id, NameZh = "buyer", NameEn = "buyer", NeedHs = buyer.NeedHs, Stages = buyer.Stages, Excluded = [a.Id], Declined = [b.Id] });
        Assert.Empty(recommender.Recommend(buyer.Id));
        Assert.DoesNotContain(recommender.Recommend(b.Id), r => r.Partner == buyer.Id);
        Assert.Null(recommender.Score(buyer.Id, buyer.Id));
    }

    [Fact]
    public void An_unlisted_profile_is_recommended_to_but_never_recommended_by_products_stages_or_text()
    {
        // The hidden cell maker would be the buyer's best match on every path: product, stage and text.
        var buyer = Org("buyer", needs: ["850760"], stages: [Vehicles], needStages: [Batteries], seeks: PartnerTypes.Supplier, provides: PartnerTypes.Buyer,
            needText: "lithium-ion traction cells");
        var hidden = Org("hidden", offers: ["850760"], stages: [Batteries], seeks: PartnerTypes.Buyer, offerText: "lithium-ion traction cells") with { Listed = false };
        var listed = Org("listed", offers: ["8507"], seeks: PartnerTypes.Buyer);
        using var recommender = new Recommender([buyer, hidden, listed], Chain);

        Assert.Equal([listed.Id], recommender.Recommend(buyer.Id).Select(r => r.Partner));
        Assert.Null(recommender.Score(buyer.Id, hidden.Id));
        Assert.DoesNotContain(recommender.Recommend(buyer with { Id = Guid.NewGuid() }), r => r.Partner == hidden.Id);
        // The unlisted one still gets its own recommendations.
        Assert.Contains(recommender.Recommend(hidden.Id), r => r.Partner == buyer.Id);

        // Listed again, it is the best match; unlisted again, it leaves every list it had joined.
        recommender.Upsert(hidden with { Listed = true });
        Assert.Equal(hidden.Id, recommender.Recommend(buyer.Id)[0].Partner);
        recommender.Upsert(hidden);
        Assert.Equal([listed.Id], recommender.Recommend(buyer.Id).Select(r => r.Partner));
    }

    [Fact]
    public void The_expos_aims_boost_large_with_SME_foreign_with_domestic_and_research_with_industry()
    {
        var buyer = Org("big buyer", large: true, needs: ["850760"], seeks: PartnerTypes.Supplier, provides: PartnerTypes.Buyer);
        var largeDomestic = Org("large domestic", large: true, offers: ["850760"], seeks: PartnerTypes.Buyer);
        var smeForeign = Org("sme foreign", country: "DEU", offers: ["850760"], seeks: PartnerTypes.Buyer);
        var lab = Org("lab", kind: OrganisationKind.Research, offers: ["850760"], provides: PartnerTypes.Research | PartnerTypes.Supplier, seeks: PartnerTypes.Buyer);
        using var recommender = new Recommender([buyer, largeDomestic, smeForeign, lab], Chain);

        var ranked = recommender.Recommend(buyer.Id);

        Assert.Equal(smeForeign.Id, ranked[0].Partner);
        Assert.Contains(ranked[0].Reasons, r => r.Kind == ReasonKind.LargeAndSme);
        Assert.Contains(ranked[0].Reasons, r => r.Kind == ReasonKind.ForeignAndDomestic && r.Country == "DEU");
        Assert.Contains(ranked.Single(r => r.Partner == lab.Id).Reasons, r => r.Kind == ReasonKind.ResearchAndIndustry);
        Assert.Equal(largeDomestic.Id, ranked[^1].Partner);
        Assert.Equal(1.1 * 1.1, ranked[0].Score / ranked[^1].Score, 9);
    }

    [Fact]
    public void A_buyer_that_imports_mostly_from_one_country_is_offered_suppliers_elsewhere_first()
    {
        var buyer = new Profile
        {
            Id = Guid.NewGuid(), NameZh = "买家", NameEn = "buyer", Country = "DEU", NeedHs = ["850760"], Seeks = PartnerTypes.Supplier,
            Sourcing = [new Sourcing("850760", "KOR", 0.78)],
        };
        var korean = Org("korean", country: "KOR", offers: ["850760"]);
        var polish = Org("polish", country: "POL", offers: ["850760"]);
        using var recommender = new Recommender([buyer, korean, polish], Chain);

        var ranked = recommender.Recommend(buyer.Id);

        Assert.Equal([polish.Id, korean.Id], ranked.Select(r => r.Partner));
        Assert.Contains(ranked[0].Reasons, r => r is { Kind: ReasonKind.Diversifies, Country: "KOR", Share: 0.78, Hs: "850760" });
        Assert.DoesNotContain(ranked[1].Reasons, r => r.Kind == ReasonKind.Diversifies);
    }

    [Fact]
    public void Chinese_English_and_mixed_texts_match_by_BM25_and_edits_show_at_once()
    {
        var buyer = Org("买家", needText: "寻找动力电池电芯供应商，要求磷酸铁锂 battery cells");
        var zh = Org("电芯厂", offerText: "我们生产磷酸铁锂动力电池电芯和储能系统");
        var en = Org("cell maker", offerText: "We make lithium iron phosphate battery cells for electric vehicles");
        var tea = Org("茶厂", offerText: "我们出口绿茶和红茶");
        using var recommender = new Recommender([buyer, zh, en, tea], Chain);

        var ranked = recommender.Recommend(buyer.Id);

        Assert.Contains(ranked, r => r.Partner == zh.Id);
        Assert.Contains(ranked, r => r.Partner == en.Id);
        Assert.DoesNotContain(ranked, r => r.Partner == tea.Id);
        Assert.Contains(ranked, r => r.Reasons.Any(x => x.Kind == ReasonKind.TextMatch));

        recommender.Upsert(new Profile { Id = tea.Id, NameZh = "茶厂", NameEn = "tea", OfferText = "现在也生产动力电池电芯" });
        Assert.Contains(recommender.Recommend(buyer.Id), r => r.Partner == tea.Id);
    }

    // A population on one chain where many pairs fit: products of the stages, partner types, kinds, sizes, countries and texts drawn at random.
    private static List<Profile> Population(int count, int seed, string[][]? codes = null)
    {
        var random = new Random(seed);
        StageKey[] stages = [Minerals, Refined, Batteries, Vehicles];
        var products = codes ?? [["2530", "260400", "283691"], ["282520", "283324", "7502"], ["850760", "850780", "8501"], ["870380", "8708", "870899"]];
        string[] texts = ["锂矿 精矿", "refined lithium and nickel", "动力电池电芯 battery cells", "electric vehicles 整车", "quality export", "长期合作"];
        string[] countries = ["CHN", "CHN", "DEU", "KOR", "CHL", "AUS"];
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var stage = random.Next(stages.Length);
            var upstream = Math.Max(0, stage - 1);
            return new Profile
            {
                Id = new Guid(i + 1, 0, 0, new byte[8]), NameZh = $"机构{i}", NameEn = $"org {i}", Country = countries[random.Next(countries.Length)],
                Kind = (OrganisationKind)random.Next(3), IsLarge = random.Next(4) == 0,
                OfferHs = [products[stage][random.Next(products[stage].Length)]], NeedHs = stage == 0 ? [] : [products[upstream][random.Next(products[upstream].Length)]],
                Stages = [stages[stage]], NeedStages = random.Next(3) == 0 ? [stages[upstream]] : [],
                Provides = (PartnerTypes)(1 << random.Next(5)), Seeks = (PartnerTypes)random.Next(32),
                OfferText = $"{texts[stage]} {texts[4 + random.Next(2)]}", NeedText = stage == 0 ? "" : $"we buy {texts[upstream]}",
                AcceptsCompetitors = random.Next(10) == 0,
            };
        })];
    }

    public static TheoryData<string[][]> Codes => new(
        [["2530", "260400", "283691"], ["282520", "283324", "7502"], ["850760", "850780", "8501"], ["870380", "8708", "870899"]],
        // Codes of every length under shared headings: a heading and its subheadings, national lines, a chapter.
        [["2530", "253010", "25301020"], ["2825", "282520", "28252010", "282530"], ["8507", "850760", "85076010", "850780", "85"], ["8703", "870380", "870390", "87038010"]]);

    [Theory]
    [MemberData(nameof(Codes))]
    public void The_best_partners_are_the_first_of_all_partners_scored(string[][] codes)
    {
        // Asked for every partner, the recommender scores every candidate; asked for a few, it skips those that cannot make the list.
        var profiles = Population(500, seed: 1, codes);
        using var recommender = new Recommender(profiles, Chain);

        foreach (var profile in profiles.Take(80))
        {
            var all = recommender.Recommend(profile.Id, profiles.Count);
            foreach (var limit in new[] { 1, 5, 20 })
            {
                Assert.Equal(all.Take(limit).Select(r => (r.Partner, r.Score)), recommender.Recommend(profile.Id, limit).Select(r => (r.Partner, r.Score)));
            }
        }
    }

    [Fact]
    public async Task Many_threads_may_ask_for_recommendations_while_profiles_change()
    {
        var profiles = Population(300, seed: 2);
        using var recommender = new Recommender(profiles, Chain);
        var random = new Random(3);

        var readers = Task.Run(() => Parallel.For(0, 1000, i => recommender.Recommend(profiles[i % profiles.Count].Id, 10)), TestContext.Current.CancellationToken);
        for (var i = 0; i < 100; i++)
        {
            var profile = profiles[random.Next(profiles.Count)];
            recommender.Remove(profile.Id);
            recommender.Upsert(profile);
        }

        await readers;
        var sequential = profiles.Select(p => recommender.Recommend(p.Id, 10)).ToList();
        var parallel = new IReadOnlyList<Recommendation>[profiles.Count];
        Parallel.For(0, profiles.Count, i => parallel[i] = recommender.Recommend(profiles[i].Id, 10));
        Assert.All(Enumerable.Range(0, profiles.Count), i =>
            Assert.Equal(sequential[i].Select(r => (r.Partner, r.Score)), parallel[i].Select(r => (r.Partner, r.Score))));
    }
}
