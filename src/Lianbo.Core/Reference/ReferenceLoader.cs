using System.Globalization;
using System.Security.Cryptography;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Reference;

public sealed record ReferenceLoadResult(bool Changed, int Countries, int HsCodes, int Groups);

/// <summary>
/// Brings the store's reference tables in line with the shipped files, in one transaction.
/// Unchanged files (same SHA-256 as last time) are not read again; a bad file changes nothing.
/// </summary>
public sealed class ReferenceLoader(LianboDbContext db)
{
    public async Task<ReferenceLoadResult> LoadAsync(string directory, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ReferenceData.Files)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new Files.DataFileException(name, null, Messages.Format("FileMissing", path));
            }

            await using var stream = File.OpenRead(path);
            hashes[name] = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }

        var stored = await db.ReferenceFiles.AsNoTracking().ToDictionaryAsync(f => f.Name, f => f.Sha256, ct);
        if (hashes.All(h => stored.GetValueOrDefault(h.Key) == h.Value))
        {
            return new ReferenceLoadResult(false, await db.Countries.CountAsync(ct), await db.HsCodes.CountAsync(ct), await db.CountryGroups.CountAsync(ct));
        }

        progress?.Report(Messages.Format("ReadingReference", directory));
        var data = ReferenceData.Read(directory);

        progress?.Report(Messages.Format("StoringReference"));
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await SyncAsync(db.Countries, data.Countries, c => c.Iso3, ct);
            await SyncAsync(db.HsSections, data.Sections, s => s.Number, ct);
            await SyncAsync(db.HsCodes, data.HsCodes, c => (c.Revision, c.Code), ct);
            await db.SaveChangesAsync(ct);

            await ReplaceConversionsAsync(data.Conversions, ct);

            // Built-in groups are replaced whole; groups that organisers made stay as they are.
            await db.CountryGroupMembers.Where(m => m.Group!.IsBuiltIn).ExecuteDeleteAsync(ct);
            await db.CountryGroups.Where(g => g.IsBuiltIn).ExecuteDeleteAsync(ct);
            db.CountryGroups.AddRange(data.Groups);

            await db.ReferenceFiles.ExecuteDeleteAsync(ct);
            var now = DateTimeOffset.UtcNow;
            db.ReferenceFiles.AddRange(hashes.Select(h => new ReferenceFile { Name = h.Key, Sha256 = h.Value, LoadedAt = now }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();
        return new ReferenceLoadResult(true, data.Countries.Count, data.HsCodes.Count, data.Groups.Count);
    }

    // UNSD's conversions. Nothing refers to these rows, so they are replaced whole. Sixteen thousand rows tracked one by
    // one by EF take seconds on every fresh store, each test's too; a few rows to an INSERT take a fraction of that.
    // SQLite finds each parameter by name in a list, so a statement with thousands of them costs more than many small
    // ones; PostgreSQL's round trips favour large statements. Only the model's own names and parameter placeholders go
    // into the SQL text, which is the same on both.
    private async Task ReplaceConversionsAsync(IEnumerable<HsConversion> rows, CancellationToken ct)
    {
        await db.HsConversions.ExecuteDeleteAsync(ct);
        var entity = db.Model.FindEntityType(typeof(HsConversion))!;
        string Column(string property) => "\"" + entity.FindProperty(property)!.GetColumnName() + "\"";
        var columns = string.Join(", ", new[]
        {
            nameof(HsConversion.FromRevision), nameof(HsConversion.ToRevision), nameof(HsConversion.FromCode), nameof(HsConversion.ToCode),
        }.Select(Column));
        var perStatement = db is Data.SqliteLianboDbContext ? 25 : 500;
        foreach (var chunk in rows.Chunk(perStatement))
        {
            var values = new List<string>(chunk.Length);
            var parameters = new List<object>(chunk.Length * 4);
            foreach (var r in chunk)
            {
                var at = parameters.Count;
                values.Add(string.Create(CultureInfo.InvariantCulture, $"({{{at}}}, {{{at + 1}}}, {{{at + 2}}}, {{{at + 3}}})"));
                parameters.AddRange([r.FromRevision, r.ToRevision, r.FromCode, r.ToCode]);
            }

            var sql = "INSERT INTO \"" + entity.GetTableName() + "\" (" + columns + ") VALUES " + string.Join(", ", values);
            await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
    }

    // Updates rows that exist, adds new ones and removes those no longer in the file, so that rows that
    // other tables point at keep their identity across reloads.
    private async Task SyncAsync<T, TKey>(DbSet<T> set, IEnumerable<T> incoming, Func<T, TKey> key, CancellationToken ct)
        where T : class
        where TKey : notnull
    {
        var existing = (await set.ToListAsync(ct)).ToDictionary(key);
        foreach (var item in incoming)
        {
            if (existing.Remove(key(item), out var current))
            {
                db.Entry(current).CurrentValues.SetValues(item);
            }
            else
            {
                set.Add(item);
            }
        }

        set.RemoveRange(existing.Values);
    }
}
