using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Lianbo.Core.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Expo;

/// <summary>
/// Two demo editions modelled on the 1st (2023) and 2nd (2024) China International Supply Chain Expo, generated
/// from a fixed seed so that the statistics computed from the rows reproduce the published figures: 515 → 620
/// exhibitors, 55 → 69 countries, regions and international organisations, 26% → 32% foreign, and for 2024 the
/// Fortune Global 500 and industry leaders above 60%, foreign exhibitors half from Europe and the Americas and
/// half from 40+ Belt and Road partners, 70+ launches, 60+ roadshows, 6,700+ intentions, 210+ agreements worth
/// 152 billion yuan, and 6,100 meeting requests for the 6,000+ matchmakings. Organisations are fictional ("示例" / "Example") except those the 2024 reports name in joint
/// exhibits. Everything generated carries <c>IsDemo</c> and goes with <see cref="RemoveAsync"/>.
/// </summary>
public sealed class DemoData(LianboDbContext db)
{
    public const int Seed = 20241126;

    /// <summary>The meeting requests' own seed: they are drawn after everything else, from their own generator, so that adding them changed no other figure.</summary>
    public const int MeetingSeed = 20241130;

    /// <summary>Meeting tables of each demo edition with meetings, spread over its halls.</summary>
    public const int TablesPerEdition = 80;

    private sealed record Spec(
        int Number, int Year, DateOnly StartsOn, double FloorAreaM2, int Exhibitors,
        int EuropeAmericas, int EuropeAmericasCountries, int BeltAndRoad, int BeltAndRoadCountries, int InternationalOrganisations,
        int LeadersOrFortune500, int Fortune500, int Launches, int Roadshows, int MatchmakingSessions, int Forums,
        int Intentions, int Agreements, decimal AgreementValue, int Partners, int MeetingRequests);

    // 2023: 515 exhibitors from 55 countries and regions, 26% foreign (134) = 64 from 22 European and American
    // countries + 70 from 32 Belt and Road partners. 2024: 620 exhibitors, 69 countries, regions and international
    // organisations (China + 21 + 42 countries + 5 organisations), 199 foreign (32.1%).
    private static readonly Spec[] Specs =
    [
        new(1, 2023, new DateOnly(2023, 11, 28), 100_000, 515, 64, 22, 70, 32, 0, 283, 110, 54, 40, 260, 18, 5_100, 200, 150_000_000_000m, 300, 0),
        new(2, 2024, new DateOnly(2024, 11, 26), 120_000, 620, 100, 21, 94, 42, 5, 380, 150, 72, 62, 372, 24, 6_712, 213, 152_000_000_000m, 410, 6_100),
    ];

    // Larger economies first, so that the demo looks like a real exhibitor list; the reference decides membership.
    private static readonly string[] EuropeAmericasFirst =
        ["USA", "DEU", "FRA", "GBR", "NLD", "CHE", "CAN", "BRA", "MEX", "ESP", "SWE", "BEL", "DNK", "FIN", "NOR", "IRL", "COL", "ISL"];

    private static readonly string[] BeltAndRoadFirst =
        ["SGP", "MYS", "IDN", "THA", "VNM", "SAU", "ARE", "KAZ", "PAK", "EGY", "ZAF", "NGA", "KEN", "ETH", "NZL", "LAO", "KHM", "UZB", "QAT", "BGD"];

    public async Task<bool> IsLoadedAsync(CancellationToken ct = default) => await db.Editions.AnyAsync(e => e.IsDemo, ct);

