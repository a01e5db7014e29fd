using System.CommandLine;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo users create-organiser</c>: the first organiser account (there is no default password); <c>lianbo users token</c>:
/// a user's first API token, shown once.
/// </summary>
internal static class UsersCommands
{
    public static Command Create(GlobalOptions global) => new("users", CliText.Format("UsersDescription")) { CreateOrganiser(global), Token(global) };

    private static Command CreateOrganiser(GlobalOptions global)
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

            await using var provider = await AccountServicesAsync(global, result, ct);
            await using var scope = provider.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<UserAdmin>()
                .CreateOrganiserAsync(Viewer.CommandLine, result.GetValue(email)!, result.GetValue(name)!, password);
            return GroupsCommands.Report(result, created, id => CliText.Format("OrganiserCreated", result.GetValue(email)));
        });
        return create;
    }

    // The organiser makes it and hands it over, so a person who cannot sign in yet (no password set, a script's own
    // account) can use the API. Made by the command line, it cannot make more tokens nor delete the account.
    private static Command Token(GlobalOptions global)
    {
        // lianbo users token EMAIL --name N [--expires DAYS]; --email and --days are the older spellings, still taken.
        var user = new Argument<string?>("email") { Description = CliText.Format("TokenUserOption"), Arity = ArgumentArity.ZeroOrOne };
        var email = new Option<string?>("--email") { Description = CliText.Format("TokenUserOption") };
        var name = new Option<string>("--name") { Description = CliText.Format("TokenNameOption"), Required = true };
        var scope = new Option<TokenScope>("--scope") { Description = CliText.Format("TokenScopeOption"), DefaultValueFactory = _ => TokenScope.Read };
        var days = new Option<int>("--expires", "--days") { Description = CliText.Format("TokenDaysOption", ApiTokens.MaxDays), DefaultValueFactory = _ => 90 };
        var token = new Command("token", CliText.Format("UserTokenDescription")) { user, email, name, scope, days };
        token.Validators.Add(result =>
        {
            if ((result.GetValue(user) is null) == (result.GetValue(email) is null))
            {
                result.AddError(CliText.Format("TokenUserOnce"));
            }
        });
        token.SetAction(async (result, ct) =>
        {
            var address = (result.GetValue(user) ?? result.GetValue(email))!;
            await using var provider = await AccountServicesAsync(global, result, ct);
            await using var services = provider.CreateAsyncScope();
            var created = await services.ServiceProvider.GetRequiredService<UserAdmin>().CreateTokenAsync(
                Viewer.CommandLine, address, result.GetValue(name)!, result.GetValue(scope), result.GetValue(days), ct);
            // The token on a line of its own, for scripts; it is not stored and cannot be shown again.
            return GroupsCommands.Report(result, created, t => CliText.Format("UserTokenCreated", t.Info.Name, address.Trim(), t.Info.Scope,
                t.Info.ExpiresAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) + Environment.NewLine + t.Token);
        });
        return token;
    }

    // Accounts over the configured store, migrated and with its roles, as the web app has them.
    private static async Task<ServiceProvider> AccountServicesAsync(GlobalOptions global, ParseResult result, CancellationToken ct)
    {
        var configuration = global.Configuration(result);
        var services = new ServiceCollection().AddLogging().AddSingleton(configuration);
        services.AddLianboStore(configuration);
        services.AddLianboAccounts();
        services.AddLianboDataProtection(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            await using var scope = provider.CreateAsyncScope();
            await DbCommands.MigrateAsync(scope.ServiceProvider.GetRequiredService<LianboDbContext>(), result.InvocationConfiguration.Output, ct);
            await AccountsSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
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
