using Lianbo.Core;
using Lianbo.Core.Chains;
using Lianbo.Core.Scenarios;
using Lianbo.Trade.Gravity;
using Lianbo.Trade.InputOutput;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Scenarios;
using Lianbo.Trade.Store;
using Lianbo.Web.InputOutput;

namespace Lianbo.Web.Scenarios;

/// <summary>
/// Runs a checked scenario: shocks given in percent go to engine 1 (product and chain exposure) on a stored trade year
/// with products, shocks given as a trade-cost change τ to engine 2 (structural gravity in general equilibrium, exact
/// hat algebra) on the shipped panel, cascade shocks to engine 3 (the input–output cascade) on a stored world
/// input–output table. Groups are expanded to their members, chains and stages to their HS 1992 codes (engine 3: to
/// the table's industries through the stage map).
/// </summary>
public sealed class ScenarioRunner(ChainStore chains, TradeStore trade, IoService io)
{
    /// <summary>How many importer × product and chain × stage × country rows a run keeps (the largest); importers are all kept.</summary>
    public const int RowLimit = 500;

    /// <summary>BACI reports the trade of Taiwan, China as "Other Asia, nes" (code 490, stored as S19).</summary>
    private const string Taiwan = "TWN", TaiwanInBaci = "S19";

    private static readonly Lazy<GravityPanel> Panel = new(() => GravityPanel.Load(GravityPanel.ShippedPath));

    /// <summary>
    /// The years of the shipped gravity panel (data/scenarios/agtpa-gravity-1986-2006.csv.gz), which engine 2 can solve
    /// on; written out, since reading them from the panel would load it at every start (a test checks they agree).
    /// </summary>
    public static IReadOnlySet<int> GravityYears { get; } = new HashSet<int>(Enumerable.Range(1986, 21));

    public async Task<ScenarioResult> RunAsync(
        ScenarioDefinition scenario, ScenarioContext context, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var notes = new List<ResultNote>();
        var shocks = new List<ExposureShock>();
        var costs = new List<CostChange>();
        var cascades = new List<ShockDefinition>();
        var named = new Dictionary<string, ChainDefinition>(StringComparer.Ordinal);
        foreach (var shock in scenario.Shocks)
        {
            if (shock.Kind == ShockKind.Cascade)
            {
                cascades.Add(shock);
                continue;
            }

            var products = await ProductsAsync(shock, named, ct);
            var cut = shock.Percent / 100;
            switch (shock.Kind)
            {
                case ShockKind.ExportBan or ShockKind.Disruption:
                    shocks.Add(new ExposureShock(InBaci(context.Expand(shock.Exporters)), products,
                        shock.Destinations is { Count: > 0 } d ? InBaci(context.Expand(d)) : null, shock.AllBut, cut!.Value));
                    break;
                case ShockKind.Decoupling or ShockKind.Tariff:
                    var (a, b) = (context.Expand(shock.Between), context.Expand(shock.And));
                    if (cut is { } c)
                    {
                        shocks.Add(new ExposureShock(InBaci(a), products, InBaci(b), false, c));
                        shocks.Add(new ExposureShock(InBaci(b), products, InBaci(a), false, c));
                    }

                    if (shock.Tau is { } tau)
                    {
                        costs.Add(new CostChange(a, b, tau));
                    }

                    break;
            }
        }

        var exposure = shocks.Count == 0 ? null : await ExposureAsync(scenario.Base, shocks, named, notes, progress, ct);
        var gravity = costs.Count == 0 ? null : Gravity(scenario.Base, costs, notes, progress);
        var cascade = cascades.Count == 0 ? null : await CascadeAsync(scenario.Base, cascades, context, notes, progress, ct);
        return new ScenarioResult(scenario, DateTime.UtcNow, exposure, gravity, notes, cascade);
    }

