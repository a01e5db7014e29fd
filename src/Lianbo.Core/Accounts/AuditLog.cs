using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Accounts;

public sealed record AuditEntryDto(long Id, DateTimeOffset At, string? ActorId, string ActorRole, string Action, string EntityType, string EntityId, string? Before, string? After,
    long? Sequence, string? PreviousHash, string? Hash);

public sealed record AuditFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Action = null, string? ActorId = null);

/// <summary>The append-only record of organiser and admin actions.</summary>
public sealed class AuditLog(LianboDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds an entry to the context; it is saved with the change it describes, in the same SaveChangesAsync, which
    /// links it into the chain (<see cref="AuditChain"/>).
    /// </summary>
    public void Record(Viewer actor, string action, string entityType, string entityId, object? before = null, object? after = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = AuditChain.Truncate(clock.GetUtcNow()),
            ActorId = actor.UserId,
            ActorRole = actor.AuditRole,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });

    public async Task<Page<AuditEntryDto>> ListAsync(AuditFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var query = Filtered(filter);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.Id).Skip((page - 1) * pageSize).Take(pageSize).Select(ToDto).ToListAsync(ct);
        return new Page<AuditEntryDto>(items, total, page, pageSize);
    }

    /// <summary>Writes the filtered entries, oldest first, as CSV (UTF-8, header row).</summary>
    public async Task ExportCsvAsync(AuditFilter filter, Stream output, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        csv.WriteHeader<AuditEntryDto>();
        await csv.NextRecordAsync();
        await foreach (var entry in Filtered(filter).OrderBy(e => e.Id).Select(ToDto).AsAsyncEnumerable().WithCancellation(ct))
        {
            csv.WriteRecord(entry);
            await csv.NextRecordAsync();
        }
    }

    private IQueryable<AuditEntry> Filtered(AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (filter.From is { } from) query = query.Where(e => e.At >= from);
        if (filter.To is { } to) query = query.Where(e => e.At < to);
        if (filter.Action is { Length: > 0 } action) query = query.Where(e => e.Action == action);
        if (filter.ActorId is { Length: > 0 } actor) query = query.Where(e => e.ActorId == actor);
        return query;
    }

    private static readonly System.Linq.Expressions.Expression<Func<AuditEntry, AuditEntryDto>> ToDto =
        e => new AuditEntryDto(e.Id, e.At, e.ActorId, e.ActorRole, e.Action, e.EntityType, e.EntityId, e.Before, e.After, e.Sequence, e.PreviousHash, e.Hash);
}
