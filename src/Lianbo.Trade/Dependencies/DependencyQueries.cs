using System.Globalization;
using DuckDB.NET.Data;
using Lianbo.Trade.Complexity;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Dependencies;

/// <summary>
/// Import dependencies and chokepoints from the trade store. Flows are cut to an HS level (GeoDep and the European
/// Commission work at 6 digits) and a country's trade with itself is left out, as in the country network.
/// Every sum runs inside DuckDB over the year's rows; only the answer crosses into .NET.
/// </summary>
public sealed class DependencyQueries(TradeStore store)
{
    /// <summary>The GeoDep thresholds: import HHI, world export HHI, imports over exports.</summary>
    public const double HhiThreshold = 0.4;
    public const double RatioThreshold = 1.0;

    /// <summary>The European Commission's 2021 threshold on the extra-bloc share of the bloc's imports.</summary>
    public const double ExtraShareThreshold = 0.5;

    /// <summary>
    /// The dependencies of <paramref name="importer"/> (every importer when null) in the dataset's year, with the
    /// GeoDep flag over the years t−2..t the store holds for the same source and revision; and, when
    /// <paramref name="blocMembers"/> is given, the European Commission's 2021 criteria for that bloc's extra-bloc imports.
    /// </summary>
    public async Task<DependencyReport> ReportAsync(
        DatasetInfo dataset, int digits, string? importer, string? bloc = null, IReadOnlyCollection<string>? blocMembers = null, CancellationToken ct = default)
    {
        var scale = ComplexityQueries.Scale(digits);
        importer = importer?.Trim().ToUpperInvariant();
        var queries = new TradeQueries(store);
        var window = new List<DatasetInfo>();
        for (var year = dataset.Year - 2; year < dataset.Year; year++)
        {
            if (await queries.FindAsync(year, dataset.Source, dataset.Revision, needsProducts: true, ct) is { } earlier)
            {
                window.Add(earlier);
            }
        }

        window.Add(dataset);
        var current = await YearAsync(dataset, scale, digits, importer, ct);
        var met = current.ToDictionary(r => (r.Importer, r.Product), r => r.CriteriaMet ? 1 : 0);
        foreach (var earlier in window.Take(window.Count - 1))
        {
            foreach (var row in await YearAsync(earlier, scale, digits, importer, ct))
            {
                if (row.CriteriaMet && met.ContainsKey((row.Importer, row.Product)))
                {
                    met[(row.Importer, row.Product)]++;
                }
            }
        }

        var rows = current.Select(r =>
        {
            var years = met[(r.Importer, r.Product)];
            return r with { YearsMet = years, YearsStored = window.Count, GeoDep = years >= 2 };
        }).OrderByDescending(r => r.GeoDep).ThenByDescending(r => r.CriteriaMet).ThenByDescending(r => r.Imports)
          .ThenBy(r => r.Importer, StringComparer.Ordinal).ThenBy(r => r.Product, StringComparer.Ordinal).ToList();

        IReadOnlyList<string> members = blocMembers is null ? [] : [.. blocMembers.Select(m => m.Trim().ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)];
        var blocRows = members.Count == 0 ? [] : await BlocAsync(dataset, scale, digits, members, ct);
        return new DependencyReport(dataset, digits, importer, [.. window.Select(d => d.Year)], rows, members.Count == 0 ? null : bloc, members, blocRows);
    }

