using System.Text.Json;
using DuckDB.NET.Data;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Indices;

/// <summary>A built index: its definition, when and how it was built, and its years.</summary>
public sealed record IndexSummary(IndexDefinition Definition, DateTime BuiltAt, int Draws, int Seed, IReadOnlyList<string> Notes, IReadOnlyList<IndexYearSummary> Years);

/// <summary>
/// One year of a built index: the world value, countries scored, the dimensions no country has data for, and the
/// trade dataset the trade-derived indicators came from (null when none), with whether it is generated data.
/// </summary>
public sealed record IndexYearSummary(int Year, double? Global, int Countries, IReadOnlyList<string> LackingDimensions, string? Dataset, bool Generated);

/// <summary>A year's ranking: every country with data, best first, with its rank band and dimension scores.</summary>
public sealed record IndexRanking(string Index, IndexYearSummary Year, IReadOnlyList<IndexDimensionInfo> Dimensions, IReadOnlyList<CountryScore> Countries);

public sealed record IndexDimensionInfo(string Id, string NameEn, string NameZh, double Weight, IReadOnlyList<string> Indicators);

/// <summary>One country's history in an index: per year its score, rank among how many, band and dimension scores.</summary>
public sealed record CountryHistory(string Index, string Country, IReadOnlyList<IndexDimensionInfo> Dimensions, IReadOnlyList<CountryYear> Years);

public sealed record CountryYear(int Year, int Of, CountryScore Score, bool Generated);

/// <summary>
/// Built indices in the trade store (tables <c>index_*</c>): a build replaces the index's rows in one transaction,
/// so readers see the old build or the new one, never half.
/// </summary>
public sealed class IndexStore(TradeStore store)
{
    public async Task SaveAsync(IndexResult result, IReadOnlyDictionary<int, (string Dataset, bool Generated)> datasets, int draws, int seed, CancellationToken ct = default)
    {
        var id = result.Definition.Id;
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        await TradeStore.ExecuteAsync(connection, "BEGIN TRANSACTION", ct);
        try
        {
            await using (var delete = connection.CreateCommand())
            {
                delete.CommandText = """
                    DELETE FROM index_builds WHERE index_id = $id; DELETE FROM index_years WHERE index_id = $id;
                    DELETE FROM index_scores WHERE index_id = $id; DELETE FROM index_dimension_scores WHERE index_id = $id;
                    DELETE FROM index_coverage WHERE index_id = $id;
                    """;
                delete.Parameters.Add(new DuckDBParameter("id", id));
                await delete.ExecuteNonQueryAsync(ct);
            }

            using (var builds = connection.CreateAppender("index_builds"))
            {
                builds.CreateRow().AppendValue(id).AppendValue(JsonSerializer.Serialize(result.Definition, IndexDefinition.Json)).AppendValue(DateTime.UtcNow)
                    .AppendValue(draws).AppendValue(seed).AppendValue(JsonSerializer.Serialize(result.Notes)).EndRow();
            }

            using (var years = connection.CreateAppender("index_years"))
            using (var scores = connection.CreateAppender("index_scores"))
            using (var dimensions = connection.CreateAppender("index_dimension_scores"))
            {
                foreach (var year in result.Years)
                {
                    var dataset = datasets.TryGetValue(year.Year, out var d) ? d : default;
                    years.CreateRow().AppendValue(id).AppendValue(year.Year).AppendValue(year.Global).AppendValue(year.Countries.Count(c => c.Score is not null))
                        .AppendValue(string.Join(",", year.LackingDimensions)).AppendValue(dataset.Dataset).AppendValue(dataset.Generated).EndRow();
                    foreach (var c in year.Countries)
                    {
                        scores.CreateRow().AppendValue(id).AppendValue(year.Year).AppendValue(c.Country).AppendValue(c.Score).AppendValue(c.Rank)
                            .AppendValue(c.Band?.Median).AppendValue(c.Band?.P5).AppendValue(c.Band?.P95).AppendValue(c.Imputed)
                            .AppendValue(string.Join(",", c.MissingDimensions)).EndRow();
                        foreach (var (dimension, value) in c.Dimensions)
                        {
                            dimensions.CreateRow().AppendValue(id).AppendValue(year.Year).AppendValue(c.Country).AppendValue(dimension).AppendValue(value).EndRow();
                        }
                    }
                }
            }

            using (var coverage = connection.CreateAppender("index_coverage"))
            {
                foreach (var c in result.Coverage)
                {
                    coverage.CreateRow().AppendValue(id).AppendValue(c.Indicator).AppendValue(c.Year).AppendValue(c.Observed).AppendValue(c.Imputed).EndRow();
                }
            }

            await TradeStore.ExecuteAsync(connection, "COMMIT", ct);
            store.NotifyChanged();
        }
        catch
        {
            await TradeStore.ExecuteAsync(connection, "ROLLBACK", CancellationToken.None);
            throw;
        }
    }