    // Engine 3: each cascade shock becomes one IoShock per country hit, on the industries it names and those the stage
    // map links to its chains and stages; the losses add up (an extraction, one industry of one country, runs alone).
    private async Task<IoApi.CascadeDto?> CascadeAsync(
        ScenarioBase b, List<ShockDefinition> shocks, ScenarioContext context, List<ResultNote> notes, IProgress<string>? progress, CancellationToken ct)
    {
        var tables = await io.ListAsync(ct);
        var key = b.IoTable?.Split('/') is [var source, var release, var year]
            ? new IoKey(source, release, int.Parse(year, System.Globalization.CultureInfo.InvariantCulture))
            : await io.DefaultAsync(ct);
        if (key is null || !tables.Any(t => t.Key == key) || await io.AnalysisAsync(key) is not { } analysis)
        {
            notes.Add(Note("no-io-table", "ScenarioNoIoTable", b.IoTable ?? ""));
            return null;
        }

        progress?.Report(Messages.Format("ScenarioRunningIo", key));
        var table = analysis.Table;
        var missingCountries = new SortedSet<string>(StringComparer.Ordinal);
        var missingSectors = new SortedSet<string>(StringComparer.Ordinal);
        var run = new List<IoShock>();
        foreach (var shock in shocks)
        {
            var sectors = new List<string>(shock.Sectors ?? []);
            var links = analysis.StageMap;
            foreach (var chain in shock.Chains ?? [])
            {
                var mapped = links.Where(l => l.Chain == chain).Select(l => l.Sector).ToList();
                AddMapped(chain, mapped);
            }

            foreach (var stage in shock.Stages ?? [])
            {
                var (chain, id) = (stage.Split('/')[0], stage.Split('/')[1]);
                AddMapped(stage, [.. links.Where(l => l.Chain == chain && l.Stage == id).Select(l => l.Sector)]);
            }

            void AddMapped(string what, List<string> mapped)
            {
                if (mapped.Count == 0)
                {
                    notes.Add(Note("io-unmapped", "ScenarioIoUnmapped", key, what));
                }

                sectors.AddRange(mapped);
            }

            var named = shock.Sectors is { Count: > 0 } || shock.Chains is { Count: > 0 } || shock.Stages is { Count: > 0 };
            missingSectors.UnionWith(sectors.Where(s => Array.IndexOf(table.Sectors, s) < 0));
            sectors = [.. sectors.Where(s => Array.IndexOf(table.Sectors, s) >= 0).Distinct(StringComparer.Ordinal)];
            if (named && sectors.Count == 0)
            {
                continue;
            }

            var model = Enum.Parse<IoShockModel>(shock.Model ?? "supply", ignoreCase: true);
            foreach (var country in context.Expand(shock.Exporters))
            {
                if (Array.IndexOf(table.Countries, country) < 0)
                {
                    missingCountries.Add(country);
                    continue;
                }

                run.Add(new IoShock(country, sectors, shock.Percent!.Value / 100, model, shock.Days ?? 365));
            }
        }

        if (missingCountries.Count > 0)
        {
            notes.Add(Note("io-not-in-table", "ScenarioIoNotInTable", key, string.Join(", ", missingCountries.Take(40)) + (missingCountries.Count > 40 ? ", …" : "")));
        }

        if (missingSectors.Count > 0)
        {
            notes.Add(Note("io-unknown-sectors", "ScenarioIoUnknownSectors", key, string.Join(", ", missingSectors)));
        }

        return run.Count == 0 ? null : IoApi.Describe(analysis, analysis.Cascade(run));
    }

