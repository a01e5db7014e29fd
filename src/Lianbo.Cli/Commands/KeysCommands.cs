using System.CommandLine;
using System.Globalization;
using Lianbo.Core.Data;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo keys list | rotate | revoke</c>: the install's Data Protection key ring (it signs the sign-in
/// cookies). Rotating makes a new key the one that signs from now on; revoking voids a key, and with it every
/// cookie and form token it signed. A running web app reads the ring again when it restarts.
/// </summary>
internal static class KeysCommands
{
    public static Command Create(GlobalOptions global) =>
        new("keys", CliText.Format("KeysDescription")) { List(global), Rotate(global), Revoke(global) };

    private static Command List(GlobalOptions global)
    {
        var list = new Command("list", CliText.Format("KeysListDescription"));
        list.SetAction(async (result, ct) =>
        {
            await using var provider = await OpenAsync(global, result, ct);
            Print(result, provider.GetRequiredService<IKeyManager>());
            return 0;
        });
        return list;
    }

    private static Command Rotate(GlobalOptions global)
    {
        var revokeOthers = new Option<bool>("--revoke-others") { Description = CliText.Format("KeysRevokeOthersOption") };
        var rotate = new Command("rotate", CliText.Format("KeysRotateDescription")) { revokeOthers };
        rotate.SetAction(async (result, ct) =>
        {
            await using var provider = await OpenAsync(global, result, ct);
            var keys = provider.GetRequiredService<IKeyManager>();
            var now = DateTimeOffset.UtcNow;
            var older = keys.GetAllKeys().Where(k => !k.IsRevoked).Select(k => k.KeyId).ToList();
            var key = keys.CreateNewKey(now, now.AddDays(90));
            if (result.GetValue(revokeOthers))
            {
                older.ForEach(id => keys.RevokeKey(id, "Rotated with lianbo keys rotate --revoke-others"));
            }

            result.InvocationConfiguration.Output.WriteLine(CliText.Format(
                result.GetValue(revokeOthers) ? "KeysRotatedRevoked" : "KeysRotated", key.KeyId, older.Count));
            return 0;
        });
        return rotate;
    }

    private static Command Revoke(GlobalOptions global)
    {
        var id = new Option<Guid?>("--id") { Description = CliText.Format("KeysIdOption"), HelpName = "KEY-ID" };
        var all = new Option<bool>("--all") { Description = CliText.Format("KeysAllOption") };
        var reason = new Option<string>("--reason") { Description = CliText.Format("KeysReasonOption"), DefaultValueFactory = _ => "revoked with lianbo keys revoke" };
        var revoke = new Command("revoke", CliText.Format("KeysRevokeDescription")) { id, all, reason };
        revoke.SetAction(async (result, ct) =>
        {
            if (result.GetValue(id) is null == !result.GetValue(all))
            {
                result.InvocationConfiguration.Error.WriteLine(CliText.Format("KeysRevokeWhich"));
                return CliApp.UserError;
            }

            await using var provider = await OpenAsync(global, result, ct);
            var keys = provider.GetRequiredService<IKeyManager>();
            if (result.GetValue(id) is { } one)
            {
                if (keys.GetAllKeys().All(k => k.KeyId != one))
                {
                    result.InvocationConfiguration.Error.WriteLine(CliText.Format("KeysUnknown", one));
                    return CliApp.UserError;
                }

                keys.RevokeKey(one, result.GetValue(reason));
                result.InvocationConfiguration.Output.WriteLine(CliText.Format("KeysRevoked", one));
                return 0;
            }

            // Everything signed so far stops working; a new key signs from now on, so the next start needs no repair.
            var now = DateTimeOffset.UtcNow;
            keys.RevokeAllKeys(now, result.GetValue(reason));
            var fresh = keys.CreateNewKey(now.AddSeconds(1), now.AddDays(90));
            result.InvocationConfiguration.Output.WriteLine(CliText.Format("KeysRevokedAll", fresh.KeyId));
            return 0;
        });
        return revoke;
    }

    // The web app's own set-up: the key ring where Lianbo:Keys says, in a folder or in the (migrated) platform store.
    private static async Task<ServiceProvider> OpenAsync(GlobalOptions global, ParseResult result, CancellationToken ct)
    {
        var configuration = global.Configuration(result);
        var services = new ServiceCollection().AddLogging().AddSingleton(configuration);
        services.AddLianboStore(configuration);
        services.AddLianboDataProtection(configuration);
        var provider = services.BuildServiceProvider();
        if (string.Equals(configuration[KeyRing.StoreSetting]?.Trim(), KeyRing.DatabaseStore, StringComparison.OrdinalIgnoreCase))
        {
            await using var scope = provider.CreateAsyncScope();
            await DatabaseProvider.MigrateAsync(scope.ServiceProvider.GetRequiredService<LianboDbContext>(), ct);
        }

        foreach (var leaked in KeyRing.RevokeLeaked(provider.GetRequiredService<IKeyManager>()))
        {
            result.InvocationConfiguration.Error.WriteLine(CliText.Format("KeysLeakedRevoked", leaked));
        }

        return provider;
    }

    // One line a key, oldest first: id, created, active from, expires, state.
    private static void Print(ParseResult result, IKeyManager keys)
    {
        var output = result.InvocationConfiguration.Output;
        output.WriteLine(CliText.Format("KeysHeader"));
        var now = DateTimeOffset.UtcNow;
        foreach (var key in keys.GetAllKeys().OrderBy(k => k.ActivationDate))
        {
            var state = key.IsRevoked ? "KeyRevoked" : key.ExpirationDate <= now ? "KeyExpired" : key.ActivationDate > now ? "KeyPending" : "KeyActive";
            output.WriteLine($"{key.KeyId}  {Date(key.CreationDate)}  {Date(key.ActivationDate)}  {Date(key.ExpirationDate)}  {CliText.Format(state)}");
        }
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