    /// <summary>The coverage of every indicator of a built index by year (empty when the index is not built).</summary>
    public async Task<IReadOnlyList<IndicatorCoverage>> CoverageAsync(string id, CancellationToken ct = default)
    {
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT indicator, year, observed, imputed FROM index_coverage WHERE index_id = $id ORDER BY year";
        command.Parameters.Add(new DuckDBParameter("id", id));
        var list = new List<IndicatorCoverage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new IndicatorCoverage(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        }

        return list;
    }

    /// <summary>Every built index with its years, in id order.</summary>
    public async Task<IReadOnlyList<IndexSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        var builds = new List<(IndexDefinition Definition, DateTime BuiltAt, int Draws, int Seed, string[] Notes)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT definition, built_at, draws, seed, notes FROM index_builds ORDER BY index_id";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                builds.Add((JsonSerializer.Deserialize<IndexDefinition>(reader.GetString(0), IndexDefinition.Json)!, reader.GetDateTime(1), reader.GetInt32(2),
                    reader.GetInt32(3), JsonSerializer.Deserialize<string[]>(reader.GetString(4)) ?? []));
            }
        }

        var years = await YearsAsync(connection, null, ct);
        return [.. builds.Select(b => new IndexSummary(b.Definition, b.BuiltAt, b.Draws, b.Seed, b.Notes,
            [.. years.Where(y => y.Index == b.Definition.Id).Select(y => y.Year)]))];
    }

    public async Task<IndexSummary?> FindAsync(string id, CancellationToken ct = default) =>
        (await ListAsync(ct)).FirstOrDefault(s => string.Equals(s.Definition.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>A year's ranking, or null when the index or the year is not built.</summary>
    public async Task<IndexRanking?> RankingAsync(string id, int year, CancellationToken ct = default)
    {
        if (await FindAsync(id, ct) is not { } index || index.Years.FirstOrDefault(y => y.Year == year) is not { } summary)
        {
            return null;
        }

        await using var connection = store.Open();
        var scores = await ScoresAsync(connection, index.Definition, "s.year = $year", new DuckDBParameter("year", year), ct);
        return new IndexRanking(index.Definition.Id, summary, Dimensions(index.Definition),
            [.. scores.Select(s => s.Score).OrderBy(c => c.Rank ?? int.MaxValue).ThenBy(c => c.Country, StringComparer.Ordinal)]);
    }

    /// <summary>A country's years in an index, oldest first, or null when the index is not built.</summary>
    public async Task<CountryHistory?> HistoryAsync(string id, string country, CancellationToken ct = default)
    {
        if (await FindAsync(id, ct) is not { } index)
        {
            return null;
        }

        await using var connection = store.Open();
        var scores = await ScoresAsync(connection, index.Definition, "s.country = $country", new DuckDBParameter("country", country.ToUpperInvariant()), ct);
        var years = index.Years.ToDictionary(y => y.Year);
        return new CountryHistory(index.Definition.Id, country.ToUpperInvariant(), Dimensions(index.Definition),
            [.. scores.OrderBy(s => s.Year).Select(s => new CountryYear(s.Year, years[s.Year].Countries, s.Score, years[s.Year].Generated))]);
    }

    private static IReadOnlyList<IndexDimensionInfo> Dimensions(IndexDefinition definition) =>
        [.. definition.Dimensions.Select(d => new IndexDimensionInfo(d.Id, d.NameEn, d.NameZh, d.Weight, [.. d.Indicators.Select(i => i.Id)]))];

    private static async Task<List<(int Year, CountryScore Score)>> ScoresAsync(DuckDBConnection connection, IndexDefinition definition, string where, DuckDBParameter parameter, CancellationToken ct)
    {
        var dimensions = new Dictionary<(int, string), Dictionary<string, double?>>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT s.year, s.country, s.dimension, s.score FROM index_dimension_scores s WHERE s.index_id = $id AND {where}";
            command.Parameters.Add(new DuckDBParameter("id", definition.Id));
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetInt32(0), reader.GetString(1));
                if (!dimensions.TryGetValue(key, out var map))
                {
                    dimensions[key] = map = new Dictionary<string, double?>(StringComparer.Ordinal);
                }

                map[reader.GetString(2)] = reader.IsDBNull(3) ? null : reader.GetDouble(3);
            }
        }

        var list = new List<(int, CountryScore)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT s.year, s.country, s.score, s.rank, s.median_rank, s.rank_p5, s.rank_p95, s.imputed, s.missing FROM index_scores s WHERE s.index_id = $id AND {where}";
            command.Parameters.Add(new DuckDBParameter("id", definition.Id));
            command.Parameters.Add(new DuckDBParameter(parameter.ParameterName, parameter.Value));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var year = reader.GetInt32(0);
                var country = reader.GetString(1);
                var ordered = definition.Dimensions.ToDictionary(d => d.Id, d => dimensions.GetValueOrDefault((year, country))?.GetValueOrDefault(d.Id), StringComparer.Ordinal);
                list.Add((year, new CountryScore(country, reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), ordered,
                    Split(reader.GetString(8)), reader.GetInt32(7),
                    reader.IsDBNull(4) ? null : new RankBand(reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6)))));
            }
        }

        return list;
    }

    private static async Task<List<(string Index, IndexYearSummary Year)>> YearsAsync(DuckDBConnection connection, string? id, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT index_id, year, global, countries, lacking, dataset, generated FROM index_years WHERE $id IS NULL OR index_id = $id ORDER BY index_id, year";
        command.Parameters.Add(new DuckDBParameter("id", id));
        var list = new List<(string, IndexYearSummary)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add((reader.GetString(0), new IndexYearSummary(reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.GetInt32(3),
                Split(reader.GetString(4)), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetBoolean(6))));
        }

        return list;
    }

    private static string[] Split(string text) => text.Length == 0 ? [] : text.Split(',');

    internal static Task CreateTablesAsync(DuckDBConnection connection, CancellationToken ct) =>
        TradeStore.ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS index_builds (index_id VARCHAR NOT NULL, definition VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL, draws INTEGER NOT NULL, seed INTEGER NOT NULL, notes VARCHAR NOT NULL);
            CREATE TABLE IF NOT EXISTS index_years (index_id VARCHAR NOT NULL, year INTEGER NOT NULL, global DOUBLE, countries INTEGER NOT NULL, lacking VARCHAR NOT NULL, dataset VARCHAR, generated BOOLEAN NOT NULL);
            CREATE TABLE IF NOT EXISTS index_scores (index_id VARCHAR NOT NULL, year INTEGER NOT NULL, country VARCHAR NOT NULL, score DOUBLE, rank INTEGER,
                median_rank DOUBLE, rank_p5 DOUBLE, rank_p95 DOUBLE, imputed INTEGER NOT NULL, missing VARCHAR NOT NULL);
            CREATE TABLE IF NOT EXISTS index_dimension_scores (index_id VARCHAR NOT NULL, year INTEGER NOT NULL, country VARCHAR NOT NULL, dimension VARCHAR NOT NULL, score DOUBLE);
            CREATE TABLE IF NOT EXISTS index_coverage (index_id VARCHAR NOT NULL, indicator VARCHAR NOT NULL, year INTEGER NOT NULL, observed INTEGER NOT NULL, imputed INTEGER NOT NULL);
            """, ct);
}