    private async Task<ExposureSection?> ExposureAsync(
        ScenarioBase b, List<ExposureShock> shocks, Dictionary<string, ChainDefinition> named, List<ResultNote> notes, IProgress<string>? progress, CancellationToken ct)
    {
        var queries = new TradeQueries(trade);
        var year = b.Year ?? (await queries.YearsAsync(ct))
            .Where(d => d.HasProducts && (b.Source is null || string.Equals(d.Source, b.Source, StringComparison.OrdinalIgnoreCase)))
            .Select(d => (int?)d.Year).Max();
        var dataset = year is { } y ? await queries.FindAsync(y, b.Source, needsProducts: true, ct: ct) : null;
        if (dataset is null)
        {
            notes.Add(Note("no-product-data", "ScenarioNoProductData", b.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—"));
            return null;
        }

        // The cascade covers the chains the shocks name, or every chain when they name none (a shock on HS codes can
        // reach any of them); the services area has no goods of its own.
        var cascade = named.Values.ToList();
        if (cascade.Count == 0)
        {
            // One at a time: the chain store reads through one DbContext.
            foreach (var summary in (await chains.ListAsync(ct)).Where(c => c.Kind == ChainKind.Chain))
            {
                cascade.Add((await chains.GetAsync(summary.Id, ct))!);
            }
        }

        progress?.Report(Messages.Format("ScenarioRunningExposure", dataset.Key));
        var result = await new ExposureEngine(trade).RunAsync(dataset, shocks, [.. cascade.Select(ToExposure)], new ExposureOptions(b.Headroom, b.Digits), ct);
        if (dataset.Generated)
        {
            notes.Add(Note("generated", "ScenarioGeneratedData", dataset.Key));
        }

        return new ExposureSection(dataset, b.Headroom, b.Digits, result.Lost, result.Replaced, result.Unmet,
            result.Importers, [.. result.Products.Take(RowLimit)], result.Products.Count, result.Flows, [.. result.Stages.Take(RowLimit)], result.Stages.Count);
    }

    private static GravitySection Gravity(ScenarioBase b, List<CostChange> costs, List<ResultNote> notes, IProgress<string>? progress)
    {
        progress?.Report(Messages.Format("ScenarioRunningGravity", b.GravityYear));
        var scenario = CostScenario.Build(Panel.Value, b.GravityYear, costs, b.Sigma);
        var missing = CostScenario.Missing(scenario, costs.SelectMany(c => c.Between.Concat(c.And)));
        if (missing.Count > 0)
        {
            notes.Add(Note("not-in-panel", "ScenarioNotInPanel", missing.Count, string.Join(", ", missing.Take(40)) + (missing.Count > 40 ? ", …" : "")));
        }

        var options = new GeOptions(b.Sigma, GeMode.Exact);
        var changes = scenario.Solve(options).Changes(scenario.Convention);
        var bands = b.Draws > 0 ? MonteCarlo.Bands(scenario, options, b.Draws).Changes["real_gdp"] : null;
        var names = scenario.CrossSection.Names;
        var countries = names.Select((name, i) => new CountryChange(CostScenario.IsoCode(name), changes["real_gdp"][i], changes["exports_full"][i],
                changes["exports_cdl"][i], changes["price"][i], changes["imr"][i], changes["omr"][i], bands?[i]))
            .OrderBy(c => c.RealGdp).ThenBy(c => c.Country, StringComparer.Ordinal).ToList();
        return new GravitySection(options.Describe(), GravityPanel.Description, b.GravityYear, b.Sigma, scenario.Estimates, countries, missing, b.Draws);
    }

    // The HS 1992 codes a shock names: its own, every stage of its chains, its stages; none means all goods.
    private async Task<List<HsFilter>> ProductsAsync(ShockDefinition shock, Dictionary<string, ChainDefinition> named, CancellationToken ct)
    {
        var codes = new List<string>(shock.Products ?? []);
        foreach (var id in (shock.Chains ?? []).Concat((shock.Stages ?? []).Select(s => s.Split('/')[0])).Distinct(StringComparer.Ordinal))
        {
            if (!named.ContainsKey(id) && await chains.GetAsync(id, ct) is { } chain)
            {
                named[id] = chain;
            }
        }

        foreach (var id in shock.Chains ?? [])
        {
            codes.AddRange(named[id].Stages.SelectMany(Hs1992));
        }

        foreach (var s in shock.Stages ?? [])
        {
            var (chain, stage) = (s.Split('/')[0], s.Split('/')[1]);
            codes.AddRange(named[chain].Stages.Where(x => x.Id == stage).SelectMany(Hs1992));
        }

        return [.. codes.Distinct(StringComparer.Ordinal).Select(c => HsFilter.TryParse(c)!)];
    }

    private static IEnumerable<string> Hs1992(StageDefinition stage) => (stage.Products ?? []).SelectMany(p => p.Hs1992);

    private static ExposureChain ToExposure(ChainDefinition chain) => new(chain.Id,
        [.. chain.Stages.Select(s => new ExposureStage(s.Id, [.. Hs1992(s).Distinct(StringComparer.Ordinal).Select(c => HsFilter.TryParse(c)!)]))],
        [.. chain.Edges.Select(e => (e.From, e.To))]);

    private static List<string> InBaci(IReadOnlyList<string> countries) =>
        countries.Contains(Taiwan, StringComparer.Ordinal) ? [.. countries, TaiwanInBaci] : [.. countries];

    private static ResultNote Note(string kind, string key, params object?[] args)
    {
        var (zh, en) = Messages.BothFormat(key, args);
        return new ResultNote(kind, en, zh);
    }
}
