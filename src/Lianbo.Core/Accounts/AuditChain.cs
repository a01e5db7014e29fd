using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Accounts;

/// <summary>The last link of the chain, as an operator notes it (<c>SEQUENCE:HASH</c>) to detect a shortened log later.</summary>
public sealed record AuditHead(long Sequence, string Hash)
{
    public override string ToString() => Sequence.ToString(CultureInfo.InvariantCulture) + ":" + Hash;

    public static AuditHead? Parse(string text) =>
        text.Split(':') is [var sequence, var hash] && long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
            && hash.Length == 64 && hash.All(Uri.IsHexDigit)
            ? new AuditHead(s, hash.ToLowerInvariant())
            : null;
}

public enum AuditBreak
{
    /// <summary>The entry's content no longer gives its hash: it was edited.</summary>
    HashMismatch,

    /// <summary>A sequence number is missing: an entry was removed.</summary>
    MissingSequence,

    /// <summary>The entry does not name the hash of the entry before it: entries were removed, reordered or rewritten.</summary>
    PreviousHashMismatch,

    /// <summary>An entry outside the chain (no sequence), added behind the application's back.</summary>
    Unsealed,

    /// <summary>The chain ends before the head the operator noted: its tail was removed.</summary>
    Truncated,

    /// <summary>The entry at the noted head's sequence has another hash: the chain was rewritten from there or before.</summary>
    HeadMismatch,
}

/// <summary>The first broken link: its sequence number (for <see cref="AuditBreak.Unsealed"/>, the row id instead).</summary>
public sealed record AuditProblem(long Sequence, AuditBreak Kind);

public sealed record AuditVerification(long Verified, AuditHead? Head, AuditProblem? Problem);

/// <summary>
/// The audit log as a hash chain: each entry has a sequence number (1, 2, 3… unique), the hash of the entry before it,
/// and its own hash, SHA-256 (lowercase hex) of the UTF-8 bytes of <see cref="Canonical"/>. Entries are chained when
/// they are saved, one appender at a time: under <see cref="StoreLocks"/> (an advisory lock on PostgreSQL, the IMMEDIATE
/// write transaction on SQLite). With the head noted elsewhere, any edit, removal or truncation shows in
/// <see cref="VerifyAsync"/>. The chain has no secret key: whoever can write the database and knows this can forge
/// a whole new chain, which only a head noted outside the database reveals.
/// </summary>
public static class AuditChain
{
    public const string Version = "lianbo-audit-v1";

    /// <summary>
    /// The canonical form: the line <c>lianbo-audit-v1</c> and a newline, then these fields in order, each as a netstring
    /// (its UTF-8 byte length in decimal, ":", the bytes, ",") or "-" when null: sequence (decimal), at (UTC,
    /// <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, milliseconds because SQLite keeps no more), actor id, actor role, action,
    /// entity type, entity id, before, after, previous hash. The row id is left out: the database gives it after the hash is made.
    /// </summary>
    public static string Canonical(AuditEntry entry)
    {
        var text = new StringBuilder(Version).Append('\n');
        foreach (var field in (string?[])[
            entry.Sequence?.ToString(CultureInfo.InvariantCulture), Timestamp(entry.At), entry.ActorId, entry.ActorRole, entry.Action,
            entry.EntityType, entry.EntityId, entry.Before, entry.After, entry.PreviousHash])
        {
            _ = field is null ? text.Append('-') : text.Append(Encoding.UTF8.GetByteCount(field)).Append(':').Append(field).Append(',');
        }

        return text.ToString();
    }

    public static string ComputeHash(AuditEntry entry) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(entry))));

    /// <summary>The instant as the chain records it: UTC, whole milliseconds.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    private static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Gives the entries, in order, the next places after the head. Call inside the transaction that saves them
    /// (<see cref="LianboDbContext"/> does), which holds the appenders' lock until it ends.
    /// </summary>
    internal static async Task LinkAsync(LianboDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        await StoreLocks.ExclusiveAsync(db, "audit-chain", ct);

        var head = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence != null).OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        var (sequence, previous) = (head?.Sequence ?? 0, head?.Hash);
        foreach (var entry in entries)
        {
            entry.Sequence = ++sequence;
            entry.PreviousHash = previous;
            entry.Hash = previous = ComputeHash(entry);
        }
    }

    /// <summary>
    /// Chains the entries written before the chain existed, in the order they were written (by id). Runs once, when the
    /// migration that added the chain is applied; the triggers allow exactly this: setting the chain columns of an entry without a hash.
    /// </summary>
    public static Task<int> SealAsync(LianboDbContext db, CancellationToken ct = default) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var unsealed = await db.AuditEntries.Where(e => e.Sequence == null).OrderBy(e => e.Id).ToListAsync(ct);
            await LinkAsync(db, unsealed, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return unsealed.Count;
        }, ct);

    /// <summary>
    /// Walks the chain in order and stops at the first broken link. With <paramref name="expectedHead"/> (noted from an
    /// earlier run) it also finds a removed tail, which leaves an intact but shorter chain.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(LianboDbContext db, AuditHead? expectedHead = null, CancellationToken ct = default)
    {
        long verified = 0;
        string? previous = null;
        string? hashAtExpected = null;
        await foreach (var entry in db.AuditEntries.AsNoTracking().Where(e => e.Sequence != null).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            var expected = verified + 1;
            var kind = entry.Sequence != expected ? AuditBreak.MissingSequence
                : entry.PreviousHash != previous ? AuditBreak.PreviousHashMismatch
                : entry.Hash != ComputeHash(entry) ? AuditBreak.HashMismatch
                : (AuditBreak?)null;
            if (kind is { } broken)
            {
                return new AuditVerification(verified, Head(verified, previous), new AuditProblem(expected, broken));
            }

            previous = entry.Hash;
            verified++;
            if (verified == expectedHead?.Sequence)
            {
                hashAtExpected = entry.Hash;
            }
        }

        var head = Head(verified, previous);
        var problem = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == null).OrderBy(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct) is { } id
            ? new AuditProblem(id, AuditBreak.Unsealed)
            : expectedHead is null ? null
            : verified < expectedHead.Sequence ? new AuditProblem(verified + 1, AuditBreak.Truncated)
            : hashAtExpected != expectedHead.Hash ? new AuditProblem(expectedHead.Sequence, AuditBreak.HeadMismatch)
            : null;
        return new AuditVerification(verified, head, problem);
    }

    private static AuditHead? Head(long sequence, string? hash) => hash is null ? null : new AuditHead(sequence, hash);
}
