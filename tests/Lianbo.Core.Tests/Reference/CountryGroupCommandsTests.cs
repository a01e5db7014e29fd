using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Reference;

public class CountryGroupCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_organisers_group_is_stored_and_survives_a_reference_reload(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.MigratedContextAsync();
        var directory = store.CopyReference();

        await new ReferenceLoader(db).LoadAsync(directory, ct: Ct);

        var created = await Commands(db).CreateAsync(Viewer.CommandLine, 
            new NewCountryGroup("lithium-triangle", "Lithium Triangle", "锂三角", "USGS", ["arg", "BOL", "CHL", "CHL"]), Ct);
        // A changed file forces a real reload, which replaces the built-in groups only.
        await File.AppendAllTextAsync(Path.Combine(directory, ReferenceData.OverridesFile), "TUR,Türkiye,土耳其,test\n", Ct);
        var reload = await new ReferenceLoader(db).LoadAsync(directory, ct: Ct);

        Assert.True(created.IsValid);
        Assert.Equal(("LITHIUM-TRIANGLE", 3, false), (created.Value!.Code, created.Value.Members, created.Value.IsBuiltIn));
        Assert.True(reload.Changed);
        var members = await db.CountryGroupMembers.Where(m => m.GroupCode == "LITHIUM-TRIANGLE").Select(m => m.Iso3).OrderBy(m => m).ToListAsync(Ct);
        Assert.Equal(["ARG", "BOL", "CHL"], members);
        Assert.Equal(10, await db.CountryGroups.CountAsync(Ct));
    }

    [Fact]
    public async Task Bad_input_is_answered_field_by_field_and_nothing_is_stored()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await store.MigratedContextAsync();
        await new ReferenceLoader(db).LoadAsync(TestStore.ReferenceDirectory, ct: Ct);

        var result = await Commands(db).CreateAsync(Viewer.CommandLine, new NewCountryGroup("EU", "", "欧盟二", null, ["FRA", "XXA"]), Ct);

        Assert.False(result.IsValid);
        Assert.Equal(["code", "members", "nameEn"], result.Errors.Keys.Order());
        Assert.Contains("XXA", Assert.Single(result.Errors["members"]), StringComparison.Ordinal);
        Assert.Equal(9, await db.CountryGroups.CountAsync(Ct));
    }

    [Fact]
    public async Task Built_in_groups_cannot_be_removed_and_own_groups_can()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await store.MigratedContextAsync();
        await new ReferenceLoader(db).LoadAsync(TestStore.ReferenceDirectory, ct: Ct);
        var commands = Commands(db);
        await commands.CreateAsync(Viewer.CommandLine, new NewCountryGroup("MINE", "Mine", "我的", null, ["CHN"]), Ct);

        var builtIn = await commands.DeleteAsync(Viewer.CommandLine, "eu", Ct);
        var own = await commands.DeleteAsync(Viewer.CommandLine, "mine", Ct);

        Assert.False(builtIn.IsValid);
        Assert.True(own.IsValid);
        Assert.True(await db.CountryGroups.AnyAsync(g => g.Code == "EU", Ct));
        Assert.False(await db.CountryGroups.AnyAsync(g => g.Code == "MINE", Ct));
    }

    private static CountryGroupCommands Commands(LianboDbContext db) => new(db, new AuditLog(db, TimeProvider.System));
}
