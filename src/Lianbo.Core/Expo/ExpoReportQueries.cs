using System.ComponentModel;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Expo;

/// <summary>A count of one kind of launch; every kind has a row, zero included.</summary>
public sealed record LaunchKindCountDto(LaunchKind Kind, int Launches);

/// <summary>
/// Launches by the chain of the launching exhibitor's zone. A chain whose id the chain store no longer holds keeps its
/// id and has no names; the row without a chain (an area such as services, or no zone chain) has null id and names.
/// </summary>
public sealed record ChainLaunchCountDto(string? ChainId, string? ChainZh, string? ChainEn, int Launches);

/// <summary>A launch as the report lists it: what, by whom (the exhibitor's organisation, as the public directory names it), in which chain.</summary>
public sealed record ReportLaunchDto(
    Guid Id, LaunchKind Kind, string TitleZh, string TitleEn, string OrganisationZh, string OrganisationEn, string? ChainId, string? ChainZh, string? ChainEn);

/// <summary>The launches of an edition: counts and the most recently recorded.</summary>
public sealed record ReportLaunchesDto(
    int Total,
    IReadOnlyList<LaunchKindCountDto> ByKind,
    [property: Description("The chains of the edition's zones and any other chain met in the launches, in the chain store's order (zero included), then the row without a chain.")]
    IReadOnlyList<ChainLaunchCountDto> ByChain,
    [property: Description("The most recently recorded first (the time the organiser recorded it); launches with no such record (generated or loaded ones) after them, by English title.")]
    IReadOnlyList<ReportLaunchDto> Recent);

/// <summary>A published initiative: title, date, how many organisations endorse it, and its first paragraph in each language.</summary>
public sealed record ReportInitiativeDto(
    Guid Id, string TitleZh, string TitleEn, DateOnly PublishedOn, int Endorsements, string FirstParagraphZh, string FirstParagraphEn);

/// <summary>
/// A support programme (free booths for least developed countries, say) with the exhibitors of the edition it covers,
/// as counts: eligibility is <see cref="ExpoCommands.EligibleExhibitorsAsync"/>'s, computed from the country reference.
/// </summary>
public sealed record ReportSupportProgrammeDto(
    Guid Id, string NameZh, string NameEn, bool ForLdc, bool ForLldc, bool ForSids, IReadOnlyList<string> RegionCodes,
    [property: Description("Exhibitors of the edition the programme covers.")] int EligibleExhibitors,
    [property: Description("Their distinct countries.")] int EligibleCountries,
    [property: Description("Eligible exhibitors from a least developed country (counted when the programme asks for LDCs).")] int FromLdc,
    int FromLldc,
    int FromSids,
    [property: Description("Eligible exhibitors in one of the programme's M49 regions.")] int FromRegions);

/// <summary>Support for least developed countries at an edition.</summary>
public sealed record ReportSupportDto(
    IReadOnlyList<ReportSupportProgrammeDto> Programmes,
    [property: Description("Always false: the store records who is eligible, not which exhibitors took up the support.")] bool SupportedRecorded);

/// <summary>What chapter 5 of the annual report shows beside the edition's statistics.</summary>
public sealed record ExpoReportDto(
    Guid EditionId, ReportLaunchesDto Launches, IReadOnlyList<ReportInitiativeDto> Initiatives, ReportSupportDto Support,
    [property: Description("In the chains' order, then by English name (ordinal), then id; each a path of stages.")] IReadOnlyList<JointExhibitDto> JointExhibits);

/// <summary>
/// The expo's figures for the annual report: launches, initiatives, support for least developed countries and joint
/// exhibits of one edition, uncapped (the organiser's workspace shows only the latest few). Only counts and records the
/// expo publishes: no contact, no account. Every order ends on an ordinal tiebreak, so two runs give the same lists on
/// SQLite and PostgreSQL.
/// </summary>
public sealed class ExpoReportQueries(LianboDbContext db)
{
    /// <summary>How many launches <see cref="ReportLaunchesDto.Recent"/> holds unless asked otherwise.</summary>
    public const int RecentLaunches = 10;

