using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Lianbo.Core.Accounts;

/// <summary>
/// A soft lock-out per account and client address (OWASP ASVS 4.0 V2.2.1): after
/// <see cref="AccountSecurityOptions.FailedSignInsPerAddress"/> failures within
/// <see cref="AccountSecurityOptions.SignInLockoutMinutes"/>, that address may not sign in to that account for as long,
/// while the owner still signs in from anywhere else. Identity's own lock-out, per account alone, would let anyone
/// lock any user out by guessing wrong on purpose. The counts live in this process's memory: each web node counts
/// its own, and a restart forgets them; the per-address rate limit bounds them, and the entries expire.
/// </summary>
public sealed class SignInThrottle(IMemoryCache cache, IOptions<AccountSecurityOptions> options, TimeProvider clock)
{
    private AccountSecurityOptions Options => options.Value;

    /// <summary>Whether this address must wait before signing in to this account (by e-mail, as typed).</summary>
    public bool IsLockedOut(string account, IPAddress? address)
    {
        if (!cache.TryGetValue(Key(account), out Attempts? attempts) || attempts is null)
        {
            return false;
        }

        lock (attempts)
        {
            return attempts.ByAddress.TryGetValue(Client(address), out var seen) && seen.LockedUntil > clock.GetUtcNow();
        }
    }

    /// <summary>Counts a wrong password or code; true when this failure locks the address out.</summary>
    public bool RecordFailure(string account, IPAddress? address)
    {
        var window = Options.SignInLockout;
        var attempts = cache.GetOrCreate(Key(account), entry =>
        {
            entry.SlidingExpiration = window;
            return new Attempts();
        })!;
        var now = clock.GetUtcNow();
        lock (attempts)
        {
            var client = Client(address);
            if (!attempts.ByAddress.TryGetValue(client, out var seen) || now - seen.FirstFailure >= window && seen.LockedUntil <= now)
            {
                seen = new AddressAttempts { FirstFailure = now };
                attempts.ByAddress[client] = seen;
            }

            seen.Failures++;
            if (seen.Failures >= Options.FailedSignInsPerAddress && seen.LockedUntil <= now)
            {
                seen.LockedUntil = now + window;
                return true;
            }

            return false;
        }
    }

    /// <summary>A successful sign-in from an address clears its count.</summary>
    public void RecordSuccess(string account, IPAddress? address)
    {
        if (cache.TryGetValue(Key(account), out Attempts? attempts) && attempts is not null)
        {
            lock (attempts)
            {
                attempts.ByAddress.Remove(Client(address));
            }
        }
    }

    /// <summary>How many addresses are locked out of this account now (as this node has seen), for the organisers' user list.</summary>
    public int LockedAddresses(string account)
    {
        if (!cache.TryGetValue(Key(account), out Attempts? attempts) || attempts is null)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        lock (attempts)
        {
            return attempts.ByAddress.Values.Count(a => a.LockedUntil > now);
        }
    }

    // The account as Identity normalises e-mail addresses, so "Li@X.cn " and "li@x.cn" are one account.
    private static string Key(string account) => "sign-in:" + account.Trim().ToUpperInvariant();

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

    private sealed class Attempts
    {
        public Dictionary<string, AddressAttempts> ByAddress { get; } = new(StringComparer.Ordinal);
    }

    private sealed class AddressAttempts
    {
        public DateTimeOffset FirstFailure { get; init; }
        public int Failures { get; set; }
        public DateTimeOffset LockedUntil { get; set; }
    }
}
