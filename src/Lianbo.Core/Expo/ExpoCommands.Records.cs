using System.Globalization;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Microsoft.EntityFrameworkCore;


namespace Lianbo.Core.Expo;

// What happens at an edition: launches, events, outcomes, initiatives, joint exhibits, support programmes.
public sealed partial class ExpoCommands
{
    // Records of what happens at the edition

    public async Task<Outcome<LaunchRecordDto>> RecordLaunchAsync(Viewer actor, Guid editionId, LaunchInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<LaunchRecordDto>();
        }

        var errors = new FieldErrors();
        if (!await db.Exhibitors.AnyAsync(x => x.Id == input.ExhibitorId && x.EditionId == editionId, ct))
        {
            errors.Add("exhibitorId", Messages.Format("UnknownExhibitor"));
        }

        Defined(errors, "kind", input.Kind);
        RequireTitles(errors, input.TitleZh, input.TitleEn);
        if (errors.Any)
        {
            return Outcome<LaunchRecordDto>.Invalid(errors.ToDictionary());
        }

        var launch = new Launch { Id = Guid.NewGuid(), EditionId = editionId, ExhibitorId = input.ExhibitorId, Kind = input.Kind, TitleZh = input.TitleZh.Trim(), TitleEn = input.TitleEn.Trim() };
        db.Launches.Add(launch);
        var dto = new LaunchRecordDto(launch.Id, launch.ExhibitorId, launch.Kind, launch.TitleZh, launch.TitleEn);
        return await SavedAsync(actor, "launch", nameof(Launch), launch.Id, null, dto, ct);
    }

    public async Task<Outcome<EventRecordDto>> RecordEventAsync(Viewer actor, Guid editionId, EventInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<EventRecordDto>();
        }

        var errors = new FieldErrors();
        Defined(errors, "kind", input.Kind);
        RequireTitles(errors, input.TitleZh, input.TitleEn);
        if (input.EndsAt <= input.StartsAt)
        {
            errors.Add("endsAt", Messages.Format("EventEndsBeforeStart"));
        }

        var chainId = Blank(input.ChainId);
        await CheckChainAsync(errors, "chainId", chainId, ct);
        var country = Blank(input.CountryIso3)?.ToUpperInvariant();
        var roadshow = input.Kind == EventKind.Roadshow;
        if (roadshow && country is null)
        {
            errors.Add("countryIso3", Messages.Format("RoadshowNeedsCountry"));
        }
        else if (country is not null && !await db.Countries.AnyAsync(c => c.Iso3 == country, ct))
        {
            errors.Add("countryIso3", Messages.Format("UnknownCountry", country));
        }

        if (roadshow)
        {
            InputRules.Require(errors, "cityZh", input.CityZh, 50);
            InputRules.Require(errors, "cityEn", input.CityEn, 100);
        }
        else
        {
            InputRules.Limit(errors, "cityZh", input.CityZh, 50);
            InputRules.Limit(errors, "cityEn", input.CityEn, 100);
        }

        if (input.OrganisationsReached < 0)
        {
            errors.Add("organisationsReached", Messages.Format("NotNegative", "organisationsReached"));
        }

        if (errors.Any)
        {
            return Outcome<EventRecordDto>.Invalid(errors.ToDictionary());
        }

        var ev = new ExpoEvent
        {
            Id = Guid.NewGuid(), EditionId = editionId, Kind = input.Kind, TitleZh = input.TitleZh.Trim(), TitleEn = input.TitleEn.Trim(),
            // PostgreSQL stores timestamptz only in UTC; SQLite compares the stored numbers, which need one offset too.
            StartsAt = input.StartsAt.ToUniversalTime(), EndsAt = input.EndsAt.ToUniversalTime(), ChainId = chainId,
            CityZh = Blank(input.CityZh), CityEn = Blank(input.CityEn), CountryIso3 = country, OrganisationsReached = input.OrganisationsReached,
        };
        db.Events.Add(ev);
        return await SavedAsync(actor, "event", nameof(ExpoEvent), ev.Id, null, ev.ToSetupDto(), ct);
    }

    public async Task<Outcome<OutcomeRecordDto>> RecordOutcomeAsync(Viewer actor, Guid editionId, OutcomeInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<OutcomeRecordDto>();
        }

        var errors = new FieldErrors();
        Defined(errors, "kind", input.Kind);
        await CheckOrganisationsAsync(errors, "organisationA", [input.OrganisationA], ct);
        await CheckOrganisationsAsync(errors, "organisationB", [input.OrganisationB], ct);
        if (input.OrganisationA == input.OrganisationB)
        {
            errors.Add("organisationB", Messages.Format("SameOrganisation"));
        }

        var chainId = Blank(input.ChainId);
        await CheckChainAsync(errors, "chainId", chainId, ct);
        if (input.Value < 0)
        {
            errors.Add("value", Messages.Format("NotNegative", "value"));
        }

        var currency = Blank(input.Currency)?.ToUpperInvariant() ?? DefaultCurrency;
        if (!CurrencyPattern().IsMatch(currency))
        {
            errors.Add("currency", Messages.Format("BadCurrency", currency));
        }

        if (errors.Any)
        {
            return Outcome<OutcomeRecordDto>.Invalid(errors.ToDictionary());
        }

        var outcome = new ExpoOutcome
        {
            Id = Guid.NewGuid(), EditionId = editionId, Kind = input.Kind, OrganisationA = input.OrganisationA, OrganisationB = input.OrganisationB,
            ChainId = chainId, Value = input.Value, Currency = currency, MeetingId = input.MeetingId, SignedOn = input.SignedOn,
        };
        db.Outcomes.Add(outcome);
        return await SavedAsync(actor, "outcome", nameof(ExpoOutcome), outcome.Id, null, outcome.ToSetupDto(), ct);
    }

    public async Task<Outcome<InitiativeRecordDto>> RecordInitiativeAsync(Viewer actor, Guid editionId, InitiativeInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<InitiativeRecordDto>();
        }

        var errors = new FieldErrors();
        RequireTitles(errors, input.TitleZh, input.TitleEn);
        InputRules.Require(errors, "textZh", input.TextZh, 20000);
        InputRules.Require(errors, "textEn", input.TextEn, 40000);
        var endorsers = (input.EndorserIds ?? []).Distinct().ToList();
        await CheckOrganisationsAsync(errors, "endorserIds", endorsers, ct);
        if (errors.Any)
        {
            return Outcome<InitiativeRecordDto>.Invalid(errors.ToDictionary());
        }

        var initiative = new Initiative
        {
            Id = Guid.NewGuid(), EditionId = editionId, TitleZh = input.TitleZh.Trim(), TitleEn = input.TitleEn.Trim(),
            TextZh = input.TextZh.Trim(), TextEn = input.TextEn.Trim(), PublishedOn = input.PublishedOn,
            Endorsements = [.. endorsers.Select(o => new InitiativeEndorsement { OrganisationId = o })],
        };
        db.Initiatives.Add(initiative);
        return await SavedAsync(actor, "initiative", nameof(Initiative), initiative.Id, null, initiative.ToSetupDto(), ct);
    }

    public async Task<Outcome<JointExhibitRecordDto>> RecordJointExhibitAsync(Viewer actor, Guid editionId, JointExhibitInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<JointExhibitRecordDto>();
        }

        var errors = new FieldErrors();
        var chainId = Blank(input.ChainId);
        if (chainId is null)
        {
            errors.Add("chainId", Messages.Format("Required", Messages.Field("chainId")));
        }

        var stages = await CheckChainAsync(errors, "chainId", chainId, ct);
        RequireNames(errors, input.NameZh, input.NameEn);
        var members = input.Members ?? [];
        if (members.Count < 2)
        {
            errors.Add("members", Messages.Format("JointExhibitNeedsMembers"));
        }

        var organisations = members.OfType<JointExhibitMemberInput>().Select(m => m.OrganisationId).ToList();
        var exhibiting = (await db.Exhibitors.Where(x => x.EditionId == editionId && organisations.Contains(x.OrganisationId)).Select(x => x.OrganisationId).ToListAsync(ct)).ToHashSet();
        foreach (var (member, i) in members.Select((m, i) => (m, i)))
        {
            // A JSON list may hold a null whatever its type says.
            if (member is null)
            {
                errors.Add($"members[{i}]", Messages.Format("FieldRequired", Messages.Field($"members[{i}]")));
                continue;
            }

            if (!exhibiting.Contains(member.OrganisationId))
            {
                errors.Add($"members[{i}].organisationId", Messages.Format("NotAnExhibitor"));
            }

            if (stages is not null && !stages.Contains(member.StageId ?? ""))
            {
                errors.Add($"members[{i}].stageId", Messages.Format("UnknownStage", chainId, member.StageId));
            }
        }

        if (errors.Any)
        {
            return Outcome<JointExhibitRecordDto>.Invalid(errors.ToDictionary());
        }

        var exhibit = new JointExhibit
        {
            Id = Guid.NewGuid(), EditionId = editionId, ChainId = chainId!, NameZh = input.NameZh.Trim(), NameEn = input.NameEn.Trim(),
            Members = [.. members.Select((m, i) => new JointExhibitMember { Position = i, OrganisationId = m.OrganisationId, StageId = m.StageId })],
        };
        db.JointExhibits.Add(exhibit);
        var dto = new JointExhibitRecordDto(exhibit.Id, exhibit.ChainId, exhibit.NameZh, exhibit.NameEn, [.. members]);
        return await SavedAsync(actor, "joint-exhibit", nameof(JointExhibit), exhibit.Id, null, dto, ct);
    }

    public async Task<Outcome<SupportProgrammeRecordDto>> RecordSupportProgrammeAsync(Viewer actor, Guid editionId, SupportProgrammeInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<SupportProgrammeRecordDto>();
        }

        var errors = new FieldErrors();
        RequireNames(errors, input.NameZh, input.NameEn);
        var regions = new List<int>();
        foreach (var text in (input.RegionCodes ?? []).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (text.Length <= 3 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is var code
                && await db.Countries.AnyAsync(c => c.RegionCode == code || c.SubRegionCode == code, ct))
            {
                regions.Add(code);
            }
            else
            {
                errors.Add("regionCodes", Messages.Format("UnknownRegion", text));
            }
        }

        if (!input.ForLdc && !input.ForLldc && !input.ForSids && regions.Count == 0 && !errors.Any)
        {
            errors.Add("regionCodes", Messages.Format("ProgrammeNeedsCriterion"));
        }

        if (errors.Any)
        {
            return Outcome<SupportProgrammeRecordDto>.Invalid(errors.ToDictionary());
        }

        var programme = new SupportProgramme
        {
            Id = Guid.NewGuid(), EditionId = editionId, NameZh = input.NameZh.Trim(), NameEn = input.NameEn.Trim(),
            ForLdc = input.ForLdc, ForLldc = input.ForLldc, ForSids = input.ForSids,
            RegionCodes = string.Join(",", regions.Order().Select(r => r.ToString("000", CultureInfo.InvariantCulture))),
        };
        db.SupportProgrammes.Add(programme);
        return await SavedAsync(actor, "support-programme", nameof(SupportProgramme), programme.Id, null, programme.ToSetupDto(), ct);
    }

    /// <summary>
    /// The exhibitors a programme covers, computed from the country reference (UN LDC, LLDC and SIDS lists, M49
    /// regions) at the time of asking, so a country's graduation shows without touching the programme.
    /// </summary>
    public async Task<Outcome<List<EligibleExhibitorDto>>> EligibleExhibitorsAsync(Viewer actor, Guid editionId, Guid programmeId, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<List<EligibleExhibitorDto>>();
        }

        var programme = await db.SupportProgrammes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId && p.EditionId == editionId, ct);
        if (programme is null)
        {
            return Outcome<List<EligibleExhibitorDto>>.NotFound(Messages.Format("ProgrammeNotFound"));
        }

        var regions = RegionCodesOf(programme).Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var rows = await (from x in db.Exhibitors.AsNoTracking()
                          join o in db.Organisations on x.OrganisationId equals o.Id
                          join c in db.Countries on o.CountryIso3 equals c.Iso3
                          where x.EditionId == editionId
                                && ((programme.ForLdc && c.IsLdc) || (programme.ForLldc && c.IsLldc) || (programme.ForSids && c.IsSids)
                                    || (c.RegionCode != null && regions.Contains(c.RegionCode.Value))
                                    || (c.SubRegionCode != null && regions.Contains(c.SubRegionCode.Value)))
                          orderby o.NameEn
                          select new { x.Id, OrganisationId = o.Id, o.NameZh, o.NameEn, c.Iso3, CountryZh = c.NameZh, CountryEn = c.NameEn, c.IsLdc, c.IsLldc, c.IsSids, c.RegionCode, c.SubRegionCode })
            .ToListAsync(ct);
        return Outcome<List<EligibleExhibitorDto>>.Ok([.. rows.Select(r => new EligibleExhibitorDto(r.Id, r.OrganisationId, r.NameZh, r.NameEn, r.Iso3, r.CountryZh, r.CountryEn,
        [
            .. programme.ForLdc && r.IsLdc ? ["LDC"] : Array.Empty<string>(),
            .. programme.ForLldc && r.IsLldc ? ["LLDC"] : Array.Empty<string>(),
            .. programme.ForSids && r.IsSids ? ["SIDS"] : Array.Empty<string>(),
            .. new[] { r.RegionCode, r.SubRegionCode }.Where(c => c is { } code && regions.Contains(code)).Select(c => c!.Value.ToString("000", CultureInfo.InvariantCulture)),
        ]))]);
    }

    internal static IReadOnlyList<string> RegionCodesOf(SupportProgramme programme) =>
        programme.RegionCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
