namespace Lianbo.Matching.Tests;

public class ProductTermsTests
{
    // The names of a few HS codes, as the reference files give them, and two reviewed lines.
    private static readonly HsName[] Names =
    [
        new("0901", "Coffee, whether or not roasted or decaffeinated; coffee husks and skins", "咖啡，不论是否焙炒或浸除咖啡碱；咖啡豆荚及咖啡豆皮"),
        new("090111", "Coffee; not roasted, not decaffeinated", "未焙炒的咖啡，未浸除咖啡碱"),
        new("0902", "Tea, whether or not flavoured", "茶，不论是否加香料"),
        new("8506", "Cells and batteries; primary", "原电池及原电池组"),
        new("850760", "Electric accumulators; lithium-ion", "锂离子蓄电池"),
        new("7315", "Chain and parts thereof, of iron or steel", "钢铁链及其零件"),
        new("741011", "Copper foil; refined copper, not backed", "精炼铜箔"),
    ];

    private static readonly ProductSynonym[] Reviewed =
    [
        new(["0901"], ["咖啡生豆", "生豆"], ["green coffee", "Arabica"]),
        new(["850760"], ["锂电池", "电芯", "动力电池"], ["Li-ion battery", "battery cells", "EV battery"]),
        new(["741011"], ["锂电铜箔"], ["copper foil"]),
        new(["850790"], ["隔膜"], ["separator film"]),
    ];

    private static ProductTerms Terms() => ProductTerms.Build(Names, Reviewed, ["0901", "0902", "8506", "8507", "7410"]);

    private static string[] Codes(ProductTerms terms, string text) => [.. terms.Find(text).Select(m => m.Hs)];

    [Fact]
    public void A_Chinese_need_and_an_English_offer_name_the_same_code_with_their_own_words()
    {
        using var terms = Terms();

        var zh = Assert.Single(terms.Find("采购埃塞俄比亚水洗咖啡生豆，每年约20个货柜"));
        var en = Assert.Single(terms.Find("Washed Yirgacheffe green coffee, Grade 1"));

        Assert.Equal(("0901", "咖啡生豆", true), (zh.Hs, zh.Words, zh.Chinese));
        Assert.Equal(("0901", "green coffee", false), (en.Hs, en.Words, en.Chinese));
        // Stemmed English and the HS names' own first clauses count too: "Teas" is tea, a name read in either language.
        Assert.Equal(["0902"], Codes(terms, "Black teas from Kericho"));
        Assert.Equal(["0901"], Codes(terms, "云南咖啡"));
        Assert.Empty(Codes(terms, "We build supply-chain software"));
    }

    [Fact]
    public void The_longest_term_wins_and_a_name_outside_the_scope_or_naming_nothing_is_not_read()
    {
        using var terms = Terms();

        // "Li-ion battery" is one term, not "battery" and something else; "chain" (7315) is outside the scope given.
        Assert.Equal(["850760"], Codes(terms, "Li-ion battery supply chain"));
        // "Cells and batteries" (8506) would give its first item, but "cells" alone names nothing.
        Assert.Empty(Codes(terms, "cells for remote controls"));
    }

    [Fact]
    public void A_product_named_as_a_use_or_an_industry_or_as_the_first_noun_of_a_compound_is_not_read()
    {
        using var terms = Terms();

        // What a product is for, and who buys it, are not what is offered...
        Assert.Equal(["741011"], Codes(terms, "Copper foil for EV battery makers"));
        Assert.Equal(["741011"], Codes(terms, "锂电铜箔，用于动力电池"));
        Assert.Empty(Codes(terms, "可供电芯企业"));
        Assert.Empty(Codes(terms, "serving Li-ion battery producers"));
        // ... but looking for it is.
        Assert.Equal(["850760"], Codes(terms, "Looking for battery cells"));
        // "Li-ion battery copper foil" is copper foil, "动力电池隔膜" a separator film.
        Assert.Equal(["741011"], Codes(terms, "Li-ion battery copper foil, 6 µm"));
        Assert.Equal(["850790"], Codes(terms, "动力电池隔膜"));
    }

