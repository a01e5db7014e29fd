using System.CommandLine;
using System.Globalization;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;

namespace Lianbo.Cli.Commands;

/// <summary><c>lianbo groups list | add | remove</c>: the country groups, built-in and the organiser's own.</summary>
internal static class GroupsCommands
{
    public static Command Create(GlobalOptions global) =>
        new("groups", CliText.Format("GroupsDescription")) { List(global), Add(global), Remove(global) };

    private static Command List(GlobalOptions global)
    {
        var list = new Command("list", CliText.Format("GroupsListDescription"));
        list.SetAction(async (result, ct) =>
        {
            await using var db = await OpenAsync(global, result, ct);
            var output = result.InvocationConfiguration.Output;
            var chinese = CultureInfo.CurrentUICulture.IsChinese();
            foreach (var g in await new ReferenceQueries(db).ListGroupsAsync(ct))
            {
                var kind = CliText.Format(g.IsBuiltIn ? "GroupBuiltIn" : "GroupOwn");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{g.Code,-18} {g.Members,4}  {(chinese ? g.NameZh : g.NameEn)} ({kind}{(g.AsOf is { } d ? $", {d:yyyy-MM-dd}" : "")})"));
            }

            return 0;
        });
        return list;
    }

    private static Command Add(GlobalOptions global)
    {
        var code = new Argument<string>("code") { Description = CliText.Format("GroupCodeArgument") };
        var nameEn = new Option<string>("--name-en") { Description = CliText.Format("GroupNameEnOption"), Required = true };
        var nameZh = new Option<string>("--name-zh") { Description = CliText.Format("GroupNameZhOption"), Required = true };
        var members = new Option<string>("--members") { Description = CliText.Format("GroupMembersOption"), Required = true, HelpName = "ISO3,ISO3,…" };
        var source = new Option<string>("--source") { Description = CliText.Format("GroupSourceOption") };
        var add = new Command("add", CliText.Format("GroupsAddDescription")) { code, nameEn, nameZh, members, source };
        add.SetAction(async (result, ct) =>
        {
            await using var db = await OpenAsync(global, result, ct);
            var created = await new CountryGroupCommands(db, new AuditLog(db, TimeProvider.System)).CreateAsync(Viewer.CommandLine, new NewCountryGroup(
                result.GetValue(code)!, result.GetValue(nameEn)!, result.GetValue(nameZh)!, result.GetValue(source),
                result.GetValue(members)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)), ct);
            return Report(result, created, g => CliText.Format("GroupAdded", g.Code, g.Members));
        });
        return add;
    }

    private static Command Remove(GlobalOptions global)
    {
        var code = new Argument<string>("code") { Description = CliText.Format("GroupCodeArgument") };
        var remove = new Command("remove", CliText.Format("GroupsRemoveDescription")) { code };
        remove.SetAction(async (result, ct) =>
        {
            await using var db = await OpenAsync(global, result, ct);
            var removed = await new CountryGroupCommands(db, new AuditLog(db, TimeProvider.System)).DeleteAsync(Viewer.CommandLine, result.GetValue(code)!, ct);
            return Report(result, removed, c => CliText.Format("GroupRemoved", c));
        });
        return remove;
    }

    internal static async Task<LianboDbContext> OpenAsync(GlobalOptions global, ParseResult result, CancellationToken ct)
    {
        var db = DatabaseProvider.CreateContext(global.Resolve(result));
        await DatabaseProvider.MigrateAsync(db, ct);
        return db;
    }

    // Field errors go to stderr, one line each, and the exit code says the input was refused.
    internal static int Report<T>(ParseResult result, Outcome<T> outcome, Func<T, string> success)
    {
        if (outcome.Detail is { } detail)
        {
            result.InvocationConfiguration.Error.WriteLine(detail);
            return CliApp.UserError;
        }

        if (!outcome.IsValid)
        {
            foreach (var (field, messages) in outcome.Errors)
            {
                foreach (var message in messages)
                {
                    result.InvocationConfiguration.Error.WriteLine($"{field}: {message}");
                }
            }

            return CliApp.UserError;
        }

        result.InvocationConfiguration.Output.WriteLine(success(outcome.Value!));
        return 0;
    }
}