    /// <summary>Everything of the edition; null when there is no such edition.</summary>
    public async Task<ExpoReportDto?> ComputeAsync(Guid editionId, int recentLaunches = RecentLaunches, CancellationToken ct = default)
    {
        if (!await db.Editions.AnyAsync(e => e.Id == editionId, ct))
        {
            return null;
        }

        return new ExpoReportDto(editionId, await LaunchesAsync(editionId, recentLaunches, ct), await InitiativesAsync(editionId, ct),
            await SupportAsync(editionId, ct), await JointExhibitsAsync(editionId, ct));
    }

    public async Task<ReportLaunchesDto> LaunchesAsync(Guid editionId, int recent = RecentLaunches, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recent);
        // An edition records tens to a few hundred launches: their short rows are read once and counted here.
        var launches = await (from l in db.Launches.AsNoTracking()
                              join x in db.Exhibitors on l.ExhibitorId equals x.Id
                              join o in db.Organisations on x.OrganisationId equals o.Id
                              join z in db.Zones on x.ZoneId equals z.Id
                              where l.EditionId == editionId
                              select new { l.Id, l.Kind, l.TitleZh, l.TitleEn, o.NameZh, o.NameEn, z.ChainId }).ToListAsync(ct);
        var chains = await ChainsAsync(db, editionId, launches.Select(l => l.ChainId), ct);

        // A launch has no date of its own; the time the organiser recorded it is in the audit log (launch.create), and
        // is used for the order only.
        var ids = launches.Select(l => l.Id.ToString()).ToList();
        var recorded = (await db.AuditEntries.AsNoTracking()
                .Where(a => a.Action == "launch.create" && a.EntityType == nameof(Launch) && ids.Contains(a.EntityId))
                .Select(a => new { a.EntityId, a.At }).ToListAsync(ct))
            .GroupBy(a => Guid.Parse(a.EntityId)).ToDictionary(g => g.Key, g => g.Max(a => a.At));

