using System.Globalization;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Lianbo.Core.Scenarios;
using Lianbo.Trade.Scenarios;
using Lianbo.Web.Trade;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Web.Scenarios;

/// <summary>An exhibitor of the latest edition whose country and chain stage are among a run's exposed stages.</summary>
public sealed record ExhibitorHit(Guid ExhibitorId, Guid OrganisationId, string Name, string Country, string Chain, string Stage, double CascadedShare);

/// <summary>A run in the compare page's picker.</summary>
public sealed record RecentRun(string Id, string? ScenarioId, string Name, DateTimeOffset CreatedAt);

/// <summary>What the scenario pages share: names in the page's language, the JSON the charts read, the exhibitors a run hits.</summary>
public static class ScenarioPages
{
    /// <summary>How many importers the tables and the compare page show; the maps show them all.</summary>
    public const int ImporterRows = 20;

    /// <summary>How many countries the heat map has as columns (the most exposed).</summary>
    public const int HeatColumns = 12;

    private static bool Zh => CultureInfo.CurrentUICulture.IsChinese();

    public static string Name(ScenarioDefinition d) => Zh ? d.NameZh : d.NameEn;

    public static string Description(ScenarioDefinition d) => Zh ? d.DescriptionZh : d.DescriptionEn;

    public static string Note(ResultNote n) => Zh ? n.Zh : n.En;

    /// <summary>A source's address when it is a web address, for a link; anything else is shown as text.</summary>
    public static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.AbsoluteUri : null;

    /// <summary>An engine 2 figure, already in percent.</summary>
    public static string Percent(double value) => (value / 100).ToString("P1", CultureInfo.CurrentCulture);

    /// <summary>Chain and stage names in the page's language, by id and by "chain/stage".</summary>
    public sealed record ChainNames(Dictionary<string, string> Chains, Dictionary<string, string> Stages)
    {
        public string Chain(string id) => Chains.GetValueOrDefault(id) ?? id;

        public string Stage(string chain, string stage) => Stages.GetValueOrDefault(chain + "/" + stage) ?? stage;
    }

    public static async Task<ChainNames> ChainNamesAsync(LianboDbContext db, CancellationToken ct = default)
    {
        var chains = await db.Chains.AsNoTracking().OrderBy(c => c.Order).Select(c => new { c.Id, c.NameZh, c.NameEn, c.Kind }).ToListAsync(ct);
        var stages = await db.Set<ChainStage>().AsNoTracking().OrderBy(s => s.SortOrder).Select(s => new { s.ChainId, s.StageId, s.NameZh, s.NameEn }).ToListAsync(ct);
        return new(
            chains.ToDictionary(c => c.Id, c => Zh ? c.NameZh : c.NameEn, StringComparer.Ordinal),
            stages.ToDictionary(s => s.ChainId + "/" + s.StageId, s => Zh ? s.NameZh : s.NameEn, StringComparer.Ordinal));
    }

