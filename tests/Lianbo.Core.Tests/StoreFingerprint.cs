using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests;

/// <summary>
/// Every table of the platform store, row for row: its row count and a hash of its rows in any order. Two fingerprints
/// are equal when nothing was added, removed or changed, so that a refused import can be shown to have left the store
/// as it was.
/// </summary>
public static class StoreFingerprint
{
    /// <param name="except">Tables left out, such as those that record a caller's use of the app (ApiTokens keeps when each token was last used).</param>
    public static async Task<IReadOnlyDictionary<string, string>> OfAsync(LianboDbContext db, IReadOnlyCollection<string>? except = null, CancellationToken ct = default)
    {
        var tables = db.Model.GetEntityTypes().Where(t => t.GetTableName() is { } name && except?.Contains(name) != true)
            .Select(t => (Schema: t.GetSchema(), Name: t.GetTableName()!)).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            var fingerprint = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (schema, name) in tables)
            {
                var rows = await RowsAsync(connection, schema is null ? $"\"{name}\"" : $"\"{schema}\".\"{name}\"", ct);
                rows.Sort(StringComparer.Ordinal);
                var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', rows))))[..16];
                fingerprint[name] = $"{rows.Count} rows, {hash}";
            }

            return fingerprint;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async Task<List<string>> RowsAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync(ct))
        {
            reader.GetValues(values);
            rows.Add(string.Join('\u001f', values.Select(v => v is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
