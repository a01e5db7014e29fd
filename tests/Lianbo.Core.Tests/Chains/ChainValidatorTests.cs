using Lianbo.Core.Chains;
using Lianbo.Core.Files;
using Lianbo.Core.Reference;

namespace Lianbo.Core.Tests.Chains;

public class ChainValidatorTests
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "chains");
    private static readonly Lazy<(HashSet<string> Hs2022, HashSet<string> Hs1992)> Nomenclature = new(() =>
    {
        var reference = ReferenceData.Read(TestStore.ReferenceDirectory);
        return (reference.CodesOf(HsRevision.Hs2022), reference.CodesOf(HsRevision.Hs1992));
    });

    [Fact]
    public void The_seven_shipped_chains_of_the_2nd_expo_validate()
    {
        var chains = ChainFiles.ReadDirectory(Shipped);

        Assert.Empty(ChainValidator.Validate(chains, Nomenclature.Value.Hs2022, Nomenclature.Value.Hs1992));
        Assert.Equal(["先进制造链", "智能汽车链", "绿色农业链", "清洁能源链", "数字科技链", "健康生活链", "供应链服务展区"],
            chains.OrderBy(c => c.Order).Select(c => c.NameZh));
        Assert.Equal(ChainKind.Area, Assert.Single(chains, c => c.Kind == ChainKind.Area).Kind);
        Assert.Contains(chains.Single(c => c.Id == "smart-vehicles").Stages.SelectMany(s => s.Products ?? []), p => p.Hs2022 == "850760");
    }

    [Fact]
    public void Each_kind_of_mistake_is_named_with_file_chain_stage_and_code()
    {
        var good = ChainFiles.Read(Path.Combine(Shipped, "smart-vehicles.json"));
        var first = good.Stages[0];
        var second = good.Stages[1];
        var broken = good with
        {
            Stages =
            [
                first with { Products = [.. first.Products!, new ProductDefinition("9999", ["9999"], "not a heading"), new ProductDefinition(second.Products![0].Hs2022, ["2530"], "twice")] },
                .. good.Stages.Skip(1),
                new StageDefinition("consulting", "咨询", "Consulting", StagePosition.Downstream, StageKind.Services, [new ProductDefinition("8507", ["8507"], "services carry no goods")]),
            ],
            Edges = [.. good.Edges, new EdgeDefinition(good.Stages[^1].Id, first.Id), new EdgeDefinition(first.Id, "nowhere")],
        };

        var problems = ChainValidator.Validate([broken], Nomenclature.Value.Hs2022, Nomenclature.Value.Hs1992).Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith($"smart-vehicles.json / smart-vehicles / {first.Id} / 9999: not a 4- or 6-digit code of HS 2022", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains($"/ {second.Id} / {second.Products![0].Hs2022}: the code is also in stage {first.Id}", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("the stages form a cycle", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("names a stage the chain does not have", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("/ consulting: a services stage has no HS products", StringComparison.Ordinal));
    }

    [Fact]
    public void A_subheading_apart_from_its_heading_is_refused()
    {
        var chain = new ChainDefinition("t", "2024.1", ChainKind.Chain, 1, "测试链", "Test", "测试。", "Test.", "#000000",
            [
                new StageDefinition("cells", "电芯", "Cells", StagePosition.Midstream, StageKind.Goods, [new ProductDefinition("850760", ["850780"], "lithium-ion cells")]),
                new StageDefinition("packs", "电池包", "Packs", StagePosition.Downstream, StageKind.Goods, [new ProductDefinition("8507", ["8507"], "all accumulators")]),
            ],
            [new EdgeDefinition("cells", "packs")]) { File = "t.json" };

        var problem = Assert.Single(ChainValidator.Validate([chain], Nomenclature.Value.Hs2022, Nomenclature.Value.Hs1992));

        Assert.Equal(("cells", "850760"), (problem.Stage, problem.Code));
        Assert.Contains("8507", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_schemas_shape_rules_are_checked_too_each_under_the_field_at_fault()
    {
        var good = ChainFiles.Read(Path.Combine(Shipped, "smart-vehicles.json"));
        var broken = good with
        {
            Id = "Smart Vehicles", Version = "v2", Order = 0, Colour = "red", NameZh = "Smart vehicles", NameEn = "智能汽车链",
            Stages = [good.Stages[0] with { Id = "minerals!" }, .. good.Stages.Skip(1)],
            Edges = [.. good.Edges, good.Edges[^1]],
        };

        var fields = ChainValidator.Validate([broken], Nomenclature.Value.Hs2022, Nomenclature.Value.Hs1992).Select(p => p.Field).ToHashSet();

        Assert.Superset(new HashSet<string> { "id", "version", "order", "colour", "nameZh", "nameEn", "stages[0].id", $"edges[{good.Edges.Count}]" }, fields);
    }

    [Fact]
    public void A_written_file_spells_values_and_Chinese_text_as_the_shipped_files_do()
    {
        var text = ChainFiles.Write(ChainFiles.Read(Path.Combine(Shipped, "smart-vehicles.json")));

        Assert.Contains("\"$schema\": \"./chain.schema.json\"", text, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"chain\"", text, StringComparison.Ordinal);
        Assert.Contains("\"position\": \"upstream\"", text, StringComparison.Ordinal);
        Assert.Contains("\"nameZh\": \"智能汽车链\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_writes_and_reads_back_unchanged_and_bad_json_names_the_line()
    {
        var original = ChainFiles.Read(Path.Combine(Shipped, "green-agriculture.json"));
        var directory = Directory.CreateTempSubdirectory("lianbo-chains-").FullName;
        try
        {
            var copy = Path.Combine(directory, "green-agriculture.json");
            File.WriteAllText(copy, ChainFiles.Write(original));
            var lines = File.ReadAllLines(copy);
            var bad = Path.Combine(directory, "bad.json");
            File.WriteAllLines(bad, [.. lines.Take(5), "  \"unexpected\": true,", .. lines.Skip(5)]);

            var roundTrip = ChainFiles.Read(copy);
            var error = Assert.Throws<DataFileException>(() => ChainFiles.Read(bad));

            Assert.Equal(ChainFiles.Write(original), ChainFiles.Write(roundTrip));
            Assert.Equal(original.Stages.Count, roundTrip.Stages.Count);
            Assert.Equal("bad.json", error.File);
            Assert.Equal(6, error.Line);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