    /// <summary>Generates and stores the demo in one transaction; does nothing when it is already there.</summary>
    public async Task<bool> LoadAsync(CancellationToken ct = default)
    {
        if (await IsLoadedAsync(ct))
        {
            return false;
        }

        var chains = await db.Chains.AsNoTracking().Include(c => c.Stages).ThenInclude(s => s.Products).AsSplitQuery().OrderBy(c => c.Order).ToListAsync(ct);
        if (chains.Count == 0)
        {
            throw new InvalidOperationException("The demo needs the chains; load them first.");
        }

        var countries = await db.Countries.AsNoTracking()
            .Where(c => c.IncomeGroup != null && c.Iso3 != "CHN")
            .Select(c => new { c.Iso3, c.RegionCode, Bri = c.Groups.Any(g => g.GroupCode == "BRI") })
            .OrderBy(c => c.Iso3)
            .ToListAsync(ct);
        var europeAmericas = Ordered(countries.Where(c => c.RegionCode is 150 or 19 && !c.Bri).Select(c => c.Iso3), EuropeAmericasFirst);
        var beltAndRoad = Ordered(countries.Where(c => c.RegionCode is not (150 or 19) && c.Bri).Select(c => c.Iso3), BeltAndRoadFirst);

        var generator = new Generator(chains, europeAmericas, beltAndRoad);
        foreach (var spec in Specs)
        {
            generator.Edition(spec);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Organisations.AddRange(generator.Organisations);
        db.Editions.AddRange(generator.Editions);
        await db.SaveChangesAsync(ct);
        db.Exhibitors.AddRange(generator.Exhibitors);
        await db.SaveChangesAsync(ct);
        db.Booths.AddRange(generator.Booths);
        db.JointExhibits.AddRange(generator.JointExhibits);
        db.Launches.AddRange(generator.Launches);
        db.Events.AddRange(generator.Events);
        db.Outcomes.AddRange(generator.Outcomes);
        db.Initiatives.AddRange(generator.Initiatives);
        db.SupportProgrammes.AddRange(generator.Programmes);
        db.MeetingRequests.AddRange(generator.MeetingRequests);
        db.MeetingTables.AddRange(generator.Tables);
        db.Meetings.AddRange(generator.Meetings);
        db.SlotHolds.AddRange(generator.Holds);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>Removes the demo editions and the demo organisations (with everything that hangs off them, meeting requests and meetings included).</summary>
    public async Task<int> RemoveAsync(CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var editions = await db.Editions.Where(e => e.IsDemo).ExecuteDeleteAsync(ct);
        await db.Organisations.Where(o => o.IsDemo).ExecuteDeleteAsync(ct);
        // Recorded for good (the audit log is append-only), so that the next start of an empty store leaves it empty.
        new AuditLog(db, TimeProvider.System).Record(Viewer.CommandLine, RemovedAction, "Demo", "demo", after: new { editions });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return editions;
    }

    public const string RemovedAction = "demo.remove";

    /// <summary>
    /// Whether the demo still waits to be loaded: the store has never held an edition or an account, and the demo
    /// was never removed. A first start cut short (while the demo loaded in its transaction, or before) leaves exactly
    /// that, so the next start finishes the job; an organiser's own store never gets it.
    /// </summary>
    public async Task<bool> IsPendingAsync(CancellationToken ct = default) =>
        !await db.Editions.AnyAsync(ct) && !await db.Users.AnyAsync(ct) && !await db.AuditEntries.AnyAsync(e => e.Action == RemovedAction, ct);

    private static List<string> Ordered(IEnumerable<string> eligible, string[] first)
    {
        var all = eligible.ToList();
        return [.. first.Where(all.Contains), .. all.Where(c => !first.Contains(c))];
    }

    private sealed class Generator(List<Chain> chains, List<string> europeAmericas, List<string> beltAndRoad)
    {
        private readonly Random random = new(Seed);
        private readonly Random meetingRandom = new(MeetingSeed);
        private readonly Dictionary<string, List<Organisation>> pool = [];
        private int serial;

        public List<Organisation> Organisations { get; } = [];
        public List<Edition> Editions { get; } = [];
        public List<Exhibitor> Exhibitors { get; } = [];
        public List<Booth> Booths { get; } = [];
        public List<JointExhibit> JointExhibits { get; } = [];
        public List<Launch> Launches { get; } = [];
        public List<ExpoEvent> Events { get; } = [];
        public List<ExpoOutcome> Outcomes { get; } = [];
        public List<Initiative> Initiatives { get; } = [];
        public List<SupportProgramme> Programmes { get; } = [];
        public List<MeetingRequest> MeetingRequests { get; } = [];
        public List<Meeting> Meetings { get; } = [];
        public List<MeetingTable> Tables { get; } = [];
        public List<SlotHold> Holds { get; } = [];

        public void Edition(Spec spec)
        {
            var edition = new Edition
            {
                Id = Guid.NewGuid(),
                Number = spec.Number,
                NameZh = spec.Number == 1 ? "首届中国国际供应链促进博览会（示例）" : $"第{Chinese(spec.Number)}届中国国际供应链促进博览会（示例）",
                NameEn = $"{Ordinal(spec.Number)} China International Supply Chain Expo (demo)",
                ThemeZh = "链接世界 共创未来",
                ThemeEn = "Link the world, create the future",
                StartsOn = spec.StartsOn,
                EndsOn = spec.StartsOn.AddDays(4),
                CityZh = "北京",
                CityEn = "Beijing",
                VenueZh = "中国国际展览中心（顺义馆）",
                VenueEn = "China International Exhibition Center (Shunyi)",
                FloorAreaM2 = spec.FloorAreaM2,
                IsDemo = true,
            };
            Editions.Add(edition);
            if (spec.Number == 2)
            {
                // The five supporting international organisations of the 2nd edition are real and named.
                foreach (var (en, zh) in Supporters)
                {
                    var org = Organisation(en, zh, null, OrganisationType.InternationalOrganisation, SizeClass.Large);
                    edition.Supporters.Add(new EditionSupporter { EditionId = edition.Id, OrganisationId = org.Id });
                }
            }

            var zones = Zones(edition);

            // Every exhibitor's country, in order: the named joint exhibitors first, then the fictional ones.
            var named = spec.Number == 2 ? NamedExhibitors() : [];
            var slots = new List<(string? Country, OrganisationType Type)>();
            slots.AddRange(Spread(europeAmericas, spec.EuropeAmericasCountries, spec.EuropeAmericas - named.Count(n => n.Country is "GBR" or "DEU")));
            slots.AddRange(Spread(beltAndRoad, spec.BeltAndRoadCountries, spec.BeltAndRoad - named.Count(n => n.Country == "NZL")));
            slots.AddRange(Enumerable.Repeat<(string?, OrganisationType)>((null, OrganisationType.InternationalOrganisation), spec.InternationalOrganisations));
            var domestic = spec.Exhibitors - named.Count - slots.Count;
            slots.AddRange(Enumerable.Range(0, domestic).Select(_ => ((string?)"CHN", DomesticType())));

            var exhibitors = new List<(Exhibitor Exhibitor, Organisation Org)>();
            foreach (var n in named)
            {
                var zone = zones.Single(z => z.ChainId == n.Chain);
                exhibitors.Add((Exhibit(edition, zone, n.Org), n.Org));
            }

            foreach (var (country, type) in slots)
            {
                // A returning organisation exhibits in the zone of its chain; a new one gets a zone and a stage in it.
                var org = Reuse(country, type);
                var zone = org is null ? PickZone(zones) : zones.Single(z => z.ChainId == org.Stages[0].ChainId);
                if (org is null)
                {
                    var chain = chains.Single(c => c.Id == zone.ChainId);
                    org = Fictional(country, type, chain.Stages[random.Next(chain.Stages.Count)]);
                }

                exhibitors.Add((Exhibit(edition, zone, org), org));
            }

            Flag(exhibitors.Select(e => e.Org).ToList(), named.Count, spec.LeadersOrFortune500, spec.Fortune500);
            Booth(edition, zones, exhibitors.Select(e => e.Exhibitor).ToList());
            Partners(exhibitors, spec.Partners);
            if (spec.Number == 2)
            {
                JointExhibitsOf(edition, named);
            }

            LaunchesOf(edition, exhibitors, spec.Launches);
            EventsOf(edition, spec);
            OutcomesOf(edition, exhibitors, spec);
            MeetingRequestsOf(edition, exhibitors, spec);
            Initiatives.Add(Initiative(edition, spec));
            if (spec.Number == 2)
            {
                Programmes.Add(new SupportProgramme
                {
                    Id = Guid.NewGuid(),
                    EditionId = edition.Id,
                    NameZh = "最不发达国家参展企业展位支持",
                    NameEn = "Booth support for exhibitors from least developed countries",
                    ForLdc = true,
                    ForSids = true,
                    RegionCodes = "002,029,054,057,061",
                });
            }
        }

        private static readonly (string En, string Zh)[] Supporters =
        [
            ("United Nations Conference on Trade and Development (UNCTAD)", "联合国贸易和发展会议"),
            ("United Nations Industrial Development Organization (UNIDO)", "联合国工业发展组织"),
            ("World Intellectual Property Organization (WIPO)", "世界知识产权组织"),
            ("International Trade Centre (ITC)", "国际贸易中心"),
            ("International Chamber of Commerce (ICC)", "国际商会"),
        ];

        private List<Zone> Zones(Edition edition) =>
            [.. chains.Select((c, i) =>
            {
                var zone = new Zone { Id = Guid.NewGuid(), EditionId = edition.Id, Code = c.Id, ChainId = c.Id, NameZh = c.NameZh, NameEn = c.NameEn, SortOrder = i };
                edition.Zones.Add(zone);
                var hall = new Hall { Id = Guid.NewGuid(), EditionId = edition.Id, Code = $"{(char)('A' + i / 2)}{i % 2 + 1}", NameZh = $"{(char)('A' + i / 2)}{i % 2 + 1}馆", NameEn = $"Hall {(char)('A' + i / 2)}{i % 2 + 1}" };
                edition.Halls.Add(hall);
                return zone;
            })];

        // Zones get exhibitors in proportion to rough weights: vehicles and digital largest, services smallest.
        private Zone PickZone(List<Zone> zones)
        {
            var weights = zones.Select(z => z.ChainId switch { "smart-vehicles" => 18, "digital-technology" => 18, "advanced-manufacturing" => 16, "clean-energy" => 15, "healthy-life" => 13, "green-agriculture" => 12, _ => 8 }).ToArray();
            var roll = random.Next(weights.Sum());
            for (var i = 0; i < zones.Count; i++)
            {
                roll -= weights[i];
                if (roll < 0)
                {
                    return zones[i];
                }
            }

            return zones[^1];
        }

        // count exhibitors over the first `countries` of the list: each country at least one, the rest by chance
        // weighted towards the front (the larger economies).
        private IEnumerable<(string?, OrganisationType)> Spread(List<string> list, int countries, int count)
        {
            var chosen = list.Take(countries).ToList();
            if (chosen.Count < countries || count < countries)
            {
                throw new InvalidOperationException($"The reference has too few countries for the demo ({chosen.Count} < {countries}).");
            }

            var result = chosen.Select(c => ((string?)c, ForeignType())).ToList();
            while (result.Count < count)
            {
                var i = Math.Min(chosen.Count - 1, (int)(chosen.Count * Math.Pow(random.NextDouble(), 2)));
                result.Add((chosen[i], ForeignType()));
            }

            return result;
        }

        private OrganisationType ForeignType() => random.Next(20) == 0 ? OrganisationType.Institution : OrganisationType.Enterprise;

        private OrganisationType DomesticType() => random.Next(20) switch
        {
            0 => OrganisationType.UniversityOrResearch,
            1 => OrganisationType.Institution,
            2 => OrganisationType.GovernmentBody,
            _ => OrganisationType.Enterprise,
        };

        // Many exhibitors come back: an organisation from the same country and type that is not yet placed in this edition.
        private Organisation? Reuse(string? country, OrganisationType type)
        {
            var key = $"{country}|{type}";
            if (!pool.TryGetValue(key, out var candidates) || candidates.Count == 0 || random.Next(10) >= 6)
            {
                return null;
            }

            var org = candidates[^1];
            candidates.RemoveAt(candidates.Count - 1);
            return org;
        }

        private Organisation Fictional(string? country, OrganisationType type, ChainStage stage)
        {
            var n = ++serial;
            var (en, zh) = type switch
            {
                OrganisationType.InternationalOrganisation => ($"Example International Organisation {n:0000}", $"示例国际组织{n:0000}"),
                OrganisationType.UniversityOrResearch => ($"Example {stage.NameEn} Research Institute {n:0000}", $"示例{stage.NameZh}研究院{n:0000}"),
                OrganisationType.Institution => ($"Example {stage.NameEn} Association {n:0000}", $"示例{stage.NameZh}协会{n:0000}"),
                OrganisationType.GovernmentBody => ($"Example Development Zone {n:0000}", $"示例开发区{n:0000}"),
                _ => ($"Example {stage.NameEn} Co. {n:0000}", $"示例{stage.NameZh}企业{n:0000}"),
            };
            var org = Organisation(en, zh, country, type, random.Next(3) == 0 ? SizeClass.Large : SizeClass.Sme);
            org.Key = $"demo-{n:0000}";
            org.Stages.Add(new OrganisationStage { OrganisationId = org.Id, ChainId = stage.ChainId, StageId = stage.StageId });
            foreach (var product in stage.Products.OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
            {
                org.Products.Add(new OrganisationProduct { OrganisationId = org.Id, Hs = product.Hs2022 });
            }

            return org;
        }

        private Organisation Organisation(string en, string zh, string? country, OrganisationType type, SizeClass size)
        {
            var org = new Organisation
            {
                Id = Guid.NewGuid(),
                NameEn = en,
                NameZh = zh,
                CountryIso3 = country,
                Type = type,
                Size = size,
                IsPublic = true,
                IsDemo = true,
                CreatedAt = DateTimeOffset.UnixEpoch,
            };
            Organisations.Add(org);
            return org;
        }

        private Exhibitor Exhibit(Edition edition, Zone zone, Organisation org)
        {
            var exhibitor = new Exhibitor { Id = Guid.NewGuid(), EditionId = edition.Id, OrganisationId = org.Id, ZoneId = zone.Id };
            Exhibitors.Add(exhibitor);
            return exhibitor;
        }

        // Exactly `flagged` of this edition's exhibitors are Fortune Global 500 (`fortune` of them in all) or
        // industry leaders: the named ones keep their own flags, a shuffled selection of the rest gets the others,
        // and the remainder is cleared (flags belong to the organisation, which may have exhibited before).
        private void Flag(List<Organisation> orgs, int named, int flagged, int fortune)
        {
            var rest = orgs.Skip(named).Where(o => o.Type != OrganisationType.InternationalOrganisation).OrderBy(_ => random.Next()).ToList();
            fortune -= orgs.Take(named).Count(o => o.IsFortuneGlobal500);
            flagged -= named;
            foreach (var (org, i) in rest.Select((o, i) => (o, i)))
            {
                org.IsFortuneGlobal500 = i < fortune;
                org.IsIndustryLeader = i >= fortune && i < flagged;
                if (i < flagged)
                {
                    org.Size = SizeClass.Large;
                }
            }

            foreach (var org in orgs)
            {
                var key = $"{org.CountryIso3}|{org.Type}";
                if (!pool.TryGetValue(key, out var list))
                {
                    pool[key] = list = [];
                }

                list.Insert(0, org);
            }
        }

        private void Booth(Edition edition, List<Zone> zones, List<Exhibitor> exhibitors)
        {
            var orgs = Organisations.ToDictionary(o => o.Id);
            foreach (var zone in zones)
            {
                var hall = edition.Halls[zones.IndexOf(zone)];
                var inZone = exhibitors.Where(e => e.ZoneId == zone.Id).ToList();
                foreach (var (exhibitor, i) in inZone.Select((e, i) => (e, i)))
                {
                    var size = orgs[exhibitor.OrganisationId].Size == SizeClass.Large ? 36 + 9 * random.Next(0, 20) : 9 * random.Next(1, 4);
                    Booths.Add(new Booth { Id = Guid.NewGuid(), EditionId = edition.Id, Code = $"{hall.Code}-{i + 1:000}", HallId = hall.Id, ZoneId = zone.Id, SizeM2 = size, ExhibitorId = exhibitor.Id });
                }

                // Each zone's area leaves room for aisles around its booths.
                zone.AreaM2 = Math.Ceiling(Booths.Where(b => b.ZoneId == zone.Id).Sum(b => b.SizeM2) * 1.3 / 100) * 100;
            }
        }

        // Partners brought along: Chinese suppliers and customers, fictional, on an adjacent stage.
        private void Partners(List<(Exhibitor Exhibitor, Organisation Org)> exhibitors, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var (exhibitor, org) = exhibitors[random.Next(exhibitors.Count)];
                var stage = org.Stages.FirstOrDefault();
                var chain = chains.FirstOrDefault(c => c.Id == stage?.ChainId) ?? chains[0];
                var partner = Fictional(random.Next(4) == 0 ? org.CountryIso3 ?? "CHN" : "CHN", OrganisationType.Enterprise, chain.Stages[random.Next(chain.Stages.Count)]);
                exhibitor.Partners.Add(new ExhibitorPartner { ExhibitorId = exhibitor.Id, OrganisationId = partner.Id });
            }
        }

        private sealed record Named(Organisation Org, string? Country, string Chain, ChainStage Stage);

        // The organisations the 2024 reports name in joint exhibits, with the stage each stands for.
        private List<Named> NamedExhibitors()
        {
            var result = new List<Named>();
            void Add(string en, string zh, string country, string chain, string stage, bool fortune)
            {
                var s = chains.Single(c => c.Id == chain).Stages.Single(x => x.StageId == stage);
                var org = Organisation(en, zh, country, OrganisationType.Enterprise, SizeClass.Large);
                org.IsFortuneGlobal500 = fortune;
                org.IsIndustryLeader = !fortune;
                org.Key = "demo-" + en.ToLowerInvariant().Replace(' ', '-');
                org.Stages.Add(new OrganisationStage { OrganisationId = org.Id, ChainId = chain, StageId = stage });
                foreach (var p in s.Products.Take(3))
                {
                    org.Products.Add(new OrganisationProduct { OrganisationId = org.Id, Hs = p.Hs2022 });
                }

                result.Add(new Named(org, country, chain, s));
            }

            Add("Rio Tinto", "力拓", "GBR", "smart-vehicles", "battery-and-metal-minerals", true);
            Add("China Baowu Steel Group", "中国宝武", "CHN", "smart-vehicles", "refined-materials", true);
            Add("Bosch", "博世", "DEU", "smart-vehicles", "traction-batteries-and-electric-drive", true);
            Add("Xpeng", "小鹏汽车", "CHN", "smart-vehicles", "vehicles", false);
            Add("Fonterra", "恒天然", "NZL", "green-agriculture", "livestock-dairy-and-aquatic-products", false);

            // Fonterra's Chinese partners are not named in the reports: a fictional processor and distributor.
            var agriculture = chains.Single(c => c.Id == "green-agriculture");
            foreach (var stageId in new[] { "food-processing", "cold-chain-and-distribution" })
            {
                var stage = agriculture.Stages.Single(s => s.StageId == stageId);
                var org = Fictional("CHN", OrganisationType.Enterprise, stage);
                org.Size = SizeClass.Large;
                org.IsIndustryLeader = true;
                result.Add(new Named(org, "CHN", agriculture.Id, stage));
            }

            Add("Lenovo", "联想", "CHN", "digital-technology", "computers-and-telecom-equipment", true);
            Add("SAP", "思爱普", "DEU", "digital-technology", "software-and-digital-services", false);
            return result;
        }

        private void JointExhibitsOf(Edition edition, List<Named> named)
        {
            var names = new[]
            {
                ("smart-vehicles", "智能汽车链联合展示：从矿产到整车", "Smart vehicles, from mine to car"),
                ("green-agriculture", "从牧场到餐桌", "From pasture to table"),
                ("digital-technology", "数字科技链联合展示", "Digital technology, hardware to software"),
            };
            foreach (var (chain, zh, en) in names)
            {
                var exhibit = new JointExhibit { Id = Guid.NewGuid(), EditionId = edition.Id, ChainId = chain, NameZh = zh, NameEn = en };
                var members = named.Where(n => n.Chain == chain).ToList();
                exhibit.Members.AddRange(members.Select((m, i) => new JointExhibitMember { JointExhibitId = exhibit.Id, Position = i, OrganisationId = m.Org.Id, StageId = m.Stage.StageId }));
                JointExhibits.Add(exhibit);
            }
        }

        private void LaunchesOf(Edition edition, List<(Exhibitor Exhibitor, Organisation Org)> exhibitors, int count)
        {
            var kinds = new[] { (LaunchKind.Product, "新产品", "new product"), (LaunchKind.Technology, "新技术", "new technology"), (LaunchKind.Service, "新服务", "new service") };
            foreach (var (exhibitor, org) in exhibitors.OrderBy(_ => random.Next()).Take(count))
            {
                var (kind, zh, en) = kinds[random.Next(kinds.Length)];
                Launches.Add(new Launch { Id = Guid.NewGuid(), EditionId = edition.Id, ExhibitorId = exhibitor.Id, Kind = kind, TitleZh = $"{org.NameZh}{zh}首发", TitleEn = $"{org.NameEn}: first launch of a {en}" });
            }
        }

        private void EventsOf(Edition edition, Spec spec)
        {
            // 9:00 Beijing time, stored in UTC (PostgreSQL keeps instants, not offsets).
            var day0 = new DateTimeOffset(spec.StartsOn.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
            void Add(EventKind kind, string zh, string en, DateTimeOffset starts, TimeSpan length, string? chain = null) =>
                Events.Add(new ExpoEvent { Id = Guid.NewGuid(), EditionId = edition.Id, Kind = kind, TitleZh = zh, TitleEn = en, StartsAt = starts, EndsAt = starts + length, ChainId = chain });

            Add(EventKind.Forum, "开幕式暨全球供应链创新发展论坛（示例）", "Opening ceremony and Global Supply Chain Innovation Forum (demo)", day0, TimeSpan.FromHours(3));
            for (var i = 1; i < spec.Forums; i++)
            {
                var chain = chains[i % chains.Count];
                Add(EventKind.Forum, $"{chain.NameZh}论坛（示例{i}）", $"{chain.NameEn} forum (demo {i})", day0.AddDays(i % 5).AddHours(5), TimeSpan.FromHours(2), chain.Id);
            }

            for (var i = 0; i < spec.MatchmakingSessions; i++)
            {
                var chain = chains[i % chains.Count];
                var procurement = i % 6 == 0;
                Add(procurement ? EventKind.ProcurementSession : EventKind.MatchmakingSession,
                    procurement ? $"{chain.NameZh}采购商专场对接会（示例{i + 1}）" : $"{chain.NameZh}供需对接会（示例{i + 1}）",
                    procurement ? $"{chain.NameEn} buyers' procurement session (demo {i + 1})" : $"{chain.NameEn} supply-demand matchmaking (demo {i + 1})",
                    day0.AddDays(i % 5).AddHours(1 + i % 8), TimeSpan.FromMinutes(90), chain.Id);
            }

            Add(EventKind.LaunchCeremony, "首发首展活动（示例）", "First launches ceremony (demo)", day0.AddDays(1), TimeSpan.FromHours(2));

            // Roadshows abroad in the months before the edition, in the partner countries.
            var targets = europeAmericas.Take(15).Concat(beltAndRoad.Take(30)).ToList();
            for (var i = 0; i < spec.Roadshows; i++)
            {
                var country = targets[i % targets.Count];
                var starts = day0.AddDays(-200 + 3 * i);
                Events.Add(new ExpoEvent
                {
                    Id = Guid.NewGuid(),
                    EditionId = edition.Id,
                    Kind = EventKind.Roadshow,
                    TitleZh = $"链博会海外推介会（示例{i + 1}）",
                    TitleEn = $"CISCE roadshow abroad (demo {i + 1})",
                    StartsAt = starts,
                    EndsAt = starts.AddHours(3),
                    CountryIso3 = country,
                    CityZh = $"示例城市{i + 1}",
                    CityEn = $"Example City {i + 1}",
                    OrganisationsReached = 20 + random.Next(80),
                });
            }
        }

        // Intentions and agreements between exhibitors and the organisations they met; the agreements' values
        // are drawn at random and scaled so that they add up to the published total exactly.
        private void OutcomesOf(Edition edition, List<(Exhibitor Exhibitor, Organisation Org)> exhibitors, Spec spec)
        {
            var zoneChain = edition.Zones.ToDictionary(z => z.Id, z => z.ChainId);
            var orgs = Organisations.ToDictionary(o => o.Id);
            var counterparts = exhibitors.Select(e => e.Org).Concat(exhibitors.SelectMany(e => e.Exhibitor.Partners).Select(p => orgs[p.OrganisationId])).Distinct().ToList();
            ExpoOutcome Pair(ExpoOutcomeKind kind)
            {
                var (exhibitor, org) = exhibitors[random.Next(exhibitors.Count)];
                Organisation other;
                do
                {
                    other = counterparts[random.Next(counterparts.Count)];
                }
                while (other.Id == org.Id);

                return new ExpoOutcome
                {
                    Id = Guid.NewGuid(),
                    EditionId = edition.Id,
                    Kind = kind,
                    OrganisationA = org.Id,
                    OrganisationB = other.Id,
                    ChainId = zoneChain[exhibitor.ZoneId],
                    SignedOn = spec.StartsOn.AddDays(random.Next(5)),
                };
            }

            for (var i = 0; i < spec.Intentions; i++)
            {
                Outcomes.Add(Pair(ExpoOutcomeKind.Intention));
            }

            var agreements = Enumerable.Range(0, spec.Agreements).Select(_ => Pair(ExpoOutcomeKind.Agreement)).ToList();
            var weights = agreements.Select(_ => Math.Pow(random.NextDouble(), 3) + 0.01).ToList();
            var total = weights.Sum();
            decimal assigned = 0;
            foreach (var (agreement, i) in agreements.Select((a, i) => (a, i)))
            {
                agreement.Value = i == agreements.Count - 1
                    ? spec.AgreementValue - assigned
                    : Math.Round(spec.AgreementValue * (decimal)(weights[i] / total) / 10_000m) * 10_000m;
                assigned += agreement.Value.Value;
            }

            Outcomes.AddRange(agreements);
        }

        private static readonly string[] AsksZh =
            ["希望在链博会期间洽谈供需合作。（示例）", "我们正在寻找可靠的上游供应商，盼在展位面谈。（示例）", "希望了解贵方产品，探讨采购合作。（示例）"];

        private static readonly string[] AsksEn =
            ["We would like to meet during the expo to discuss supply cooperation. (demo)", "We are looking for reliable suppliers: could we meet at your booth? (demo)", "Interested in your products and a possible purchase agreement. (demo)"];

        // The organiser's 6,000+ matchmakings as meeting requests in the month before and during the edition, settled as a
        // past edition's are: mostly accepted (must-meet ones more often, declined less), some declined, expired or cancelled,
        // none still pending. Exhibitors ask (one in ten requests comes from a partner brought along, visiting as a buyer),
        // half of them within their own chain; large firms are asked three times as often. One request per pair, so the
        // open pairs are unique as the store demands. Accepted meetings are placed in the edition's half-hour slots.
        private void MeetingRequestsOf(Edition edition, List<(Exhibitor Exhibitor, Organisation Org)> exhibitors, Spec spec)
        {
            if (spec.MeetingRequests == 0)
            {
                return;
            }

            var r = meetingRandom;
            var orgs = Organisations.ToDictionary(o => o.Id);
            var partners = exhibitors.SelectMany(e => e.Exhibitor.Partners).Select(p => orgs[p.OrganisationId]).Distinct().ToList();
            var targets = exhibitors.SelectMany(e => Enumerable.Repeat(e, e.Org.Size == SizeClass.Large ? 3 : 1)).ToList();
            var inZone = targets.GroupBy(t => t.Exhibitor.ZoneId).ToDictionary(g => g.Key, g => g.ToList());
            var zoneOf = exhibitors.ToDictionary(e => e.Org.Id, e => e.Exhibitor.ZoneId);

            // 9:00 Beijing time on the first day, stored in UTC; 16 half-hour slots a day over the five days.
            var day0 = new DateTimeOffset(spec.StartsOn.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
            var slots = Enumerable.Range(0, 5 * 16).Select(i => day0.AddDays(i / 16).AddMinutes(30 * (i % 16))).ToList();
            var opens = day0.AddDays(-25);
            var firstMeeting = Meetings.Count;
            var pairs = new HashSet<(Guid, Guid)>();
            while (MeetingRequests.Count < spec.MeetingRequests)
            {
                var from = r.Next(10) == 0 ? partners[r.Next(partners.Count)] : exhibitors[r.Next(exhibitors.Count)].Org;
                var pool = zoneOf.TryGetValue(from.Id, out var zone) && r.Next(2) == 0 ? inZone[zone] : targets;
                var to = pool[r.Next(pool.Count)].Org;
                if (to.Id == from.Id || !pairs.Add(from.Id.CompareTo(to.Id) < 0 ? (from.Id, to.Id) : (to.Id, from.Id)))
                {
                    continue;
                }

                // Asked at least half a day before the last slot; answered after hours (12 on average), before a free slot.
                var created = opens + TimeSpan.FromMinutes(Math.Floor(r.NextDouble() * (slots[^1] - opens - TimeSpan.FromHours(12)).TotalMinutes));
                var answered = created + TimeSpan.FromMinutes(Math.Ceiling(Math.Min(-Math.Log(1 - r.NextDouble()) * 12, 24 * 6) * 60));
                var latest = slots[^1].AddHours(-1);
                if (answered > latest)
                {
                    answered = created + (latest - created) / 2;
                }

                var priority = r.Next(4) == 0 ? MeetingPriority.MustMeet : MeetingPriority.WouldLike;
                var roll = r.Next(100);
                var status = roll switch
                {
                    _ when roll < (priority == MeetingPriority.MustMeet ? 76 : 68) => MeetingRequestStatus.Accepted,
                    < 81 => MeetingRequestStatus.Declined,
                    < 90 => MeetingRequestStatus.Expired,
                    _ => MeetingRequestStatus.Cancelled,
                };
                var round = status is MeetingRequestStatus.Accepted or MeetingRequestStatus.Declined && r.Next(8) == 0 ? 1 : 0;
                var request = new MeetingRequest
                {
                    Id = Guid.NewGuid(),
                    EditionId = edition.Id,
                    FromOrganisationId = from.Id,
                    ToOrganisationId = to.Id,
                    CreatedByUserId = "demo",
                    Message = from.CountryIso3 == "CHN" ? AsksZh[r.Next(AsksZh.Length)] : AsksEn[r.Next(AsksEn.Length)],
                    Priority = priority,
                    Status = status,
                    Round = round,
                    OpenPairKey = status == MeetingRequestStatus.Accepted ? MeetingRequest.PairKey(from.Id, to.Id, edition.Id) : null,
                    CreatedAt = created,
                    UpdatedAt = status == MeetingRequestStatus.Expired ? created.AddDays(7) : answered,
                    ExpiresAt = created.AddDays(7),
                    Version = round + 1,
                };
                MeetingRequests.Add(request);
                if (status == MeetingRequestStatus.Declined)
                {
                    request.Reply = to.CountryIso3 == "CHN" ? "暂无相关需求，谢谢。（示例）" : "No current need, thank you. (demo)";
                }

                // Of the cancelled ones, half are accepted meetings called off later; the others were withdrawn unanswered.
                var calledOff = status == MeetingRequestStatus.Cancelled && r.Next(2) == 0;
                if (status == MeetingRequestStatus.Accepted || calledOff)
                {
                    var first = slots.FindIndex(s => s > answered);
                    var startsAt = slots[first + r.Next(slots.Count - first)];
                    Meetings.Add(new Meeting
                    {
                        Id = Guid.NewGuid(),
                        RequestId = request.Id,
                        EditionId = edition.Id,
                        OrganisationA = from.Id,
                        OrganisationB = to.Id,
                        Priority = priority,
                        StartsAt = startsAt,
                        Minutes = 30,
                        Status = calledOff ? MeetingStatus.Cancelled : MeetingStatus.Confirmed,
                        CreatedAt = answered,
                    });
                    if (calledOff)
                    {
                        request.UpdatedAt = answered + (startsAt - answered) / 2;
                        request.Version++;
                    }
                }
            }

            BookTables(edition, slots, firstMeeting);
        }

        /// <summary>
        /// Live bookings: in the order they were accepted, each meeting holds its slot for both organisations and the first
        /// free one of <see cref="TablesPerEdition"/> tables spread over the halls. A meeting whose side is already busy
        /// then, or that finds every table taken, waits unslotted for the organiser's batch scheduler.
        /// </summary>
        private void BookTables(Edition edition, List<DateTimeOffset> slots, int firstMeeting)
        {
            var tables = Enumerable.Range(0, TablesPerEdition).Select(i => new MeetingTable
            {
                Id = Guid.NewGuid(), EditionId = edition.Id, Code = $"M-{i + 1:000}", HallId = edition.Halls[i % edition.Halls.Count].Id,
            }).ToList();
            Tables.AddRange(tables);
            var held = new HashSet<(string, int)>();
            foreach (var meeting in Meetings.Skip(firstMeeting).Where(m => m.Status == MeetingStatus.Confirmed).OrderBy(m => m.CreatedAt))
            {
                var slot = slots.IndexOf(meeting.StartsAt!.Value);
                string[] people = [SlotHold.Organisation(meeting.OrganisationA), SlotHold.Organisation(meeting.OrganisationB)];
                var table = tables.FirstOrDefault(t => !held.Contains((SlotHold.Table(t.Id), slot)));
                if (table is null || people.Any(p => held.Contains((p, slot))))
                {
                    meeting.StartsAt = null;
                    continue;
                }

                meeting.Slot = slot;
                meeting.TableId = table.Id;
                foreach (var holder in people.Append(SlotHold.Table(table.Id)))
                {
                    held.Add((holder, slot));
                    Holds.Add(new SlotHold { EditionId = edition.Id, Holder = holder, Slot = slot, MeetingId = meeting.Id });
                }
            }
        }

        private static Initiative Initiative(Edition edition, Spec spec) => new()
        {
            Id = Guid.NewGuid(),
            EditionId = edition.Id,
            TitleZh = spec.Number == 1 ? "北京倡议（示例摘要）" : "链博会产业链供应链合作倡议（示例摘要）",
            TitleEn = spec.Number == 1 ? "Beijing Initiative (demo summary)" : "Supply chain cooperation initiative (demo summary)",
            TextZh = "示例文本，不是官方原文：参展各方倡议加强产业链供应链互联互通，维护全球产业链供应链稳定畅通，促进上中下游、大中小企业融通发展。",
            TextEn = "Demo text, not the official wording: the participants call for connected, stable and open industrial and supply chains, and for cooperation between upstream and downstream firms and between large firms and SMEs.",
            PublishedOn = spec.StartsOn,
        };

        private static string Ordinal(int n) => n switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{n}th" };

        private static string Chinese(int n) => n switch { 1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }
}