    [Fact]
    public void Applied_to_a_profile_the_read_codes_join_the_entered_ones_unless_removed_or_entered_already()
    {
        using var terms = Terms();
        var stages = new ProductStages([(new StageKey("green-agriculture", "crops"), "0901"), (new StageKey("smart-vehicles", "traction-batteries-and-electric-drive"), "850760")]);
        var profile = new Profile
        {
            Id = Guid.NewGuid(), NameZh = "x", NameEn = "x", OfferHs = ["850760"], OfferText = "电芯与锂电池包", NeedText = "采购咖啡生豆; black tea",
        };

        var read = terms.Apply(profile, stages);
        var removed = terms.Apply(profile, stages, rejectedNeeds: ["0901"]);

        // The offer text's codes are entered already; the need's are read, with the words that named them.
        Assert.Equal(["850760"], read.OfferHs);
        Assert.Equal(["0901", "0902"], read.NeedHs);
        Assert.Equal("咖啡生豆", read.InferredFrom(false, "0901")!.Words);
        Assert.Null(read.InferredFrom(true, "850760"));
        // No stage of its own: the entered ones stay as they are (none), since only read offers give stages.
        Assert.Empty(read.Stages);
        Assert.Equal([new StageKey("green-agriculture", "crops")], read.NeedStages);
        Assert.False(read.StagesRead);
        Assert.Equal(["0902"], removed.NeedHs);

        var seller = terms.Apply(profile with { OfferHs = [], OfferText = "Arabica green coffee" }, stages);
        Assert.Equal(["0901"], seller.OfferHs);
        Assert.Equal([new StageKey("green-agriculture", "crops")], seller.Stages);
        Assert.True(seller.StagesRead);
    }

    [Fact]
    public void The_term_file_is_read_with_its_comments_and_a_bad_line_is_refused_with_its_number()
    {
        var good = ProductTerms.ReadSynonyms(new StringReader("# comment\nhs\tzh\ten\tnote\n850760,8507\t锂电池|电芯\tLi-ion battery\t\n\n0901\t\tgreen coffee\tno Chinese\n"));
        var noTerm = Assert.Throws<FormatException>(() => ProductTerms.ReadSynonyms(new StringReader("hs\tzh\ten\tnote\n0901\t咖啡\tcoffee\t\n0902\t\t\tnothing\n")));
        var badCode = Assert.Throws<FormatException>(() => ProductTerms.ReadSynonyms(new StringReader("hs\tzh\ten\tnote\n85076\t锂电池\t\t\n")));

        Assert.Equal(2, good.Count);
        Assert.Equal(["850760", "8507"], good[0].Codes);
        Assert.Equal(["锂电池", "电芯"], good[0].Zh);
        Assert.Equal(["green coffee"], good[1].En);
        Assert.StartsWith("line 3:", noTerm.Message, StringComparison.Ordinal);
        Assert.StartsWith("line 2:", badCode.Message, StringComparison.Ordinal);
        Assert.Contains("85076", badCode.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_terms_read_every_line_and_name_only_codes_that_exist()
    {
        var synonyms = ProductTerms.ReadSynonyms(ProductTerms.ShippedFile);
        var names = ProductTerms.ReadHsNames(Path.Combine(AppContext.BaseDirectory, "matching", "hs2022.csv"), Path.Combine(AppContext.BaseDirectory, "matching", "hs2022-zh.csv"));
        var known = names.Select(n => n.Code).ToHashSet();

        Assert.True(synonyms.Count >= 200, $"{synonyms.Count} lines");
        Assert.All(synonyms.SelectMany(s => s.Codes), code => Assert.Contains(code, known));
        using var terms = ProductTerms.Build(names, synonyms, []);
        Assert.Equal(["850760", "283691"], Codes(terms, "采购磷酸铁锂电芯所需的电池级碳酸锂").Where(c => c != "284290"));
    }
}
