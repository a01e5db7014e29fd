using System.ComponentModel;
using System.Globalization;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Lianbo.Core.Reference;
using Lianbo.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lianbo.Core.Matchmaking;

public sealed record ReasonDto(ReasonKind Kind, [property: Description("The reason as a sentence in the request's language.")] string Text);

public sealed record RecommendationDto(
    Guid OrganisationId, string NameZh, string NameEn, string? CountryIso3,
    [property: Description("The partner's country named in the request's language; null for an international organisation.")] string? CountryName,
    [property: Description("Reciprocal score: the harmonic mean of both values, times the expo's boosts.")] double Score,
    [property: Description("How well the partner serves what you seek, 0–1.")] double ValueToYou,
    [property: Description("How well you serve what the partner seeks, 0–1.")] double ValueToThem,
    IReadOnlyList<ReasonDto> Reasons);

/// <summary>
/// The recommender over the platform's organisations: built from the store on first use and rebuilt when the
/// organisations, their products, stages or match profiles change. Where the host reports its writes
/// (<see cref="TableWrites"/>, the web app), this process's writes are seen at once from the tables' versions and the
/// store's own fingerprint (nine counts) is read at most every <see cref="StoreCheckInterval"/>, for another process's
/// writes; otherwise the fingerprint is read on each call.
/// A singleton; the caller passes its own DbContext. Where the organisations' countries import what they need from
/// comes from the <see cref="ISourcingLookup"/> given (the trade engine, where the host has one).
/// </summary>
public sealed class Matchmaker(ISourcingLookup sourcing, ILogger<Matchmaker>? logger = null, TableWrites? writes = null, TimeProvider? clock = null, StoreMemory? memory = null) : IDisposable
{
    public static readonly TimeSpan StoreCheckInterval = TimeSpan.FromSeconds(2);

    // The tables the recommender is built from. Not the meeting requests: only a declined one matters, and a decline
    // refreshes the two organisations itself (RefreshAsync), while every new request would otherwise rebuild it all.
    private static readonly string[] Tables =
        ["Organisations", "OrganisationProducts", "OrganisationStages", "MatchProfiles", "OrganisationMarks", "Exhibitors", "Countries", "ChainEdge"];

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private (string Fingerprint, DateTimeOffset At)? _storeCheck;
    private readonly SemaphoreSlim gate = new(1, 1);
    private Recommender? recommender;
    private string? fingerprint;
    private readonly SemaphoreSlim termsGate = new(1, 1);
    private ProductTerms? terms;
    private ProductStages? productStages;

    /// <summary>Without trade data: no diversified-sourcing boost.</summary>
    public Matchmaker() : this(ISourcingLookup.None)
    {
    }

    public MatchingOptions Options { get; init; } = MatchingOptions.Default;

