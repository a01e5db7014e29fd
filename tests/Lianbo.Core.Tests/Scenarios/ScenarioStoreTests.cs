using System.Text;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Scenarios;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Scenarios;

public class ScenarioStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Viewer Analyst = Of("analyst-1", Roles.Analyst);
    private static readonly Viewer OtherAnalyst = Of("analyst-2", Roles.Analyst);
    private static readonly Viewer Organiser = Of("organiser-1", Roles.Organiser);
    private static readonly Viewer Participant = new("participant-1", Guid.NewGuid(), true, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });

    private static readonly string Presets = Path.Combine(AppContext.BaseDirectory, "scenarios");

    private static Viewer Of(string id, string role) => new(id, null, false, new HashSet<string>(StringComparer.Ordinal) { role });

    private static ScenarioStore Store(LianboDbContext db) =>
        new(db, new AuditLog(db, TimeProvider.System), TimeProvider.System, new ScenarioGravityYears(ScenarioValidatorTests.GravityYears));

    /// <summary>The shipped test scenario, with names this install knows (a rare-earth ban, then a chip disruption).</summary>
    private static ScenarioDefinition Mine(string version = "1") => ScenarioValidatorTests.Scenario() with { Id = "my-scenario", Version = version };

    private static async Task<(TestStore Store, LianboDbContext Db, ScenarioStore Scenarios)> PreparedAsync(string provider)
    {
        var store = await TestStore.CreatePreparedAsync(provider);
        var db = store.CreateContext();
        var scenarios = Store(db);
        await scenarios.LoadPresetsAsync(Presets, await scenarios.ContextAsync(Ct), Ct);
        return (store, db, scenarios);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Presets_load_once_published_and_without_an_owner(string provider)
    {
        var (store, db, scenarios) = await PreparedAsync(provider);
        await using var _ = store;
        await using var __ = db;

        var again = await scenarios.LoadPresetsAsync(Presets, await scenarios.ContextAsync(Ct), Ct);
        var anonymous = await scenarios.ListAsync(null, Ct);

        Assert.Equal((0, 0, 0), (again.Added.Count, again.Updated.Count, again.Skipped.Count));
        Assert.Equal(6, anonymous.Count);
        Assert.All(anonymous, s => Assert.True(s.IsPreset && s.Published && !s.Mine));
        Assert.Equal(6, await db.ScenarioVersions.CountAsync(Ct));
        Assert.Contains(anonymous, s => s.Id == "rare-earth-export-ban");
        var preset = await scenarios.GetAsync(null, "thailand-floods-2011", Ct);
        Assert.Equal(["847193"], preset!.Definition.Shocks[0].Products);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_analysts_scenario_is_theirs_until_published_and_each_version_is_kept(string provider)
    {
        var (store, db, scenarios) = await PreparedAsync(provider);
        await using var _ = store;
        await using var __ = db;

        var created = await scenarios.CreateAsync(Analyst, Mine(), Ct);
        var owner = await db.Scenarios.Where(s => s.Id == "my-scenario").Select(s => s.OwnerId).SingleAsync(Ct);
        var byParticipant = await scenarios.CreateAsync(Participant, Mine() with { Id = "participants-own" }, Ct);
        var taken = await scenarios.CreateAsync(OtherAnalyst, Mine(), Ct);
        var seenByOwner = await scenarios.GetAsync(Analyst, "my-scenario", Ct);
        var seenByOther = await scenarios.GetAsync(OtherAnalyst, "my-scenario", Ct);
        var listedForParticipant = await scenarios.ListAsync(Participant, Ct);
        var listedForOwner = await scenarios.ListAsync(Analyst, Ct);
        var otherChanges = await scenarios.UpdateAsync(OtherAnalyst, "my-scenario", Mine("2"), Ct);
        var sameVersion = await scenarios.UpdateAsync(Analyst, "my-scenario", Mine() with { NameEn = "Renamed" }, Ct);
        var updated = await scenarios.UpdateAsync(Analyst, "my-scenario", Mine("2") with { NameEn = "Renamed" }, Ct);
        var published = await scenarios.PublishAsync(Analyst, "my-scenario", true, Ct);
        var seenByParticipant = await scenarios.GetAsync(Participant, "my-scenario", Ct);
        var versions = await scenarios.VersionsAsync(Participant, "my-scenario", Ct);
        var removedByOther = await scenarios.DeleteAsync(OtherAnalyst, "my-scenario", Ct);
        var presetRemoved = await scenarios.DeleteAsync(Organiser, "rare-earth-export-ban", Ct);
        var presetChanged = await scenarios.UpdateAsync(Organiser, "rare-earth-export-ban", Mine("9") with { Id = "rare-earth-export-ban" }, Ct);
        var removed = await scenarios.DeleteAsync(Organiser, "my-scenario", Ct);

        Assert.True(created.IsValid, string.Join("; ", created.Errors.SelectMany(e => e.Value)));
        Assert.Equal((false, true, "analyst-1"), (created.Value!.Summary.Published, created.Value.Summary.Mine, owner));
        Assert.Equal(OutcomeKind.Forbidden, byParticipant.Kind);
        Assert.Contains("my-scenario", Assert.Single(taken.Errors["id"]), StringComparison.Ordinal);
        Assert.NotNull(seenByOwner);
        Assert.Null(seenByOther);
        Assert.DoesNotContain(listedForParticipant, s => s.Id == "my-scenario");
        Assert.Contains(listedForOwner, s => s.Id == "my-scenario" && s.Mine);
        Assert.Equal(OutcomeKind.NotFound, otherChanges.Kind);
        Assert.Contains("version", sameVersion.Errors.Keys);
        Assert.True(updated.IsValid);
        Assert.True(published.Value!.Published);
        Assert.Equal(("2", "Renamed"), (seenByParticipant!.Summary.Version, seenByParticipant.Definition.NameEn));
        Assert.Equal(["2", "1"], versions!.Select(v => v.Version));
        Assert.Equal(OutcomeKind.Forbidden, removedByOther.Kind);
        Assert.Contains("id", presetRemoved.Errors.Keys);
        Assert.Contains("id", presetChanged.Errors.Keys);
        Assert.True(removed.IsValid);
        Assert.False(await db.ScenarioVersions.AnyAsync(v => v.ScenarioId == "my-scenario", Ct));
        var audit = await db.AuditEntries.Where(e => e.EntityId == "my-scenario").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["scenario.create", "scenario.update", "scenario.publish", "scenario.delete"], audit);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_malformed_scenario_is_refused_with_every_field_named_and_nothing_stored(string provider)
    {
        var (store, db, scenarios) = await PreparedAsync(provider);
        await using var _ = store;
        await using var __ = db;
        var audited = await db.AuditEntries.CountAsync(Ct);
        var bad = Mine() with
        {
            Shocks = [new ShockDefinition(ShockKind.ExportBan, Exporters: ["XXX"], Percent: 100), new ShockDefinition(ShockKind.Disruption, Exporters: ["KOR"], Products: ["0100"], Percent: 500)],
        };
        // The comma missing after line 4 is found where the next line starts.
        var notJson = Encoding.UTF8.GetBytes(ScenarioFiles.Write(Mine()).Replace("\"version\": \"1\",", "\"version\": \"1\"", StringComparison.Ordinal));

        var refused = await scenarios.CreateAsync(Analyst, bad, Ct);
        var unreadable = await scenarios.CreateFileAsync(Analyst, notJson, "mine.json", Ct);

        Assert.Equal(["shocks[0].exporters[0]", "shocks[1].percent", "shocks[1].products[0]"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("unknown HS code 0100", Assert.Single(refused.Errors["shocks[1].products[0]"]), StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.Invalid, unreadable.Kind);
        Assert.StartsWith("mine.json:5: ", unreadable.Errors.Values.Single().Single(), StringComparison.Ordinal);
        Assert.False(await db.Scenarios.AnyAsync(s => s.Id == "my-scenario", Ct));
        Assert.False(await db.ScenarioVersions.AnyAsync(s => s.ScenarioId == "my-scenario", Ct));
        Assert.Equal(audited, await db.AuditEntries.CountAsync(Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_run_is_kept_under_a_random_id_and_seen_by_whoever_sees_its_scenario(string provider)
    {
        var (store, db, scenarios) = await PreparedAsync(provider);
        await using var _ = store;
        await using var __ = db;
        await scenarios.CreateAsync(Analyst, Mine(), Ct);
        var result = "{\"rows\":[" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"{{\"i\":{i}}}")) + "]}";

        var run = await scenarios.SaveRunAsync(Analyst, Mine(), result, generated: true, Ct);
        var preset = await scenarios.SaveRunAsync(null, (await scenarios.GetAsync(null, "rare-earth-export-ban", Ct))!.Definition, "{}", generated: false, Ct);
        var notSeen = await scenarios.SaveRunAsync(Participant, Mine(), "{}", generated: false, Ct);
        var byOwner = await scenarios.GetRunAsync(Analyst, run.Value!, Ct);
        var byParticipant = await scenarios.GetRunAsync(Participant, run.Value!, Ct);
        var presetRun = await scenarios.GetRunAsync(null, preset.Value!, Ct);
        var listed = await scenarios.ListRunsAsync(Analyst, "my-scenario", Ct);
        var listedForParticipant = await scenarios.ListRunsAsync(Participant, "my-scenario", Ct);

        Assert.Matches("^[A-Za-z0-9_-]{16}$", run.Value);
        Assert.NotEqual(run.Value, preset.Value);
        Assert.Equal(OutcomeKind.NotFound, notSeen.Kind);
        Assert.Equal((result, true, "1", "analyst-1"), (byOwner!.Result, byOwner.Generated, byOwner.Version, byOwner.CreatedBy));
        Assert.Equal("my-scenario", byOwner.Definition.Id);
        Assert.Null(byParticipant);
        Assert.Equal(("{}", (string?)null), (presetRun!.Result, presetRun.CreatedBy));
        Assert.Equal([run.Value], listed!.Select(r => r.Id));
        Assert.Null(listedForParticipant);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_run_of_an_unsaved_definition_is_read_by_its_id_and_listed_to_its_author_alone(string provider)
    {
        var (store, db, scenarios) = await PreparedAsync(provider);
        await using var _ = store;
        await using var __ = db;
        var unsaved = Mine() with { Id = "never-stored", NameEn = "Never stored" };

        var run = await scenarios.SaveDefinitionRunAsync(Analyst, unsaved, "{}", generated: false, Ct);
        var preset = await scenarios.SaveRunAsync(null, (await scenarios.GetAsync(null, "rare-earth-export-ban", Ct))!.Definition, "{}", generated: false, Ct);
        var byAnonymous = await scenarios.GetRunAsync(null, run, Ct);
        var byOther = await scenarios.GetRunAsync(OtherAnalyst, run, Ct);
        var recentOfAuthor = await scenarios.RecentRunsAsync(Analyst, 10, Ct);
        var recentOfOther = await scenarios.RecentRunsAsync(OtherAnalyst, 10, Ct);
        var recentOfAnonymous = await scenarios.RecentRunsAsync(null, 10, Ct);

        Assert.Equal((null, "never-stored", "analyst-1"), (byAnonymous!.ScenarioId, byAnonymous.Definition.Id, byAnonymous.CreatedBy));
        Assert.NotNull(byOther);
        Assert.Equal([(run, "Never stored"), (preset.Value!, (await scenarios.GetAsync(null, "rare-earth-export-ban", Ct))!.Definition.NameEn)],
            recentOfAuthor.Select(r => (r.Id, r.NameEn)).OrderBy(r => r.Id == run ? 0 : 1));
        Assert.Equal([preset.Value!], recentOfOther.Select(r => r.Id));
        Assert.Equal([preset.Value!], recentOfAnonymous.Select(r => r.Id));
    }
}
