using Lianbo.Core.Tests;
using Lianbo.Core.Tests.Chains;

namespace Lianbo.Cli.Tests.Commands;

public sealed class ChainsCommandsTests
{
    [Fact]
    public async Task The_shipped_chains_validate_and_a_broken_file_is_named()
    {
        await using var store = await CliStore.CreateAsync();
        var directory = Directory.CreateDirectory(Path.Combine(store.DataDirectory, "chains")).FullName;
        var shipped = Path.Combine(AppContext.BaseDirectory, "chains");
        File.WriteAllText(Path.Combine(directory, "smart-vehicles.json"),
            File.ReadAllText(Path.Combine(shipped, "smart-vehicles.json")).Replace("\"850760\"", "\"850799\"", StringComparison.Ordinal));

        var good = await store.RunAsync("chains", "validate");
        var bad = await store.RunAsync("chains", "validate", "--dir", directory);

        Assert.Equal(0, good.ExitCode);
        Assert.StartsWith("7 chains are valid", good.Out, StringComparison.Ordinal);
        Assert.Equal(CliApp.UserError, bad.ExitCode);
        Assert.Contains("smart-vehicles.json / smart-vehicles / ", bad.Error, StringComparison.Ordinal);
        Assert.Contains("/ 850799: not a 4- or 6-digit code of HS 2022", bad.Error, StringComparison.Ordinal);
        Assert.EndsWith("0 warning(s)", good.Out.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warnings_against_UNSDs_conversion_are_printed_but_do_not_fail_the_check()
    {
        await using var store = await CliStore.CreateAsync();
        var directory = Directory.CreateDirectory(Path.Combine(store.DataDirectory, "chains")).FullName;
        var shipped = Lianbo.Core.Chains.ChainFiles.Read(Path.Combine(AppContext.BaseDirectory, "chains", "smart-vehicles.json"));
        // Hybrids mapped as petrol cars by cylinder capacity, the mapping before UNSD's tables: UNSD converts them to 870390.
        var vehicles = shipped.Stages.Single(s => s.Id == "vehicles");
        var changed = shipped with
        {
            Stages = [.. shipped.Stages.Select(s => s != vehicles ? s : s with
            {
                Products = [.. s.Products!.Select(p => p.Hs2022 == "870340" ? p with { Hs1992 = ["870321", "870322", "870323", "870324"] } : p)],
            })],
        };
        File.WriteAllText(Path.Combine(directory, "smart-vehicles.json"), Lianbo.Core.Chains.ChainFiles.Write(changed));

        var result = await store.RunAsync("chains", "validate", "--dir", directory);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: smart-vehicles.json / smart-vehicles / vehicles / 870340: the HS 1992 equivalents miss 870390", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("1 warning(s)", result.Out.Trim(), StringComparison.Ordinal);
    }
}

public sealed class ChainsImportExportTests
{
    [Fact]
    public async Task A_chain_imports_and_exports_back_to_the_same_definition()
    {
        await using var store = await CliStore.CreateAsync();
        var source = Path.Combine(AppContext.BaseDirectory, "chains", "clean-energy.json");
        var exported = Path.Combine(store.DataDirectory, "clean-energy.out.json");

        var import = await store.RunAsync("chains", "import", source);
        var export = await store.RunAsync("chains", "export", "clean-energy", "--out", exported);
        var missing = await store.RunAsync("chains", "export", "no-such-chain");

        Assert.Equal((0, 0), (import.ExitCode, export.ExitCode));
        Assert.Contains("Imported 1 chain(s): clean-energy", import.Out, StringComparison.Ordinal);
        var before = Lianbo.Core.Chains.ChainFiles.Read(source);
        var after = Lianbo.Core.Chains.ChainFiles.Read(exported);
        Assert.Equal(before.Stages.Select(s => (s.Id, s.Products?.Count ?? 0)), after.Stages.Select(s => (s.Id, s.Products?.Count ?? 0)));
        Assert.Equal(before.Edges, after.Edges.OrderBy(e => before.Edges.ToList().IndexOf(e)));
        Assert.Equal(CliApp.UserError, missing.ExitCode);
    }

    [Fact]
    public async Task Every_malformed_chain_file_of_the_corpus_exits_2_naming_the_problem_and_nothing_is_stored()
    {
        await using var store = await CliStore.CreateAsync();
        // A first import loads the reference data and the shipped chains, which every later run finds in place.
        Assert.Equal(0, (await store.RunAsync("chains", "import", Path.Combine(AppContext.BaseDirectory, "chains", "clean-energy.json"))).ExitCode);
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(store.DataDirectory, "corpus")).FullName, ChainFileCorpus.FileName);

        var failures = new List<string>();
        foreach (var (name, content, shows) in ChainFileCorpus.Malformed())
        {
            var before = await FingerprintAsync(store);
            await File.WriteAllBytesAsync(file, content, TestContext.Current.CancellationToken);
            var result = await store.RunAsync("chains", "import", file);
            if (result.ExitCode != CliApp.UserError || !result.Error.Contains(shows, StringComparison.Ordinal) || result.Error.Contains("   at ", StringComparison.Ordinal))
            {
                failures.Add($"{name}: exit {result.ExitCode}, expected 2 showing \"{shows}\": {result.Error}");
            }

            if (!(await FingerprintAsync(store)).SequenceEqual(before))
            {
                failures.Add($"{name}: the store changed");
            }
        }

        await File.WriteAllTextAsync(file, ChainFileCorpus.Good().ToJsonString(), TestContext.Current.CancellationToken);
        Assert.Equal(0, (await store.RunAsync("chains", "import", file)).ExitCode);
        Assert.Empty(failures);
    }

    private static async Task<IReadOnlyDictionary<string, string>> FingerprintAsync(CliStore store)
    {
        await using var db = store.Open();
        return await StoreFingerprint.OfAsync(db, ct: TestContext.Current.CancellationToken);
    }
}
