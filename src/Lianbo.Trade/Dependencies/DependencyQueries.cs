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
    public Task<DependencyReport> ReportAsync(
        DatasetInfo dataset, int digits, string? importer, string? bloc = null, IReadOnlyCollection<string>? blocMembers = null, CancellationToken ct = default)
        => ReportAsync(dataset, digits, importer, products: null, bloc, blocMembers, ct);

    /// <summary>
    /// The same report cut to <paramref name="products"/>, codes at the report's level (<paramref name="digits"/> digits,
    /// e.g. HS6 for 6; every product when null), for the importer's and the bloc's rows alike. Every figure is taken per
    /// product, so the rows equal those of the whole report for the same products; the cut only spares DuckDB the others.
    /// </summary>
    public async Task<DependencyReport> ReportAsync(
        DatasetInfo dataset, int digits, string? importer, IReadOnlyCollection<string>? products, string? bloc = null,
        IReadOnlyCollection<string>? blocMembers = null, CancellationToken ct = default)
    {
        var scale = ComplexityQueries.Scale(digits);
        var only = products is null ? null : ProductNumbers(products, digits);
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
        IReadOnlyList<string> members = blocMembers is null ? [] : [.. blocMembers.Select(m => m.Trim().ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)];
        List<YearRow> current;
        Dictionary<long, string> names;
        List<BlocDependency> blocRows = [];
        await using (var connection = await FlowsAsync(dataset, scale, only, ct))
        {
            (current, names) = await YearAsync(connection, importer, ct);
            if (members.Count > 0)
            {
                blocRows = await BlocAsync(connection, digits, members, ct);
            }
        }

        // Earlier years number their countries by their own mapping, so they are matched by name.
        var met = new Dictionary<(string, int), int>();
        foreach (var earlier in window.Take(window.Count - 1))
        {
            await using var connection = await FlowsAsync(earlier, scale, only, ct);
            var (rows, earlierNames) = await YearAsync(connection, importer, ct);
            foreach (var row in rows)
            {
                if (row.CriteriaMet)
                {
                    var key = (earlierNames[row.Importer], row.Product);
                    met[key] = met.GetValueOrDefault(key) + 1;
                }
            }
        }

        // Chokepoints first, then rows meeting this year's criteria, then by value imported, then by importer and
        // product: ids follow the ordinal order of the ISO codes and products of one level have one width, so comparing
        // the numbers orders the codes. Sorted as numbers, named once sorted: a year has millions of rows.
        var ranked = new (YearRow Row, int Years)[current.Count];
        for (var i = 0; i < ranked.Length; i++)
        {
            var r = current[i];
            ranked[i] = (r, (r.CriteriaMet ? 1 : 0) + (met.Count == 0 ? 0 : met.GetValueOrDefault((names[r.Importer], r.Product))));
        }

        Array.Sort(ranked, static (a, b) =>
        {
            var order = (b.Years >= 2).CompareTo(a.Years >= 2);
            order = order != 0 ? order : b.Row.CriteriaMet.CompareTo(a.Row.CriteriaMet);
            order = order != 0 ? order : b.Row.Imports.CompareTo(a.Row.Imports);
            order = order != 0 ? order : a.Row.Importer.CompareTo(b.Row.Importer);
            return order != 0 ? order : a.Row.Product.CompareTo(b.Row.Product);
        });
        var format = Format(digits);
        var codes = new Dictionary<int, string>();
        var report = new List<ImportDependency>(ranked.Length);
        foreach (var (r, years) in ranked)
        {
            if (!codes.TryGetValue(r.Product, out var product))
            {
                codes[r.Product] = product = r.Product.ToString(format, CultureInfo.InvariantCulture);
            }

            report.Add(new ImportDependency(names[r.Importer], product, r.Imports, r.Hhi, names[r.Top], r.TopShare, r.Exports, r.Ratio,
                r.World, r.CriteriaMet, years, window.Count, years >= 2));
        }

        return new DependencyReport(dataset, digits, importer, [.. window.Select(d => d.Year)], report, members.Count == 0 ? null : bloc, members, blocRows);
    }

    // One year's importer × product row as DuckDB gives it: countries as the connection's ids, the product as its number.
    private readonly record struct YearRow(long Importer, int Product, double Imports, double Hhi, long Top, double TopShare, double Exports, double World)
    {
        public double? Ratio => Exports > 0 ? Imports / Exports : null;

        public bool CriteriaMet => Hhi > HhiThreshold && World > HhiThreshold && (Ratio is not { } ratio || ratio > RatioThreshold);
    }

    // One year's importer × product rows with the connection's names of its ids; they become records once ranked.
    private static async Task<(List<YearRow> Rows, Dictionary<long, string> Names)> YearAsync(DuckDBConnection connection, string? importer, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        var onlyImporter = importer is null ? "" : "WHERE importer = (SELECT id FROM names WHERE country = $importer)";
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            WITH exports AS (SELECT exporter AS id, product, sum(value) AS value FROM flows GROUP BY ALL),
            world AS (SELECT product, sum(value * value) / (sum(value) * sum(value)) AS hhi FROM exports GROUP BY product),
            bought AS (SELECT importer, product, exporter, value FROM flows {onlyImporter}),
            imports AS (
                SELECT importer, product, sum(value) AS total, sum(value * value) AS squares,
                       arg_max(exporter, {Largest}) AS top, max(value) AS top_value
                FROM bought GROUP BY ALL)
            SELECT i.importer, i.product, i.total, i.squares / (i.total * i.total), i.top, i.top_value / i.total, coalesce(e.value, 0), w.hhi
            FROM imports i JOIN world w USING (product)
            LEFT JOIN exports e ON e.id = i.importer AND e.product = i.product
            """);
        if (importer is not null)
        {
            command.Parameters.Add(new DuckDBParameter("importer", importer));
        }

        var names = await NamesAsync(connection, ct);
        var rows = new List<YearRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (reader.Read())
        {
            rows.Add(new YearRow(reader.GetInt64(0), reader.GetInt32(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt64(4),
                reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7)));
        }

        return (rows, names);
    }

    private static async Task<Dictionary<long, string>> NamesAsync(DuckDBConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, country FROM names";
        var names = new Dictionary<long, string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names[reader.GetInt64(0)] = reader.GetString(1);
        }

        return names;
    }

    private static async Task<List<BlocDependency>> BlocAsync(DuckDBConnection connection, int digits, IReadOnlyList<string> members, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        // Members are matched through a parameter list, never spliced into the SQL.
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            WITH bloc AS (SELECT id FROM names WHERE list_contains($members, country)),
            tagged AS (SELECT *, exporter IN (SELECT id FROM bloc) AS from_bloc, importer IN (SELECT id FROM bloc) AS to_bloc FROM flows),
            extra AS (SELECT product, exporter, sum(value) AS value FROM tagged WHERE to_bloc AND NOT from_bloc GROUP BY ALL HAVING sum(value) > 0),
            concentration AS (
                SELECT product, sum(value) AS total, sum(value * value) / (sum(value) * sum(value)) AS hhi,
                       arg_max(exporter, {Largest}) AS top, max(value) / sum(value) AS top_share
                FROM extra GROUP BY product),
            bought AS (SELECT product, sum(value) AS total FROM tagged WHERE to_bloc GROUP BY product),
            sold AS (SELECT product, sum(value) AS total FROM tagged WHERE from_bloc GROUP BY product)
            SELECT c.product, c.total, b.total, c.hhi, n.country, c.top_share, coalesce(s.total, 0)
            FROM concentration c JOIN bought b USING (product) JOIN names n ON n.id = c.top LEFT JOIN sold s USING (product)
            """);
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
        await using var connection = store.Open();
        var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", dataset.Key));
        await using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            WITH {Ids}, names AS (SELECT DISTINCT id, country FROM ids), flows AS ({Cut(table, ComplexityQueries.Scale(digits))})
            SELECT n.country, sum(f.value) FROM flows f JOIN names n ON n.id = f.exporter
            WHERE f.importer = (SELECT id FROM names WHERE country = $importer) AND f.product = $product
            GROUP BY n.country HAVING sum(f.value) > 0 ORDER BY sum(f.value) DESC, n.country
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

    // A connection holding the year's flows by country, product cut to the level, as temporary tables: names (id →
    // country) and flows (exporter, importer, product, value), summed once and read by every query after. Countries are
    // numbered in the ordinal order of their ISO codes, so that grouping works on integers and the smallest id is the
    // first code; the source's codes that map to one country (BACI 56 and 58) share its number. A country's trade with
    // itself is left out. With a product list, only those products are kept; the list goes in as a parameter.
    private async Task<DuckDBConnection> FlowsAsync(DatasetInfo dataset, int scale, List<int>? products, CancellationToken ct)
    {
        var connection = store.Open();
        try
        {
            var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", dataset.Key));
            await using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                CREATE TEMP TABLE names AS WITH {Ids} SELECT DISTINCT id, country FROM ids;
                CREATE TEMP TABLE flows AS WITH {Ids} SELECT exporter, importer, product, sum(value) AS value FROM ({Cut(table, scale)})
                {(products is null ? "" : "WHERE list_contains($products, product)")} GROUP BY ALL;
                """);
            TradeStore.AddKey(command, dataset.Key);
            if (products is not null)
            {
                command.Parameters.Add(new DuckDBParameter("products", products));
            }
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Product codes as the numbers the flows hold at that level; a code that is not `digits` digits is the caller's error.
    private static List<int> ProductNumbers(IReadOnlyCollection<string> products, int digits)
    {
        var numbers = new SortedSet<int>();
        foreach (var code in products)
        {
            var trimmed = code.Trim();
            if (trimmed.Length != digits || !trimmed.All(char.IsAsciiDigit))
            {
                throw new ArgumentException($"'{code}' is not a product code of {digits} digits.", nameof(products));
            }

            numbers.Add(int.Parse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        return [.. numbers];
    }

    private const string Ids = """
        ids AS (
            SELECT code, country, dense_rank() OVER (ORDER BY country COLLATE "binary") AS id
            FROM country_codes WHERE source = $source AND revision = $revision AND year = $year)
        """;

    private static string Cut(string table, int scale) => string.Create(CultureInfo.InvariantCulture, $"""
        SELECT ie.id AS exporter, ii.id AS importer, CAST(f.product // {scale} AS INTEGER) AS product, f.value
        FROM {table} f JOIN ids ie ON ie.code = f.exporter JOIN ids ii ON ii.code = f.importer
        WHERE ie.id <> ii.id
        """);

    // The supplier with the largest value; among equal values the smallest id, that is the first ISO code.
    private const string Largest = "struct_pack(v := value, e := -exporter)";

    internal static string Format(int digits) => "D" + digits.ToString(CultureInfo.InvariantCulture);
}
