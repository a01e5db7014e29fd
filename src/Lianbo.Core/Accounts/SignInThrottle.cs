using System.Net;
using System.Net.Sockets;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lianbo.Core.Accounts;

/// <summary>
/// A soft lock-out per account and client address (OWASP ASVS 4.0 V2.2.1): after
/// <see cref="AccountSecurityOptions.FailedSignInsPerAddress"/> failures within
/// <see cref="AccountSecurityOptions.SignInLockoutMinutes"/>, that address may not sign in to that account for as long,
/// while the owner still signs in from anywhere else. Identity's own lock-out, per account alone, would let anyone
/// lock any user out by guessing wrong on purpose. The counts are rows of the platform store (<see cref="SignInFailure"/>),
/// so they hold across every web node on it and across restarts: a check is one read by key, a failure one statement.
/// </summary>
public sealed class SignInThrottle(IServiceScopeFactory scopes, IOptions<AccountSecurityOptions> options, TimeProvider clock)
{
    // Rows past their time are deleted by a failure, at most once a minute per process: the table holds little more than
    // the failures of one window, and a failure rarely pays for the delete.
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private long _nextSweepTicks;

    private AccountSecurityOptions Options => options.Value;

    /// <summary>Whether this address must wait before signing in to this account (by e-mail, as typed).</summary>
    public Task<bool> IsLockedOutAsync(string account, IPAddress? address, CancellationToken ct = default)
    {
        var (key, client, now) = (Key(account), Client(address), clock.GetUtcNow());
        return InStoreAsync(db => db.SignInFailures.AnyAsync(f => f.Account == key && f.Client == client && f.LockedUntil > now, ct));
    }

    /// <summary>Counts a wrong password or code; true when this failure locks the address out.</summary>
    public Task<bool> RecordFailureAsync(string account, IPAddress? address, CancellationToken ct = default)
    {
        var (key, client, now) = (Key(account), Client(address), clock.GetUtcNow());
        var limit = Options.FailedSignInsPerAddress;
        return InStoreAsync(async db =>
        {
            await SweepAsync(db, now, ct);
            var (at, until) = (Stored(db, now), Stored(db, now + Options.SignInLockout));
            // One statement, so that failures on several nodes at once are all counted: a row past its time starts
            // again at one; the failure that reaches the limit locks the address out until the window's end.
            var failures = await db.Database.SqlQuery<int>($"""
                INSERT INTO "SignInFailures" AS f ("Account", "Client", "Failures", "LockedUntil", "Expires")
                VALUES ({key}, {client}, 1, CASE WHEN {limit} <= 1 THEN {until} END, {until})
                ON CONFLICT ("Account", "Client") DO UPDATE SET
                    "Failures" = CASE WHEN f."Expires" <= {at} THEN 1 ELSE f."Failures" + 1 END,
                    "LockedUntil" = CASE WHEN f."Expires" <= {at} THEN excluded."LockedUntil"
                        WHEN f."LockedUntil" IS NULL AND f."Failures" + 1 >= {limit} THEN {until} ELSE f."LockedUntil" END,
                    "Expires" = CASE WHEN f."Expires" <= {at} OR f."LockedUntil" IS NULL AND f."Failures" + 1 >= {limit} THEN {until}
                        ELSE f."Expires" END
                RETURNING "Failures" AS "Value"
                """).ToListAsync(ct);
            return failures[0] == limit;
        });
    }

    /// <summary>A successful sign-in from an address clears its count.</summary>
    public Task RecordSuccessAsync(string account, IPAddress? address, CancellationToken ct = default)
    {
        var (key, client) = (Key(account), Client(address));
        return InStoreAsync(db => db.SignInFailures.Where(f => f.Account == key && f.Client == client).ExecuteDeleteAsync(ct));
    }

    /// <summary>Which of these accounts (e-mail addresses) some address is locked out of now, for the organisers' user list.</summary>
    public async Task<IReadOnlySet<string>> LockedAccountsAsync(IEnumerable<string> accounts, CancellationToken ct = default)
    {
        var byKey = accounts.ToLookup(Key, StringComparer.Ordinal);
        var keys = byKey.Select(k => k.Key).ToList();
        var now = clock.GetUtcNow();
        var locked = await InStoreAsync(db => db.SignInFailures.Where(f => keys.Contains(f.Account) && f.LockedUntil > now).Select(f => f.Account).Distinct().ToListAsync(ct));
        return locked.SelectMany(k => byKey[k]).ToHashSet(StringComparer.Ordinal);
    }

    // A context of its own (from the pool) for each call: the throttle lives as long as the app, its callers per request.
    private async Task<T> InStoreAsync<T>(Func<LianboDbContext, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LianboDbContext>());
    }

    private async Task SweepAsync(LianboDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks >= due && Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, due) == due)
        {
            await db.SignInFailures.Where(f => f.Expires <= now).ExecuteDeleteAsync(ct);
        }
    }

    // Raw SQL's parameters skip the model's value converters: a time goes as the column stores it (a number on SQLite).
    private static object Stored(LianboDbContext db, DateTimeOffset time) =>
        db.Model.FindEntityType(typeof(SignInFailure))!.FindProperty(nameof(SignInFailure.Expires))!.GetTypeMapping().Converter is { } converter
            ? converter.ConvertToProvider(time)!
            : time;

    // The account as Identity normalises e-mail addresses, so "Li@X.cn " and "li@x.cn" are one account. No account's
    // address is longer than Identity's 256 characters: a longer one typed counts under its first 256 (whole characters).
    private static string Key(string account)
    {
        var key = account.Trim().ToUpperInvariant();
        const int most = SignInFailure.AccountLength;
        return key.Length <= most ? key : key[..(char.IsHighSurrogate(key[most - 1]) ? most - 1 : most)];
    }

    // One IPv6 host usually holds a whole /64, so an address there counts as its /64; IPv4-mapped addresses as IPv4.
    private static string Client(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

/// <summary>Failed sign-ins to one account from one client address, as <see cref="SignInThrottle"/> counts them.</summary>
public sealed class SignInFailure
{
    internal const int AccountLength = 256;

    /// <summary>The e-mail address as typed, trimmed and in upper case (as Identity normalises it).</summary>
    public string Account { get; set; } = "";

    /// <summary>The client address (an IPv6 address as its /64).</summary>
    public string Client { get; set; } = "";

    public int Failures { get; set; }

    /// <summary>Until when this address may not sign in to this account; null while its failures are under the limit.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>When the row stops counting: the end of the window its first failure opened, or of its lock-out.</summary>
    public DateTimeOffset Expires { get; set; }
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> failure)
    {
        failure.HasKey(f => new { f.Account, f.Client });
        failure.Property(f => f.Account).HasMaxLength(SignInFailure.AccountLength);
        failure.Property(f => f.Client).HasMaxLength(64);
        // For the sweep of expired rows.
        failure.HasIndex(f => f.Expires);
    }
}
