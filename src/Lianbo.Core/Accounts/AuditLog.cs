using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Accounts;

public sealed record AuditEntryDto(long Id, DateTimeOffset At, string? ActorId, string ActorRole, string Action, string EntityType, string EntityId, string? Before, string? After,
    long? Sequence, string? PreviousHash, string? Hash);

/// <summary>A name in both languages, for an id shown on the audit page.</summary>
public sealed record AuditName(string NameZh, string NameEn, string? Detail = null);

/// <summary>Who acted (user id → name, e-mail, organisation) and what was acted on ("Type:id" → name), for some entries.</summary>
public sealed record AuditNames(IReadOnlyDictionary<string, AuditName> Actors, IReadOnlyDictionary<string, AuditName> Entities)
{
    public AuditName? Actor(string? id) => id is null ? null : Actors.GetValueOrDefault(id);

    public AuditName? Entity(string type, string id) => Entities.GetValueOrDefault(type + ":" + id);
}

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

    /// <summary>The actions in the log, for the page's filter: only values that find something.</summary>
    public async Task<List<string>> ActionsAsync(CancellationToken ct = default) =>
        await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);

    /// <summary>
    /// The names behind the ids of some entries: each actor's display name, e-mail and organisation, and the
    /// organisation, user, edition or exhibitor an entry is about. An id whose row is gone (a deleted account) has no name.
    /// </summary>
    public async Task<AuditNames> NamesAsync(IReadOnlyCollection<AuditEntryDto> entries, CancellationToken ct = default)
    {
        var userIds = entries.Select(e => e.ActorId).OfType<string>()
            .Concat(entries.Where(e => e.EntityType == nameof(LianboUser)).Select(e => e.EntityId)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email, OrgZh = u.Organisation != null ? u.Organisation.NameZh : null, OrgEn = u.Organisation != null ? u.Organisation.NameEn : null })
            .ToListAsync(ct);
        var actors = users.ToDictionary(u => u.Id, u => new AuditName(
            u.OrgZh is null ? Named(u.DisplayName, u.Email) : $"{Named(u.DisplayName, u.Email)}（{u.OrgZh}）",
            u.OrgEn is null ? Named(u.DisplayName, u.Email) : $"{Named(u.DisplayName, u.Email)} ({u.OrgEn})", u.Email));

        var entities = new Dictionary<string, AuditName>(StringComparer.Ordinal);
        foreach (var u in users)
        {
            var named = u.Email is null || Named(u.DisplayName, u.Email) == u.Email ? u.Email ?? "" : $"{u.DisplayName} <{u.Email}>";
            entities[nameof(LianboUser) + ":" + u.Id] = new AuditName(named, named, u.Email);
        }

        List<Guid> Ids(string type) => [.. entries.Where(e => e.EntityType == type).Select(e => Guid.TryParse(e.EntityId, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct()];
        var organisationIds = Ids(nameof(Organisation));
        foreach (var o in await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).Select(o => new { o.Id, o.NameZh, o.NameEn }).ToListAsync(ct))
        {
            entities[nameof(Organisation) + ":" + o.Id] = new AuditName(o.NameZh, o.NameEn);
        }

        var editionIds = Ids(nameof(Expo.Edition));
        foreach (var e in await db.Editions.AsNoTracking().Where(e => editionIds.Contains(e.Id)).Select(e => new { e.Id, e.NameZh, e.NameEn }).ToListAsync(ct))
        {
            entities[nameof(Expo.Edition) + ":" + e.Id] = new AuditName(e.NameZh, e.NameEn);
        }

        var exhibitorIds = Ids(nameof(Expo.Exhibitor));
        var exhibitors = from x in db.Exhibitors.AsNoTracking()
                         join o in db.Organisations on x.OrganisationId equals o.Id
                         where exhibitorIds.Contains(x.Id)
                         select new { x.Id, o.NameZh, o.NameEn };
        foreach (var x in await exhibitors.ToListAsync(ct))
        {
            entities[nameof(Expo.Exhibitor) + ":" + x.Id] = new AuditName(x.NameZh, x.NameEn);
        }

        return new AuditNames(actors, entities);
    }

    private static string Named(string displayName, string? email) => string.IsNullOrWhiteSpace(displayName) ? email ?? "" : displayName;

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
