using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Chains;

public class ChainCommandsTests
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "chains");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Viewer Organiser = new("organiser-1", null, false, new HashSet<string>(StringComparer.Ordinal) { Roles.Organiser });
    private static readonly Viewer Participant = new("participant-1", Guid.NewGuid(), true, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });

    /// <summary>A small valid chain: cells supply packs, a logistics service beside them.</summary>
    internal static ChainDefinition Batteries(string id = "battery-recycling") => new(
        id, "2025.1", ChainKind.Chain, 20, "电池回收链", "Battery Recycling Chain", "从电芯到回收的测试链。", "A test chain from cells to recycling.", "#2a9d8f",
        [
            new StageDefinition("cells", "电芯", "Cells", StagePosition.Midstream, StageKind.Goods, [new ProductDefinition("850760", ["850780"], "Lithium-ion accumulators, inside HS 1992's other accumulators.")]),
            new StageDefinition("scrap", "废电池", "Battery scrap", StagePosition.Downstream, StageKind.Goods, [new ProductDefinition("8549", ["8548"], "Electrical and electronic waste, including spent cells.")]),
            new StageDefinition("logistics", "物流", "Logistics", StagePosition.Downstream, StageKind.Services),
        ],
        [new EdgeDefinition("cells", "scrap")]);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_organiser_creates_replaces_and_removes_a_chain_each_step_audited(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await PreparedAsync(store);
        var commands = Commands(db);

        var created = await commands.CreateAsync(Organiser, Batteries(), Ct);
        var again = await commands.CreateAsync(Organiser, Batteries(), Ct);
        var renamed = Batteries() with { NameEn = "Battery Recycling", Edges = [.. Batteries().Edges, new EdgeDefinition("cells", "logistics")] };
        var replaced = await commands.SaveAsync(Organiser, "battery-recycling", renamed, Ct);
        var stored = await new ChainStore(db).GetAsync("battery-recycling", Ct);
        var deleted = await commands.DeleteAsync(Organiser, "battery-recycling", Ct);
        var missing = await commands.DeleteAsync(Organiser, "battery-recycling", Ct);

        Assert.True(created.IsValid, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
        Assert.Contains("battery-recycling", Assert.Single(again.Errors["id"]), StringComparison.Ordinal);
        Assert.True(replaced.IsValid);
        Assert.Equal(("Battery Recycling", 2), (stored!.NameEn, stored.Edges.Count));
        Assert.Equal(["850780"], stored.Stages[0].Products![0].Hs1992);
        Assert.Null(stored.Stages[2].Products);
        Assert.True(deleted.IsValid);
        Assert.Equal(OutcomeKind.NotFound, missing.Kind);
        Assert.False(await db.Set<Chain>().AnyAsync(c => c.Id == "battery-recycling", Ct));
        Assert.False(await db.Set<ChainProduct>().AnyAsync(p => p.ChainId == "battery-recycling", Ct));
        var audit = await db.AuditEntries.Where(e => e.EntityId == "battery-recycling").OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal(["chain.create", "chain.replace", "chain.delete"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal(("organiser-1", Roles.Organiser), (e.ActorId, e.ActorRole)));
        Assert.Contains("\"edges\":2", audit[1].After, StringComparison.Ordinal);
        Assert.Contains("\"edges\":1", audit[1].Before, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Shipped_chains_are_read_only_and_organisers_chains_survive_a_refresh_of_the_files(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await PreparedAsync(store);
        var commands = Commands(db);
        var shipped = (await new ChainStore(db).GetAsync("smart-vehicles", Ct))!;

        var replace = await commands.SaveAsync(Organiser, "smart-vehicles", shipped with { NameEn = "Mine now" }, Ct);
        var delete = await commands.DeleteAsync(Organiser, "smart-vehicles", Ct);
        var import = await commands.ImportAsync(Organiser, [Batteries(), shipped], Ct);
        var copy = await commands.CreateAsync(Organiser, shipped with { Id = "smart-vehicles-copy" }, Ct);
        // A changed shipped file forces a real reload, which replaces the shipped chains only.
        var directory = Directory.CreateDirectory(Path.Combine(store.Directory, "chains")).FullName;
        foreach (var file in Directory.GetFiles(Shipped))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        var healthy = ChainFiles.Read(Path.Combine(directory, "healthy-life.json"));
        File.WriteAllText(Path.Combine(directory, "healthy-life.json"), ChainFiles.Write(healthy with { Version = "2099.1" }));
        var reloaded = await new ChainStore(db).LoadShippedAsync(directory, Ct);

        Assert.Contains("copy it as a new chain", Assert.Single(replace.Errors["id"]), StringComparison.Ordinal);
        Assert.Contains("smart-vehicles", Assert.Single(delete.Errors["id"]), StringComparison.Ordinal);
        Assert.Contains("copy it as a new chain", Assert.Single(import.Errors["[1].id"]), StringComparison.Ordinal);
        Assert.False(await db.Set<Chain>().AnyAsync(c => c.Id == "battery-recycling", Ct));
        Assert.True(copy.IsValid);
        Assert.True(reloaded);
        var chains = await new ChainStore(db).ListAsync(Ct);
        Assert.Equal("Smart Vehicles Chain", chains.Single(c => c.Id == "smart-vehicles").NameEn);
        Assert.False(chains.Single(c => c.Id == "smart-vehicles-copy").IsBuiltIn);
        Assert.Equal("2099.1", chains.Single(c => c.Id == "healthy-life").Version);
    }

    [Fact]
    public async Task Every_problem_is_reported_under_its_field_naming_the_stage_and_code_and_nothing_is_stored()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await PreparedAsync(store);
        var good = Batteries();
        var broken = good with
        {
            NameZh = "Battery chain",
            Colour = "teal",
            Stages =
            [
                good.Stages[0] with { Products = [.. good.Stages[0].Products!, new ProductDefinition("9999", ["8507"], "Not a heading of HS 2022 at all.")] },
                good.Stages[1] with { Id = "Battery Scrap", Products = [new ProductDefinition("850760", [], "")] },
                good.Stages[2],
            ],
            Edges = [new EdgeDefinition("cells", "nowhere")],
        };

        var outcome = await Commands(db).CreateAsync(Organiser, broken, Ct);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(
            ["colour", "edges[0].to", "nameZh", "stages[0].products[1].hs2022", "stages[1].id", "stages[1].products[0].hs1992", "stages[1].products[0].hs2022", "stages[1].products[0].rationale"],
            outcome.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("battery-recycling / cells / 9999: not a 4- or 6-digit code of HS 2022", Assert.Single(outcome.Errors["stages[0].products[1].hs2022"]));
        Assert.Contains("battery-recycling / Battery Scrap / 850760: the code is also in stage cells", outcome.Errors["stages[1].products[0].hs2022"]);
        Assert.False(await db.Set<Chain>().AnyAsync(c => c.Id == "battery-recycling", Ct));
        Assert.False(await db.AuditEntries.AnyAsync(Ct));
    }

    [Fact]
    public async Task Only_organisers_change_chains_and_ids_that_name_pages_are_refused()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await PreparedAsync(store);
        var commands = Commands(db);

        var participant = await commands.CreateAsync(Participant, Batteries(), Ct);
        var reserved = await commands.CreateAsync(Organiser, Batteries("new"), Ct);
        var mismatch = await commands.SaveAsync(Organiser, "other-id", Batteries(), Ct);
        var unreadable = await commands.ImportFileAsync(Organiser, "{\"id\": \"x\", \"colour\": 3}"u8.ToArray(), "mine.json", Ct);

        Assert.Equal(OutcomeKind.Forbidden, participant.Kind);
        Assert.Contains("\"new\"", Assert.Single(reserved.Errors["id"]), StringComparison.Ordinal);
        Assert.Contains("other-id", Assert.Single(mismatch.Errors["id"]), StringComparison.Ordinal);
        Assert.StartsWith("mine.json, line 1: ", Assert.Single(unreadable.Errors["colour"]), StringComparison.Ordinal);
        Assert.Equal(7, await db.Set<Chain>().CountAsync(Ct));
    }

    [Fact]
    public async Task A_chain_that_organisations_stand_on_is_not_removed()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await PreparedAsync(store);
        var commands = Commands(db);
        var chain = Batteries();
        await commands.CreateAsync(Organiser, chain, Ct);
        var org = new Lianbo.Core.Accounts.Organisation { Id = Guid.NewGuid(), NameEn = "Recycler", NameZh = "回收商", CreatedAt = DateTimeOffset.UtcNow };
        org.Stages.Add(new Lianbo.Core.Expo.OrganisationStage { OrganisationId = org.Id, ChainId = chain.Id, StageId = chain.Stages[0].Id });
        db.Organisations.Add(org);
        await db.SaveChangesAsync(Ct);

        var refused = await commands.DeleteAsync(Organiser, chain.Id, Ct);

        Assert.Contains(chain.Id, Assert.Single(refused.Errors["id"]), StringComparison.Ordinal);
        Assert.True(await db.Set<Chain>().AnyAsync(c => c.Id == chain.Id, Ct));
    }

    [Fact]
    public async Task A_file_of_several_chains_is_imported_all_or_nothing()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await PreparedAsync(store);
        var commands = Commands(db);
        var two = $"[{ChainFiles.Write(Batteries())}, {ChainFiles.Write(Batteries("battery-reuse"))}]";
        var oneBad = two.Replace("\"8549\"", "\"8599\"", StringComparison.Ordinal);

        var refused = await commands.ImportFileAsync(Organiser, System.Text.Encoding.UTF8.GetBytes(oneBad), "two.json", Ct);
        var afterRefusal = await db.Set<Chain>().CountAsync(Ct);
        var imported = await commands.ImportFileAsync(Organiser, System.Text.Encoding.UTF8.GetBytes(two), "two.json", Ct);

        Assert.Contains("two.json / battery-recycling / scrap / 8599: not a 4- or 6-digit code of HS 2022", refused.Errors["[0].stages[1].products[0].hs2022"]);
        Assert.Contains("[1].stages[1].products[0].hs2022", refused.Errors.Keys);
        Assert.Equal(7, afterRefusal);
        Assert.Equal(["battery-recycling", "battery-reuse"], imported.Value!.Select(c => c.Id));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "chain.import", Ct));
    }

    private static async Task<LianboDbContext> PreparedAsync(TestStore store)
    {
        return await store.PreparedContextAsync();
    }

    private static ChainCommands Commands(LianboDbContext db) => new(new ChainStore(db), new AuditLog(db, TimeProvider.System));
}
