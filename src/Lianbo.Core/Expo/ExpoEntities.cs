namespace Lianbo.Core.Expo;

/// <summary>One edition of the expo (the 2nd CISCE: Beijing, 26–30 Nov 2024). Its zones are chains plus areas.</summary>
public sealed class Edition
{
    public Guid Id { get; set; }

    /// <summary>1 for the first edition; unique.</summary>
    public int Number { get; set; }

    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public required string ThemeZh { get; set; }
    public required string ThemeEn { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public required string CityZh { get; set; }
    public required string CityEn { get; set; }
    public required string VenueZh { get; set; }
    public required string VenueEn { get; set; }
    public double FloorAreaM2 { get; set; }
    public string? GuestCountryIso3 { get; set; }
    public string? GuestProvinceZh { get; set; }
    public string? GuestProvinceEn { get; set; }

    /// <summary>Generated demo data, removed by <c>lianbo demo remove</c>.</summary>
    public bool IsDemo { get; set; }

    public List<Zone> Zones { get; set; } = [];
    public List<Hall> Halls { get; set; } = [];
    public List<Booth> Booths { get; set; } = [];
    public List<EditionSupporter> Supporters { get; set; } = [];
}

/// <summary>An international organisation (UNCTAD, UNIDO, …) supporting an edition.</summary>
public sealed class EditionSupporter
{
    public Guid EditionId { get; set; }
    public Guid OrganisationId { get; set; }
}

/// <summary>A zone of an edition: a chain (<see cref="ChainId"/> set) or an area such as the supply-chain services area.</summary>
public sealed class Zone
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }

    /// <summary>Short code unique within the edition, e.g. <c>smart-vehicles</c>.</summary>
    public required string Code { get; set; }

    public string? ChainId { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }

    /// <summary>The floor area the zone's booths may take together.</summary>
    public double AreaM2 { get; set; }

    public int SortOrder { get; set; }
}

public sealed class Hall
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
}

/// <summary>A booth in a hall and a zone. It holds at most one exhibitor: the column itself, so a booth cannot be given twice.</summary>
public sealed class Booth
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public required string Code { get; set; }
    public Guid HallId { get; set; }
    public Guid ZoneId { get; set; }
    public double SizeM2 { get; set; }
    public Guid? ExhibitorId { get; set; }
}

public enum SizeClass
{
    Sme,
    Large,
}

/// <summary>A row of what an organisation offers, set by the organiser or by the organisation itself.</summary>
public interface IOfferRow
{
    /// <summary>Added by the organisation's admin; false for the organiser's rows (and every row stored before this was kept).</summary>
    bool SetByParticipant { get; set; }
}

/// <summary>
/// What an organisation makes or trades: an HS 2022 chapter, heading or subheading. Set by the organiser (the exhibitor
/// import, the organiser's edits) or added by the organisation itself (<see cref="SetByParticipant"/>): each side
/// replaces only its own rows, so the organisation's edits never remove what the organiser set.
/// </summary>
public sealed class OrganisationProduct : IOfferRow
{
    public Guid OrganisationId { get; set; }
    public required string Hs { get; set; }
    public bool SetByParticipant { get; set; }
}

/// <summary>A chain stage an organisation works in; who set it is kept as for <see cref="OrganisationProduct"/>.</summary>
public sealed class OrganisationStage : IOfferRow
{
    public Guid OrganisationId { get; set; }
    public required string ChainId { get; set; }
    public required string StageId { get; set; }
    public bool SetByParticipant { get; set; }
}

/// <summary>An organisation exhibiting at an edition, in one zone.</summary>
public sealed class Exhibitor
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid ZoneId { get; set; }
    public List<ExhibitorPartner> Partners { get; set; } = [];
}

/// <summary>An upstream or downstream partner an exhibitor brings along (620 exhibitors brought 400+ in 2024).</summary>
public sealed class ExhibitorPartner
{
    public Guid ExhibitorId { get; set; }
    public Guid OrganisationId { get; set; }
}

/// <summary>Several exhibitors presenting one path through a chain together, e.g. Rio Tinto → Baowu → Bosch → Xpeng.</summary>
public sealed class JointExhibit
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public required string ChainId { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public List<JointExhibitMember> Members { get; set; } = [];
}

/// <summary>One step of a joint exhibit's path: the organisation and the chain stage it stands for.</summary>
public sealed class JointExhibitMember
{
    public Guid JointExhibitId { get; set; }
    public int Position { get; set; }
    public Guid OrganisationId { get; set; }
    public required string StageId { get; set; }
}

public enum LaunchKind
{
    Product,
    Technology,
    Service,
}

/// <summary>A first launch (首发首展) by an exhibitor at the edition.</summary>
public sealed class Launch
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public Guid ExhibitorId { get; set; }
    public LaunchKind Kind { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
}

public enum EventKind
{
    Forum,
    MatchmakingSession,
    ProcurementSession,
    LaunchCeremony,
    Roadshow,
}

/// <summary>A forum, matchmaking session (对接会), launch ceremony, or a roadshow abroad.</summary>
public sealed class ExpoEvent
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public EventKind Kind { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? ChainId { get; set; }

    /// <summary>For roadshows: where, and how many organisations it reached.</summary>
    public string? CityZh { get; set; }

    public string? CityEn { get; set; }
    public string? CountryIso3 { get; set; }
    public int? OrganisationsReached { get; set; }
}

public enum ExpoOutcomeKind
{
    Intention,
    Agreement,
}

/// <summary>A cooperation intention or signed agreement between two organisations, from the edition.</summary>
public sealed class ExpoOutcome
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public ExpoOutcomeKind Kind { get; set; }
    public Guid OrganisationA { get; set; }
    public Guid OrganisationB { get; set; }
    public string? ChainId { get; set; }

    /// <summary>In <see cref="Currency"/>; unknown for many intentions.</summary>
    public decimal? Value { get; set; }

    public string Currency { get; set; } = "CNY";

    /// <summary>The meeting it came from, when there was one (matchmaking).</summary>
    public Guid? MeetingId { get; set; }

    public DateOnly? SignedOn { get; set; }
}

/// <summary>A published text such as the Beijing Initiative, with the organisations endorsing it.</summary>
public sealed class Initiative
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public required string TextZh { get; set; }
    public required string TextEn { get; set; }
    public DateOnly PublishedOn { get; set; }
    public List<InitiativeEndorsement> Endorsements { get; set; } = [];
}

public sealed class InitiativeEndorsement
{
    public Guid InitiativeId { get; set; }
    public Guid OrganisationId { get; set; }
}

/// <summary>
/// Support such as free booths for exhibitors from least developed countries. Eligibility is computed from
/// the country reference: a country qualifies when it has any flag asked for or lies in a listed M49 region.
/// </summary>
public sealed class SupportProgramme
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public bool ForLdc { get; set; }
    public bool ForLldc { get; set; }
    public bool ForSids { get; set; }

    /// <summary>M49 region or sub-region codes, comma-separated (e.g. 002 Africa).</summary>
    public string RegionCodes { get; set; } = "";
}