        var byChain = launches.GroupBy(l => l.ChainId).ToDictionary(g => g.Key ?? "", g => g.Count());
        return new ReportLaunchesDto(
            launches.Count,
            [.. Enum.GetValues<LaunchKind>().Select(k => new LaunchKindCountDto(k, launches.Count(l => l.Kind == k)))],
            [.. chains.Select(c => new ChainLaunchCountDto(c.Id, c.NameZh, c.NameEn, byChain.GetValueOrDefault(c.Id ?? "")))],
            [.. launches
                .OrderByDescending(l => recorded.TryGetValue(l.Id, out var at) ? at : DateTimeOffset.MinValue)
                .ThenBy(l => l.TitleEn, StringComparer.Ordinal).ThenBy(l => l.Id)
                .Take(recent)
                .Select(l =>
                {
                    var chain = chains.First(c => c.Id == l.ChainId);
                    return new ReportLaunchDto(l.Id, l.Kind, l.TitleZh, l.TitleEn, l.NameZh, l.NameEn, l.ChainId, chain.NameZh, chain.NameEn);
                })]);
    }

    /// <summary>The edition's initiatives, newest first (then by English title, ordinal, then id).</summary>
    public async Task<List<ReportInitiativeDto>> InitiativesAsync(Guid editionId, CancellationToken ct = default)
    {
        var rows = await db.Initiatives.AsNoTracking().Where(i => i.EditionId == editionId)
            .Select(i => new { i.Id, i.TitleZh, i.TitleEn, i.PublishedOn, Endorsements = i.Endorsements.Count, i.TextZh, i.TextEn })
            .ToListAsync(ct);
        return [.. rows
            .OrderByDescending(i => i.PublishedOn).ThenBy(i => i.TitleEn, StringComparer.Ordinal).ThenBy(i => i.Id)
            .Select(i => new ReportInitiativeDto(i.Id, i.TitleZh, i.TitleEn, i.PublishedOn, i.Endorsements, FirstParagraph(i.TextZh), FirstParagraph(i.TextEn)))];
    }

    /// <summary>The edition's support programmes with the counts of the exhibitors they cover, by English name (ordinal), then id.</summary>
    public async Task<ReportSupportDto> SupportAsync(Guid editionId, CancellationToken ct = default)
    {
        var programmes = await db.SupportProgrammes.AsNoTracking().Where(p => p.EditionId == editionId).ToListAsync(ct);
        // Reads only; the audit log is never written.
        var commands = new ExpoCommands(db, new AuditLog(db, TimeProvider.System));
        var list = new List<ReportSupportProgrammeDto>();
        foreach (var p in programmes.OrderBy(p => p.NameEn, StringComparer.Ordinal).ThenBy(p => p.Id))
        {
            var eligible = (await commands.EligibleExhibitorsAsync(Viewer.CommandLine, editionId, p.Id, ct)).Value
                ?? throw new InvalidOperationException($"The programme {p.Id} of edition {editionId} was not found.");
            int With(string reason) => eligible.Count(e => e.Reasons.Contains(reason));
            list.Add(new ReportSupportProgrammeDto(p.Id, p.NameZh, p.NameEn, p.ForLdc, p.ForLldc, p.ForSids, ExpoCommands.RegionCodesOf(p),
                eligible.Count, eligible.Select(e => e.CountryIso3).Distinct(StringComparer.Ordinal).Count(),
                With("LDC"), With("LLDC"), With("SIDS"), eligible.Count(e => e.Reasons.Any(r => r.All(char.IsAsciiDigit)))));
        }

        return new ReportSupportDto(list, SupportedRecorded: false);
    }

    /// <summary>The edition's joint exhibits as <see cref="ExpoQueries.JointExhibitsAsync"/> gives them, in the chains' order, then by English name (ordinal), then id.</summary>
    public async Task<List<JointExhibitDto>> JointExhibitsAsync(Guid editionId, CancellationToken ct = default)
    {
        var exhibits = await new ExpoQueries(db).JointExhibitsAsync(j => j.EditionId == editionId, ct);
        var order = await ChainOrderAsync(db, exhibits.Select(j => j.ChainId), ct);
        return [.. exhibits
            .OrderBy(j => order.GetValueOrDefault(j.ChainId, int.MaxValue)).ThenBy(j => j.ChainId, StringComparer.Ordinal)
            .ThenBy(j => j.NameEn, StringComparer.Ordinal).ThenBy(j => j.Id)];
    }

    /// <summary>A chain row of a report table: id and names (null for the row without a chain, or for a chain the store lacks).</summary>
    internal sealed record ChainRow(string? Id, string? NameZh, string? NameEn);

    /// <summary>
    /// The rows a by-chain table has: the chains of the edition's zones and the <paramref name="others"/> met in the
    /// data, in the chain store's order (unknown ids after, ordinal), and last the row without a chain.
    /// </summary>
    internal static async Task<List<ChainRow>> ChainsAsync(LianboDbContext db, Guid editionId, IEnumerable<string?> others, CancellationToken ct)
    {
        var zoneChains = await db.Zones.Where(z => z.EditionId == editionId && z.ChainId != null).Select(z => z.ChainId!).ToListAsync(ct);
        var ids = zoneChains.Concat(others.OfType<string>()).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Chains.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Order, c.NameZh, c.NameEn }).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, ct);
        return [.. ids
            .OrderBy(id => known.TryGetValue(id, out var c) ? c.Order : int.MaxValue).ThenBy(id => id, StringComparer.Ordinal)
            .Select(id => known.TryGetValue(id, out var c) ? new ChainRow(id, c.NameZh, c.NameEn) : new ChainRow(id, null, null)),
            new ChainRow(null, null, null)];
    }

    private static async Task<Dictionary<string, int>> ChainOrderAsync(LianboDbContext db, IEnumerable<string> ids, CancellationToken ct)
    {
        var list = ids.Distinct(StringComparer.Ordinal).ToList();
        return await db.Chains.Where(c => list.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Order, StringComparer.Ordinal, ct);
    }

    /// <summary>The text up to its first blank line, trimmed; line breaks inside the paragraph are kept.</summary>
    internal static string FirstParagraph(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (start < 0)
        {
            return "";
        }

        var end = Array.FindIndex(lines, start, l => l.Trim().Length == 0);
        return string.Join("\n", lines[start..(end < 0 ? lines.Length : end)]).Trim();
    }
}
