using Lianbo.Core.Chains;
using Lianbo.Core.Reference;

namespace Lianbo.Core.Tests.Chains;

public class ChainWarningsTests
{
    private static readonly Lazy<HsConcordance> Concordance = new(() => ReferenceData.Read(TestStore.ReferenceDirectory).Concordance());

    [Fact]
    public void The_shipped_chains_give_no_warning_against_UNSDs_conversion()
    {
        var chains = ChainFiles.ReadDirectory(TestStore.ChainsDirectory);

        Assert.Empty(ChainWarnings.Find(chains, Concordance.Value).Select(w => w.ToString()));
    }

    [Fact]
    public void A_code_UNSD_converts_to_that_the_list_misses_is_named_with_the_subheading_that_leads_there()
    {
        // The mapping before UNSD's tables were used: hybrids as petrol cars by cylinder capacity, 8486 spread over the
        // machines that looked alike. UNSD sends hybrids to 870390, and 848620 through HS 2017 848620 to 901020.
        var chain = Chain(
            Stage("vehicles", new ProductDefinition("870340", ["870321", "870322", "870323", "870324"], "Hybrid petrol cars.")),
            Stage("equipment", new ProductDefinition("848620", ["847989", "845610"], "Machines for making semiconductor devices.")));

        var warnings = ChainWarnings.Find(chain, Concordance.Value).ToList();

        var hybrids = Assert.Single(warnings, w => w.Code == "870340");
        Assert.Equal((ChainWarnings.MissingConversion, "vehicles", "stages[0].products[0].hs1992"), (hybrids.Warning, hybrids.Stage, hybrids.Field));
        Assert.Contains("miss 870390", hybrids.Message, StringComparison.Ordinal);
        var equipment = Assert.Single(warnings, w => w.Code == "848620" && w.Warning == ChainWarnings.MissingConversion);
        Assert.Contains("miss 901020", equipment.Message, StringComparison.Ordinal);
        Assert.Contains("HS 2017 848620", equipment.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_that_later_reporters_never_fill_and_a_code_in_two_stages_are_warned_about()
    {
        // 852530 (television cameras) receives nothing from HS 2017 or HS 2022 reporters; 100190 is wheat seed and
        // wheat grain alike, so a seeds stage and a crops stage that both list it count the same trade twice.
        var chain = Chain(
            Stage("seeds", new ProductDefinition("100191", ["100190"], "Common wheat seed.")),
            Stage("crops", new ProductDefinition("100199", ["1001"], "Common wheat other than seed."),
                new ProductDefinition("852589", ["852110", "852530"], "Cameras.")));

        var warnings = ChainWarnings.Find(chain, Concordance.Value).ToList();

        var none = Assert.Single(warnings, w => w.Warning == ChainWarnings.NoLaterData);
        Assert.Equal(("crops", "852589"), (none.Stage, none.Code));
        Assert.Contains("852530", none.Message, StringComparison.Ordinal);
        var shared = Assert.Single(warnings, w => w.Warning == ChainWarnings.SharedCode);
        Assert.Equal(("crops", "100199", "stages[1].products[0].hs1992"), (shared.Stage, shared.Code, shared.Field));
        Assert.Contains("seeds", shared.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(warnings, w => w.Warning == ChainWarnings.MissingConversion);
    }

    [Fact]
    public void Without_UNSDs_tables_there_is_nothing_to_warn_about()
    {
        var chain = Chain(Stage("vehicles", new ProductDefinition("870340", ["870321"], "Hybrid petrol cars.")));

        Assert.Empty(ChainWarnings.Find(chain, new HsConcordance([])));
    }

    [Fact]
    public void Each_series_gets_its_own_codes_and_a_proxy_only_where_the_codes_hold_other_goods()
    {
        var concordance = Concordance.Value;
        // Phones fill 852520 themselves, so display modules there do not make the stage a proxy; sensors alone do.
        var telecom = Stage("telecom", new ProductDefinition("851713", ["852520"], "Smartphones."),
            new ProductDefinition("852491", ["852520"], "LCD modules.", Proxy: true));
        var sensors = Stage("sensors", new ProductDefinition("854151", ["852520"], "MEMS sensors.", Proxy: true));
        // In HS 2017 the sensors were part of 851712 (mobile phones); hybrids and electric cars had their own codes.
        var hybrids = Stage("vehicles", new ProductDefinition("870340", ["870390"], "Hybrids."), new ProductDefinition("870380", ["870390"], "Electric cars."));

        Assert.Equal(("852520", false), Show(ChainSeries.Stage(telecom, HsRevision.Hs1992, concordance)));
        Assert.Equal(("852520", true), Show(ChainSeries.Stage(sensors, HsRevision.Hs1992, concordance)));
        Assert.Equal(("851712", true), Show(ChainSeries.Stage(sensors, HsRevision.Hs2017, concordance)));
        Assert.Equal(("854151", false), Show(ChainSeries.Stage(sensors, HsRevision.Hs2022, concordance)));
        Assert.Equal(("870340 870380", false), Show(ChainSeries.Stage(hybrids, HsRevision.Hs2017, concordance)));
        Assert.True(ChainSeries.Product(telecom.Products![1], HsRevision.Hs1992, concordance).Proxy);
        Assert.False(ChainSeries.Product(telecom.Products![1], HsRevision.Hs2022, concordance).Proxy);
    }

    private static (string Codes, bool Proxy) Show(SeriesCodes codes) => (string.Join(" ", codes.Codes.Order(StringComparer.Ordinal)), codes.Proxy);

    private static StageDefinition Stage(string id, params ProductDefinition[] products) =>
        new(id, "环节", "Stage", StagePosition.Midstream, StageKind.Goods, products);

    private static ChainDefinition Chain(params StageDefinition[] stages) =>
        new("test", "2024.1", ChainKind.Chain, 1, "测试链", "Test", "测试。", "Test.", "#000000", stages, []) { File = "test.json" };
}