    /// <summary>The Sankey's data for every product of the run: flows by product with country names; scenarios.js draws one product at a time.</summary>
    public static string FlowsJson(IEnumerable<FlowChange> flows, IReadOnlyDictionary<string, CountryDto> countries) =>
        JsonSerializer.Serialize(flows.GroupBy(f => f.Product, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => new
        {
            from = countries.Name(f.Exporter), to = countries.Name(f.Importer), lost = f.Lost, added = f.Added,
        })));

    /// <summary>The products of the Sankey's select, the largest loss first.</summary>
    public static List<string> FlowProducts(IEnumerable<FlowChange> flows) =>
        [.. flows.GroupBy(f => f.Product, StringComparer.Ordinal).OrderByDescending(g => g.Sum(f => f.Lost)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)];

    /// <summary>The heat map: rows chain · stage, columns the most exposed countries, cells the cascaded share in %.</summary>
    public static string HeatJson(IReadOnlyList<StageExposure> stages, ChainNames names, IReadOnlyDictionary<string, CountryDto> countries)
    {
        var columns = stages.GroupBy(s => s.Country, StringComparer.Ordinal).OrderByDescending(g => g.Max(s => s.CascadedShare)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(HeatColumns).Select(g => g.Key).ToList();
        var rows = stages.Where(s => columns.Contains(s.Country)).Select(s => (s.Chain, s.Stage)).Distinct().ToList();
        var cells = stages.Where(s => columns.Contains(s.Country))
            .Select(s => new[] { columns.IndexOf(s.Country), rows.IndexOf((s.Chain, s.Stage)), Math.Round(s.CascadedShare * 100, 2) });
        return JsonSerializer.Serialize(new
        {
            rows = rows.Select(r => $"{names.Chain(r.Chain)} · {names.Stage(r.Chain, r.Stage)}"),
            columns = columns.Select(countries.Name),
            cells,
        });
    }

    /// <summary>
    /// Exhibitors of the latest edition (public organisations) whose own country and chain stage are among the run's
    /// exposed stages (a cascaded share above zero), the most exposed first.
    /// </summary>
    public static async Task<List<ExhibitorHit>> ExhibitorsHitAsync(LianboDbContext db, IReadOnlyList<StageExposure> stages, CancellationToken ct = default)
    {
        var exposed = stages.Where(s => s.CascadedShare > 0).ToDictionary(s => (s.Chain, s.Stage, s.Country), s => s.CascadedShare);
        if (exposed.Count == 0 || await db.Editions.AsNoTracking().OrderByDescending(e => e.Number).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct) is not { } edition)
        {
            return [];
        }

        var countries = exposed.Keys.Select(k => k.Country).Distinct().ToList();
        var rows = await (from x in db.Exhibitors.AsNoTracking()
                          join o in db.Organisations.AsNoTracking() on x.OrganisationId equals o.Id
                          join s in db.OrganisationStages.AsNoTracking() on o.Id equals s.OrganisationId
                          where x.EditionId == edition && o.IsPublic && o.CountryIso3 != null && countries.Contains(o.CountryIso3)
                          select new { x.Id, OrganisationId = o.Id, o.NameZh, o.NameEn, Country = o.CountryIso3!, s.ChainId, s.StageId })
            .ToListAsync(ct);
        return [.. rows.Where(r => exposed.ContainsKey((r.ChainId, r.StageId, r.Country)))
            .Select(r => new ExhibitorHit(r.Id, r.OrganisationId, Zh ? r.NameZh : r.NameEn, r.Country, r.ChainId, r.StageId, exposed[(r.ChainId, r.StageId, r.Country)]))
            .OrderByDescending(h => h.CascadedShare).ThenBy(h => h.Name, StringComparer.Ordinal).Take(100)];
    }

    /// <summary>The compare page's picker: the newest runs of the scenarios the viewer may see and the viewer's own runs of unsaved definitions.</summary>
    public static async Task<List<RecentRun>> RecentRunsAsync(ScenarioStore store, Viewer? viewer, int limit = 40, CancellationToken ct = default) =>
        [.. (await store.RecentRunsAsync(viewer, limit, ct)).Select(r => new RecentRun(r.Id, r.ScenarioId, Zh ? r.NameZh : r.NameEn, r.CreatedAt))];

    /// <summary>The real-GDP map of engine 2: % change per country.</summary>
    /// <summary>The importers the tables and the compare page show: the largest unmet value first.</summary>
    public static IEnumerable<ImporterExposure> TopImporters(ExposureSection e) =>
        e.Importers.Where(i => i.Lost > 0).OrderByDescending(i => i.Unmet).ThenByDescending(i => i.Lost).ThenBy(i => i.Importer, StringComparer.Ordinal).Take(ImporterRows);

    public static string GdpMapJson(GravitySection g, IReadOnlyDictionary<string, CountryDto> countries) =>
        TradePages.MapJson(g.Countries.Select(c => (c.Country, Math.Round(c.RealGdp, 4))), countries);

    /// <summary>The unmet-share map of engine 1: % of each importer's imports left unmet.</summary>
    public static string UnmetMapJson(ExposureSection e, IReadOnlyDictionary<string, CountryDto> countries) =>
        TradePages.MapJson(e.Importers.Where(i => i.Lost > 0).Select(i => (i.Importer, Math.Round(i.UnmetShare * 100, 4))), countries);
}
