using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Tests.Commands;

public sealed class GroupsCommandsTests
{
    [Fact]
    public async Task An_organiser_adds_lists_and_removes_a_group()
    {
        await using var store = await CliStore.CreateAsync();
        await store.RunAsync("reference", "load");

        var add = await store.RunAsync("groups", "add", "lithium", "--name-en", "Lithium Triangle", "--name-zh", "锂三角", "--members", "ARG, BOL,chl");
        var list = await store.RunAsync("groups", "list");
        await using (var db = store.Open())
        {
            Assert.Equal(3, await db.CountryGroupMembers.CountAsync(m => m.GroupCode == "LITHIUM", TestContext.Current.CancellationToken));
        }

        var remove = await store.RunAsync("groups", "remove", "LITHIUM");

        Assert.Equal((0, "Added group LITHIUM with 3 members."), (add.ExitCode, add.Out.Trim()));
        Assert.Contains("LITHIUM", list.Out, StringComparison.Ordinal);
        Assert.Contains("Lithium Triangle (organiser's own", list.Out, StringComparison.Ordinal);
        Assert.Contains("Belt and Road", list.Out, StringComparison.Ordinal);
        Assert.Equal(0, remove.ExitCode);
    }

    [Fact]
    public async Task Refused_input_exits_2_with_one_line_per_field()
    {
        await using var store = await CliStore.CreateAsync();
        await store.RunAsync("reference", "load");

        var taken = await store.RunAsync("groups", "add", "EU", "--name-en", "Again", "--name-zh", "再来", "--members", "FRA,XXA");
        var builtIn = await store.RunAsync("groups", "remove", "BRI");

        Assert.Equal(2, taken.ExitCode);
        Assert.Equal(["code: there is already a group with the code EU", "members: \"XXA\" is not an ISO 3166-1 alpha-3 code of the country list"],
            taken.Error.Trim().Split('\n').Order());
        Assert.Equal(2, builtIn.ExitCode);
        Assert.StartsWith("code: BRI comes with the reference data", builtIn.Error, StringComparison.Ordinal);
    }
}
