using System.CommandLine;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Lianbo.Cli.Commands;

/// <summary><c>lianbo users create-organiser</c>: the first organiser account. There is no default password.</summary>
internal static class UsersCommands
{
    public static Command Create(GlobalOptions global)
    {
        var email = new Option<string>("--email") { Description = CliText.Format("UserEmailOption"), Required = true };
        var name = new Option<string>("--name") { Description = CliText.Format("UserNameOption"), Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = CliText.Format("PasswordStdinOption") };
        var create = new Command("create-organiser", CliText.Format("CreateOrganiserDescription")) { email, name, passwordStdin };
        create.SetAction(async (result, ct) =>
        {
            var password = ReadPassword(result.GetValue(passwordStdin));
            if (password is null)
            {
                result.InvocationConfiguration.Error.WriteLine(CliText.Format("PasswordNeeded"));
                return CliApp.UserError;
            }

            var configuration = global.Configuration(result);
            var services = new ServiceCollection().AddLogging().AddSingleton(configuration);
            services.AddLianboStore(configuration);
            services.AddLianboAccounts();
            services.AddLianboDataProtection(configuration);
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            await DbCommands.MigrateAsync(scope.ServiceProvider.GetRequiredService<LianboDbContext>(), result.InvocationConfiguration.Output, ct);
            await AccountsSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
            var created = await scope.ServiceProvider.GetRequiredService<UserAdmin>()
                .CreateOrganiserAsync(Viewer.CommandLine, result.GetValue(email)!, result.GetValue(name)!, password);
            return GroupsCommands.Report(result, created, id => CliText.Format("OrganiserCreated", result.GetValue(email)));
        });
        return new Command("users", CliText.Format("UsersDescription")) { create };
    }

    // From standard input when asked (scripts), else a hidden prompt on a terminal; never a default.
    private static string? ReadPassword(bool fromStdin)
    {
        if (fromStdin)
        {
            return CliApp.Input.Value?.ReadLine()?.TrimEnd('\r', '\n') is { Length: > 0 } line ? line : null;
        }

        return !Console.IsInputRedirected && AnsiConsole.Profile.Capabilities.Interactive
            ? AnsiConsole.Prompt(new TextPrompt<string>(CliText.Format("PasswordPrompt")).Secret())
            : null;
    }
}
