using System.Text.Json;
using Lianbo.Trade.Import;
using Lianbo.Trade.Metrics;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Tests.Reference;

namespace Lianbo.Trade.Tests.Metrics;

/// <summary>
/// Every measure equals networkx (and igraph where it has the measure) on the same network, read by the reference
/// script independently of Lianbo: the real Comtrade 1985 network and the real BACI 2021 sample.
/// Agreement means a relative difference of at most 1e-9; values that are zero in exact arithmetic (eigenvector
/// centrality of a country nobody exports to) are iteration noise in both programs and agree when both are within
/// 1e-12 of the largest value of the measure.
/// </summary>
public sealed class NetworkxReferenceTests : IDisposable
{
    private const double Relative = 1e-9;
    private const double NoiseFloor = 1e-12;

    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_Comtrade_1985_network_measures_equal_networkx_and_igraph()
    {
        var reference = PythonReference.Metrics("pajek", TradeTestStore.Comtrade1985);
        var dataset = Assert.Single(await PajekImporter.ImportAsync(_test.Store, TradeTestStore.Comtrade1985, ct: Ct));

        var metrics = (await new TradeQueries(_test.Store).MetricsAsync(dataset.Year, ct: Ct))!;

        Assert.Equal(192, metrics.Countries.Count);
        Assert.Equal(12_743, metrics.Countries.Sum(c => c.PartnersOut));
        AssertEqualsReference(reference, metrics.Countries);
    }

    [Fact]
    public async Task The_BACI_sample_totals_equal_pandas_and_its_measures_equal_networkx_and_igraph()
    {
        var reference = PythonReference.Metrics("baci", TradeTestStore.BaciSample, TradeTestStore.BaciCountryCodes);
        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct));

        var metrics = (await new TradeQueries(_test.Store).MetricsAsync(2021, ct: Ct))!;

        var totals = reference.GetProperty("totals");
        Assert.Equal(totals.GetProperty("rows").GetInt64(), dataset.Rows);
        Assert.Equal(totals.GetProperty("total").GetDouble(), dataset.TotalValue, Relative * dataset.TotalValue);
        Assert.Equal(totals.GetProperty("countries").GetInt32(), metrics.Countries.Count);
        Assert.Equal(totals.GetProperty("arcs").GetInt32(), metrics.Countries.Sum(c => c.PartnersOut));
        AssertEqualsReference(reference, metrics.Countries);
    }

    private static void AssertEqualsReference(JsonElement reference, IReadOnlyList<CountryMetrics> countries)
    {
        var measures = new Dictionary<string, Func<CountryMetrics, double?>>
        {
            ["exports"] = c => c.Exports,
            ["imports"] = c => c.Imports,
            ["partners_out"] = c => c.PartnersOut,
            ["partners_in"] = c => c.PartnersIn,
            ["pagerank"] = c => c.PageRank,
            ["eigenvector_in"] = c => c.EigenvectorIn,
            ["eigenvector_out"] = c => c.EigenvectorOut,
            ["hub"] = c => c.Hub,
            ["authority"] = c => c.Authority,
            ["betweenness"] = c => c.Betweenness,
            // networkx reports 0 where the coefficient is undefined; Lianbo reports nothing there.
            ["clustering"] = c => c.Clustering ?? 0,
        };
        var failures = new List<string>();
        var compared = 0;
        foreach (var library in new[] { "networkx", "igraph" })
        {
            foreach (var measure in reference.GetProperty(library).EnumerateObject())
            {
                var expected = measure.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
                var largest = expected.Values.Max(Math.Abs);
                Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), countries.Select(c => c.Country));
                foreach (var country in countries)
                {
                    var (want, got) = (expected[country.Country], measures[measure.Name](country)!.Value);
                    var difference = Math.Abs(want - got);
                    compared++;
                    if (difference > Relative * Math.Max(Math.Abs(want), Math.Abs(got)) && difference > NoiseFloor * largest)
                    {
                        failures.Add($"{library} {measure.Name} {country.Country}: expected {want:R}, Lianbo {got:R}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} values differ:\n" + string.Join("\n", failures.Take(20)));
        // igraph has every measure but clustering (its directed weighted variant is not networkx's).
        Assert.Equal(measures.Count * countries.Count + (measures.Count - 1) * countries.Count, compared);
    }

    public void Dispose() => _test.Dispose();
}