    // One year's importer × product rows, with this year's criteria; YearsMet and GeoDep are filled in by the caller.
    private async Task<List<ImportDependency>> YearAsync(DatasetInfo dataset, int scale, int digits, string? importer, CancellationToken ct)
    {
        await using var connection = store.Open();
        var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", dataset.Key));
        await using var command = connection.CreateCommand();
        var onlyImporter = importer is null ? "" : "WHERE importer = $importer";
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            WITH {Flows(table, scale)},
            exports AS (SELECT exporter AS country, product, sum(value) AS value FROM flows GROUP BY ALL),
            world AS (SELECT product, sum(value * value) / (sum(value) * sum(value)) AS hhi FROM exports GROUP BY product),
            bought AS (
                SELECT importer, product, exporter, sum(value) AS value FROM flows {onlyImporter}
                GROUP BY ALL HAVING sum(value) > 0),
            imports AS (
                SELECT importer, product, sum(value) AS total, sum(value * value) AS squares,
                       first(exporter ORDER BY value DESC, exporter) AS top, max(value) AS top_value
                FROM bought GROUP BY ALL)
            SELECT i.importer, i.product, i.total, i.squares / (i.total * i.total), i.top, i.top_value / i.total, coalesce(e.value, 0), w.hhi
            FROM imports i JOIN world w USING (product)
            LEFT JOIN exports e ON e.country = i.importer AND e.product = i.product
            """);
        TradeStore.AddKey(command, dataset.Key);
        if (importer is not null)
        {
            command.Parameters.Add(new DuckDBParameter("importer", importer));
        }

        var format = Format(digits);
        var rows = new List<ImportDependency>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (imports, hhi, exports, world) = (reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(6), reader.GetDouble(7));
            double? ratio = exports > 0 ? imports / exports : null;
            var met = hhi > HhiThreshold && world > HhiThreshold && (ratio is null || ratio > RatioThreshold);
            rows.Add(new ImportDependency(reader.GetString(0), reader.GetInt32(1).ToString(format, CultureInfo.InvariantCulture), imports, hhi,
                reader.GetString(4), reader.GetDouble(5), exports, ratio, world, met, 0, 0, false));
        }

        return rows;
    }

    private async Task<List<BlocDependency>> BlocAsync(DatasetInfo dataset, int scale, int digits, IReadOnlyList<string> members, CancellationToken ct)
    {
        await using var connection = store.Open();
        var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", dataset.Key));
        await using var command = connection.CreateCommand();
        // Members are matched through a parameter list, never spliced into the SQL.
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            WITH {Flows(table, scale)},
            tagged AS (SELECT *, list_contains($members, exporter) AS from_bloc, list_contains($members, importer) AS to_bloc FROM flows),
            extra AS (SELECT product, exporter, sum(value) AS value FROM tagged WHERE to_bloc AND NOT from_bloc GROUP BY ALL HAVING sum(value) > 0),
            concentration AS (
                SELECT product, sum(value) AS total, sum(value * value) / (sum(value) * sum(value)) AS hhi,
                       first(exporter ORDER BY value DESC, exporter) AS top, max(value) / sum(value) AS top_share
                FROM extra GROUP BY product),
            bought AS (SELECT product, sum(value) AS total FROM tagged WHERE to_bloc GROUP BY product),
            sold AS (SELECT product, sum(value) AS total FROM tagged WHERE from_bloc GROUP BY product)
            SELECT c.product, c.total, b.total, c.hhi, c.top, c.top_share, coalesce(s.total, 0)
            FROM concentration c JOIN bought b USING (product) LEFT JOIN sold s USING (product)
            """);
        TradeStore.AddKey(command, dataset.Key);
        command.Parameters.Add(new DuckDBParameter("members", members.ToList()));
        var format = Format(digits);
        var rows = new List<BlocDependency>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (extra, total, hhi, exports) = (reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(6));
            double? ratio = exports > 0 ? extra / exports : null;
            var share = extra / total;
            rows.Add(new BlocDependency(reader.GetInt32(0).ToString(format, CultureInfo.InvariantCulture), extra, total, hhi, reader.GetString(4), reader.GetDouble(5),
                share, exports, ratio, hhi > HhiThreshold && share > ExtraShareThreshold && (ratio is null || ratio > RatioThreshold)));
        }

        return [.. rows.OrderByDescending(r => r.Dependent).ThenByDescending(r => r.ExtraImports).ThenBy(r => r.Product, StringComparer.Ordinal)];
    }

    /// <summary>One importer's imports of one product by supplier, largest first (ties by code).</summary>
    internal async Task<List<(string Supplier, double Value)>> SuppliersAsync(DatasetInfo dataset, int digits, string importer, int product, CancellationToken ct)
    {
        var scale = ComplexityQueries.Scale(digits);
        await using var connection = store.Open();
        var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", dataset.Key));
        await using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            WITH {Flows(table, scale)}
            SELECT exporter, sum(value) FROM flows WHERE importer = $importer AND product = $product
            GROUP BY exporter HAVING sum(value) > 0 ORDER BY sum(value) DESC, exporter
            """);
        TradeStore.AddKey(command, dataset.Key);
        command.Parameters.Add(new DuckDBParameter("importer", importer));
        command.Parameters.Add(new DuckDBParameter("product", product));
        var list = new List<(string, double)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add((reader.GetString(0), reader.GetDouble(1)));
        }

        return list;
    }

    // The year's flows by country (ISO codes), product cut to the level; trade of a country with itself left out.
    private static string Flows(string table, int scale) => string.Create(CultureInfo.InvariantCulture, $"""
        flows AS (
            SELECT ce.country AS exporter, ci.country AS importer, CAST(f.product // {scale} AS INTEGER) AS product, f.value
            FROM {table} f
            JOIN country_codes ce ON ce.source = $source AND ce.revision = $revision AND ce.year = $year AND ce.code = f.exporter
            JOIN country_codes ci ON ci.source = $source AND ci.revision = $revision AND ci.year = $year AND ci.code = f.importer
            WHERE ce.country <> ci.country)
        """);

    internal static string Format(int digits) => "D" + digits.ToString(CultureInfo.InvariantCulture);
}