    public async Task<Outcome<List<RecommendationDto>>> RecommendAsync(LianboDbContext db, Viewer viewer, Guid? organisation, int limit, CancellationToken ct = default)
    {
        var id = organisation ?? viewer.OrganisationId;
        if (id is not { } orgId)
        {
            return Outcome<List<RecommendationDto>>.Invalid("organisation", Messages.Format("MatchNeedsOrganisation"));
        }

        if (!viewer.BelongsTo(orgId) && !viewer.IsOrganiser)
        {
            return Outcome<List<RecommendationDto>>.Forbidden(Messages.Format("MatchOwnOnly"));
        }

        var engine = await EngineAsync(db, ct);
        var found = engine.Recommend(orgId, limit);
        // Partners found means the organisation is in the snapshot; only an empty answer asks the store whether it exists.
        if (found.Count == 0 && !await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
        {
            return Outcome<List<RecommendationDto>>.NotFound(Messages.Format("OrganisationNotFound"));
        }

        return Outcome<List<RecommendationDto>>.Ok(await DescribeAsync(db, found, ct));
    }

    /// <summary>
    /// Suppliers for one procurement need of a buyer: the buyer as the recommender knows it, seeking suppliers of the
    /// need's products, stages and text instead of its usual needs; suppliers based in the avoided countries left out.
    /// </summary>
    public async Task<List<RecommendationDto>> ShortlistAsync(
        LianboDbContext db, Guid buyer, IReadOnlyList<string> hs, IReadOnlyList<StageKey> stages, string text, IReadOnlyCollection<string> avoid, int limit, CancellationToken ct = default)
    {
        var engine = await EngineAsync(db, ct);
        var (profiles, _) = await SnapshotAsync(db, ct, buyer);
        var probe = profiles.Single() with
        {
            NeedHs = hs, NeedStages = stages, NeedText = text, Seeks = PartnerTypes.Supplier, TargetCountries = [], TargetRegions = [],
        };
        // Ask for more than needed: the avoided countries' suppliers are dropped afterwards.
        var found = engine.Recommend(probe, limit * 3 + avoid.Count * 10);
        return [.. (await DescribeAsync(db, found, ct)).Where(r => r.CountryIso3 is null || !avoid.Contains(r.CountryIso3)).Take(limit)];
    }

    private async Task<Recommender> EngineAsync(LianboDbContext db, CancellationToken ct)
    {
        var now = await FingerprintAsync(db, ct);
        await gate.WaitAsync(ct);
        try
        {
            if (recommender is null || fingerprint != now)
            {
                recommender?.Dispose();
                var (profiles, chains) = await SnapshotAsync(db, ct);
                recommender = new Recommender(profiles, chains, Options);
                fingerprint = now;
            }

            return recommender;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// After one organisation's profile changed: that profile alone goes into the built recommender (no rebuild),
    /// and the fingerprint moves on so that the next call does not rebuild either.
    /// </summary>
    public async Task RefreshAsync(LianboDbContext db, Guid organisation, CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (recommender is null)
            {
                return;
            }

            var (profiles, _) = await SnapshotAsync(db, ct, organisation);
            foreach (var profile in profiles)
            {
                recommender.Upsert(profile);
            }

            fingerprint = await FingerprintAsync(db, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<string> FingerprintAsync(LianboDbContext db, CancellationToken ct)
    {
        if (writes is null)
        {
            return await StoreFingerprintAsync(db, ct);
        }

        // Read before the store is: a write committed meanwhile makes the next call rebuild.
        var local = writes.Version(Tables);
        var now = _clock.GetUtcNow();
        if (_storeCheck is not { } check || now - check.At >= StoreCheckInterval)
        {
            check = (await StoreFingerprintAsync(db, ct), now);
            _storeCheck = check;
        }

        return local + "|" + check.Fingerprint;
    }

    private static async Task<string> StoreFingerprintAsync(LianboDbContext db, CancellationToken ct)
    {
        var orgs = await db.Organisations.CountAsync(ct);
        // Listing or unlisting an organisation, or its first or last exhibitor record, changes who may be recommended.
        var shown = await Organisations.Shown(db).CountAsync(ct);
        var products = await db.OrganisationProducts.CountAsync(ct);
        var stages = await db.OrganisationStages.CountAsync(ct);
        var profiles = await db.MatchProfiles.CountAsync(ct);
        var latest = (await db.MatchProfiles.MaxAsync(p => (DateTimeOffset?)p.UpdatedAt, ct))?.UtcTicks ?? 0;
        var declined = await db.MeetingRequests.CountAsync(r => r.Status == MeetingRequestStatus.Declined, ct);
        // Marks change kind in place ("saved" ↔ "not interested"): their latest time moves with each change.
        var refused = await db.Set<OrganisationMark>().CountAsync(m => m.Kind == MarkKind.NotInterested, ct);
        var lastMark = (await db.Set<OrganisationMark>().MaxAsync(m => (DateTimeOffset?)m.MarkedAt, ct))?.UtcTicks ?? 0;
        return string.Create(CultureInfo.InvariantCulture, $"{orgs}/{shown}/{products}/{stages}/{profiles}/{latest}/{declined}/{refused}/{lastMark}");
    }

    /// <summary>
    /// Every organisation as the recommender sees it, and the chains' stage edges. One that is not shown to other
    /// participants (<see cref="Organisations.Shown"/>) is unlisted: it gets recommendations, but is never one, whoever
    /// asks (an organiser asking for an organisation sees what that organisation would).
    /// </summary>
    public async Task<(List<Profile> Profiles, ChainGraph Chains)> SnapshotAsync(LianboDbContext db, CancellationToken ct = default, Guid? only = null)
    {
        var orgs = await db.Organisations.AsNoTracking().Include(o => o.Products).Include(o => o.Stages).AsSplitQuery()
            .Where(o => only == null || o.Id == only).ToListAsync(ct);
        var profiles = await db.MatchProfiles.AsNoTracking().Where(p => only == null || p.OrganisationId == only).ToDictionaryAsync(p => p.OrganisationId, ct);
        var shown = (await Organisations.Shown(db).Where(o => only == null || o.Id == only).Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        var regions = await db.Countries.AsNoTracking().Select(c => new { c.Iso3, c.RegionCode, c.SubRegionCode }).ToDictionaryAsync(c => c.Iso3, ct);
        var edges = await db.Set<ChainEdge>().AsNoTracking().Select(e => new { e.ChainId, e.FromStage, e.ToStage }).ToListAsync(ct);
        var (reader, stages) = await TermsAsync(db, ct);
        var sourced = await SourcingTable.LookUpAsync(db, sourcing,
            orgs.Where(o => o.CountryIso3 is not null).SelectMany(o => Split(profiles.GetValueOrDefault(o.Id)?.NeedHs).Select(hs => (o.CountryIso3!, hs))), ct);

        // A declined meeting request keeps the two organisations apart, whichever side declined.
        var declined = (await db.MeetingRequests.AsNoTracking().Where(r => r.Status == MeetingRequestStatus.Declined)
            .Where(r => only == null || r.FromOrganisationId == only || r.ToOrganisationId == only)
            .Select(r => new { r.FromOrganisationId, r.ToOrganisationId }).ToListAsync(ct))
            .SelectMany(r => new[] { (Me: r.FromOrganisationId, Other: r.ToOrganisationId), (Me: r.ToOrganisationId, Other: r.FromOrganisationId) })
            .ToLookup(r => r.Me, r => r.Other);

        // "Not interested", marked by any member of the organisation: a refusal like the profile's own exclusions.
        var refused = (await (from m in db.Set<OrganisationMark>().AsNoTracking()
                              join u in db.Users on m.UserId equals u.Id
                              where m.Kind == MarkKind.NotInterested && u.OrganisationId != null && (only == null || u.OrganisationId == only)
                              select new { Me = u.OrganisationId!.Value, Other = m.OrganisationId }).ToListAsync(ct))
            .ToLookup(r => r.Me, r => r.Other);

        var result = orgs.Select(o =>
        {
            var p = profiles.GetValueOrDefault(o.Id);
            var country = o.CountryIso3 is { } iso ? regions.GetValueOrDefault(iso) : null;
            // The products the texts name join the entered ones, but for those the organisation removed.
            return reader.Apply(new Profile
            {
                Id = o.Id,
                NameZh = o.NameZh,
                NameEn = o.NameEn,
                Country = o.CountryIso3,
                Regions = country is null ? [] : new[] { country.RegionCode, country.SubRegionCode }.OfType<int>().ToList(),
                Kind = o.Type switch
                {
                    OrganisationType.UniversityOrResearch => OrganisationKind.Research,
                    OrganisationType.Institution => OrganisationKind.Institution,
                    OrganisationType.GovernmentBody => OrganisationKind.Government,
                    OrganisationType.InternationalOrganisation => OrganisationKind.InternationalOrganisation,
                    _ => OrganisationKind.Enterprise,
                },
                IsLarge = o.Size == Expo.SizeClass.Large,
                OfferHs = [.. o.Products.Select(x => x.Hs)],
                Stages = [.. o.Stages.Select(x => new StageKey(x.ChainId, x.StageId))],
                NeedHs = Split(p?.NeedHs),
                NeedStages = [.. Split(p?.NeedStages).Select(s => s.Split('/')).Where(s => s.Length == 2).Select(s => new StageKey(s[0], s[1]))],
                OfferText = p?.OfferText ?? "",
                NeedText = p?.NeedText ?? "",
                // Without a profile, an organisation is taken for what its type usually is, and open to any partner.
                Provides = p?.Provides ?? DefaultProvides(o.Type),
                Seeks = p?.Seeks ?? PartnerTypes.None,
                TargetCountries = Split(p?.TargetCountries),
                TargetRegions = [.. Split(p?.TargetRegions).Select(r => int.TryParse(r, CultureInfo.InvariantCulture, out var code) ? code : -1).Where(c => c >= 0)],
                Excluded = [.. Split(p?.Excluded).Select(e => Guid.TryParse(e, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Concat(refused[o.Id]).Distinct()],
                AcceptsCompetitors = p?.AcceptsCompetitors ?? false,
                Declined = [.. declined[o.Id].Distinct()],
                Sourcing = sourced.For(o.CountryIso3, Split(p?.NeedHs)),
                Listed = shown.Contains(o.Id),
            }, stages, Split(p?.RemovedOfferHs), Split(p?.RemovedNeedHs));
        }).ToList();
        return (result, new ChainGraph(edges.Select(e => (new StageKey(e.ChainId, e.FromStage), new StageKey(e.ChainId, e.ToStage)))));
    }

    /// <summary>
    /// The product terms over the store's HS 2022 names and the shipped product-term file, and the chains' stages by
    /// their products; read once (neither changes while the platform runs, but for a chain import, which restarts nothing
    /// and so is read at the next start).
    /// </summary>
    public async Task<(ProductTerms Terms, ProductStages Stages)> TermsAsync(LianboDbContext db, CancellationToken ct = default)
    {
        await termsGate.WaitAsync(ct);
        try
        {
            if (terms is not null && productStages is not null)
            {
                return (terms, productStages);
            }

            var names = await db.HsCodes.AsNoTracking().Where(h => h.Revision == HsRevision.Hs2022 && (h.Code.Length == 4 || h.Code.Length == 6))
                .Select(h => new HsName(h.Code, h.DescriptionEn, h.DescriptionZh)).ToListAsync(ct);
            var products = await db.Set<ChainProduct>().AsNoTracking().Select(p => new { p.ChainId, p.StageId, p.Hs2022 }).ToListAsync(ct);
            var stages = new ProductStages(products.Select(p => (new StageKey(p.ChainId, p.StageId), p.Hs2022)));
            var built = ProductTerms.Build(names, ReadSynonyms(), products.Select(p => p.Hs2022));
            // Kept once the store has its reference data and chains (a store still loading them is asked again next time).
            if (names.Count > 0 && products.Count > 0)
            {
                (terms, productStages) = (built, stages);
            }

            return (built, stages);
        }
        finally
        {
            termsGate.Release();
        }
    }

    // A bad line in an edited term file is logged with its number; until it is mended the HS names alone are read.
    private IReadOnlyList<ProductSynonym> ReadSynonyms()
    {
        try
        {
            return ProductTerms.ReadSynonyms(ProductTerms.ShippedFile);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            logger?.LogError("The product-term file is not read, only the HS names are: {Problem}", e.Message);
            return [];
        }
    }

    private static PartnerTypes DefaultProvides(OrganisationType type) => type switch
    {
        OrganisationType.UniversityOrResearch => PartnerTypes.Research,
        OrganisationType.Enterprise => PartnerTypes.Supplier | PartnerTypes.Buyer,
        _ => PartnerTypes.Service,
    };

    internal static List<string> Split(string? list) =>
        [.. (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    // The names a recommendation's reasons give, in both languages: every HS 2022 code, country and chain stage.
    private sealed record Names(
        Dictionary<string, (string En, string? Zh)> Hs, Dictionary<string, (string En, string Zh)> Countries,
        Dictionary<StageKey, (string ChainEn, string ChainZh, string StageEn, string StageZh)> Stages);

    private static readonly string[] NameTables = ["HsCodes", "Countries", "Chains", "ChainStage"];

    private static async Task<Names> ReadNamesAsync(LianboDbContext db, CancellationToken ct) => new(
        await db.HsCodes.AsNoTracking().Where(h => h.Revision == HsRevision.Hs2022).ToDictionaryAsync(h => h.Code, h => (h.DescriptionEn, h.DescriptionZh), ct),
        await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Iso3, c => (c.NameEn, c.NameZh), ct),
        (await (from s in db.Set<ChainStage>() join c in db.Chains on s.ChainId equals c.Id
                select new { s.ChainId, s.StageId, s.NameEn, s.NameZh, ChainEn = c.NameEn, ChainZh = c.NameZh }).ToListAsync(ct))
            .ToDictionary(s => new StageKey(s.ChainId, s.StageId), s => (s.ChainEn, s.ChainZh, s.NameEn, s.NameZh)));

    // Reasons as sentences in the current UI language, with the names of products, stages and countries.
    private async Task<List<RecommendationDto>> DescribeAsync(LianboDbContext db, IReadOnlyList<Recommendation> found, CancellationToken ct)
    {
        var ids = found.Select(r => r.Partner).ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var reasons = found.SelectMany(r => r.Reasons).ToList();
        // Kept in memory in the web app (they are read on every call and change with reference loads and chain edits).
        var names = await memory.GetOrLoadAsync(nameof(Matchmaker), NameTables, c => ReadNamesAsync(db, c), ct);
        var culture = CultureInfo.CurrentUICulture;
        var zh = culture.IsChinese();
        var hs = names.Hs;
        var countries = names.Countries;
        var stageNames = names.Stages;

        string Product(string? code) => code is null ? "" : hs.TryGetValue(code, out var d) ? $"{code} ({Shorten(ReferenceMappings.HsName(d.En, d.Zh, culture))})" : code;
        string Country(string? iso) => iso is null ? "" : countries.TryGetValue(iso, out var c) ? (zh ? c.Zh : c.En) : iso;
        // A product read from a text: the words each side wrote, as they wrote them.
        string Words(string? yours, string? theirs)
        {
            var said = new[] { yours is null ? null : Messages.Format("ReasonYourWords", yours), theirs is null ? null : Messages.Format("ReasonTheirWords", theirs) }.OfType<string>().ToList();
            return said.Count == 0 ? "" : zh ? $"（{string.Join("；", said)}）" : $" ({string.Join("; ", said)})";
        }

        string Text(Reason r)
        {
            var stage = r.Stage is { } key
                ? stageNames.TryGetValue(key, out var n) ? (Chain: zh ? n.ChainZh : n.ChainEn, Stage: zh ? n.StageZh : n.StageEn) : (Chain: key.Chain, Stage: key.Stage)
                : default;
            return r.Kind switch
            {
                ReasonKind.SuppliesProduct => Messages.Format("ReasonSupplies", Product(r.Hs), Product(r.Other)) + Words(r.NeedWords, r.OfferWords),
                ReasonKind.BuysProduct => Messages.Format("ReasonBuys", Product(r.Other), Product(r.Hs)) + Words(r.OfferWords, r.NeedWords),
                ReasonKind.UpstreamOfYou => Messages.Format("ReasonUpstream", stage.Stage, stage.Chain),
                ReasonKind.DownstreamOfYou => Messages.Format("ReasonDownstream", stage.Stage, stage.Chain),
                ReasonKind.ResearchOnYourStage => Messages.Format("ReasonResearchStage", stage.Stage, stage.Chain),
                ReasonKind.TextMatch => Messages.Format("ReasonText", (r.Share ?? 0).ToString("P0", CultureInfo.CurrentCulture)),
                ReasonKind.SoughtType => Messages.Format("ReasonType", string.Join(zh ? "、" : ", ", Enum.GetValues<PartnerTypes>().Where(t => t != PartnerTypes.None && r.Type.HasFlag(t)).Select(t => Messages.Format("PartnerType" + t)))),
                ReasonKind.TargetRegion => Messages.Format("ReasonRegion", Country(r.Country)),
                ReasonKind.LargeAndSme => Messages.Format("ReasonLargeSme"),
                ReasonKind.ForeignAndDomestic => Messages.Format("ReasonForeignDomestic", Country(r.Country)),
                ReasonKind.ResearchAndIndustry => Messages.Format("ReasonResearchIndustry"),
                ReasonKind.Diversifies => Messages.Format("ReasonDiversifies", Country(r.Country), (r.Share ?? 0).ToString("P0", CultureInfo.CurrentCulture), Product(r.Hs)),
                _ => r.Kind.ToString(),
            };
        }

        return [.. found.Where(r => orgs.ContainsKey(r.Partner)).Select(r =>
        {
            var o = orgs[r.Partner];
            return new RecommendationDto(o.Id, o.NameZh, o.NameEn, o.CountryIso3, o.CountryIso3 is null ? null : Country(o.CountryIso3), r.Score, r.ValueToYou, r.ValueToThem, [.. r.Reasons.Select(x => new ReasonDto(x.Kind, Text(x)))]);
        })];
    }

    // HS descriptions can run to a paragraph; a reason needs the first clause.
    private static string Shorten(string description)
    {
        var cut = description.IndexOfAny([';', ':']);
        var text = cut > 0 ? description[..cut] : description;
        return text.Length > 60 ? text[..57] + "…" : text;
    }

    public void Dispose()
    {
        recommender?.Dispose();
        terms?.Dispose();
        gate.Dispose();
        termsGate.Dispose();
    }
}
