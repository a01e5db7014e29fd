using Lianbo.Core.Accounts;

namespace Lianbo.Core.Expo;

// What the organiser sends. Strings may arrive null from JSON that leaves a field out: the checks treat that as empty.

public sealed record EditionInput(
    int Number, string NameZh, string NameEn, string ThemeZh, string ThemeEn, DateOnly StartsOn, DateOnly EndsOn,
    string CityZh, string CityEn, string VenueZh, string VenueEn, double FloorAreaM2,
    string? GuestCountryIso3 = null, string? GuestProvinceZh = null, string? GuestProvinceEn = null, IReadOnlyList<Guid>? SupporterIds = null);

/// <summary>A zone is a chain (<see cref="ChainId"/>) or an area without one, such as the supply-chain services area.</summary>
public sealed record ZoneInput(string Code, string? ChainId, string NameZh, string NameEn, double AreaM2, int SortOrder = 0);

public sealed record HallInput(string Code, string NameZh, string NameEn);

public sealed record BoothInput(string Code, Guid HallId, Guid ZoneId, double SizeM2);

public sealed record ExhibitorInput(Guid OrganisationId, Guid ZoneId, IReadOnlyList<Guid>? PartnerIds = null);

public sealed record BoothAssignment(Guid ExhibitorId);

public sealed record LaunchInput(Guid ExhibitorId, LaunchKind Kind, string TitleZh, string TitleEn);

/// <summary>Times in any offset; they are stored in UTC. A roadshow needs its country and city.</summary>
public sealed record EventInput(
    EventKind Kind, string TitleZh, string TitleEn, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? ChainId = null,
    string? CityZh = null, string? CityEn = null, string? CountryIso3 = null, int? OrganisationsReached = null);

/// <summary>The currency defaults to yuan (CNY).</summary>
public sealed record OutcomeInput(
    ExpoOutcomeKind Kind, Guid OrganisationA, Guid OrganisationB, string? ChainId = null, decimal? Value = null, string? Currency = null,
    Guid? MeetingId = null, DateOnly? SignedOn = null);

public sealed record InitiativeInput(string TitleZh, string TitleEn, string TextZh, string TextEn, DateOnly PublishedOn, IReadOnlyList<Guid>? EndorserIds = null);

/// <summary>One step of the path: an exhibiting organisation and the stage of the chain it stands for.</summary>
public sealed record JointExhibitMemberInput(Guid OrganisationId, string StageId);

/// <summary>The members in path order, upstream first.</summary>
public sealed record JointExhibitInput(string ChainId, string NameZh, string NameEn, IReadOnlyList<JointExhibitMemberInput> Members);

/// <summary>A country qualifies when it has any flag asked for or lies in one of the UN M49 regions or sub-regions.</summary>
public sealed record SupportProgrammeInput(string NameZh, string NameEn, bool ForLdc, bool ForLldc, bool ForSids, IReadOnlyList<string>? RegionCodes = null);

// What the organiser gets back.

public sealed record EditionSetupDto(
    Guid Id, int Number, string NameZh, string NameEn, string ThemeZh, string ThemeEn, DateOnly StartsOn, DateOnly EndsOn,
    string CityZh, string CityEn, string VenueZh, string VenueEn, double FloorAreaM2,
    string? GuestCountryIso3, string? GuestProvinceZh, string? GuestProvinceEn, IReadOnlyList<Guid> SupporterIds);

/// <summary><see cref="UsedM2"/> is the sum of the zone's booth sizes, never more than <see cref="AreaM2"/>.</summary>
public sealed record ZoneSetupDto(Guid Id, string Code, string? ChainId, string NameZh, string NameEn, double AreaM2, double UsedM2, int SortOrder);

public sealed record HallSetupDto(Guid Id, string Code, string NameZh, string NameEn);

public sealed record BoothSetupDto(Guid Id, string Code, Guid HallId, Guid ZoneId, double SizeM2, Guid? ExhibitorId);

public sealed record ExhibitorSetupDto(Guid Id, Guid OrganisationId, string NameZh, string NameEn, string? CountryIso3, Guid ZoneId, int Partners);

public sealed record LaunchRecordDto(Guid Id, Guid ExhibitorId, LaunchKind Kind, string TitleZh, string TitleEn);

public sealed record EventRecordDto(
    Guid Id, EventKind Kind, string TitleZh, string TitleEn, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? ChainId,
    string? CityZh, string? CityEn, string? CountryIso3, int? OrganisationsReached);

public sealed record OutcomeRecordDto(Guid Id, ExpoOutcomeKind Kind, Guid OrganisationA, Guid OrganisationB, string? ChainId, decimal? Value, string Currency, Guid? MeetingId, DateOnly? SignedOn);

public sealed record InitiativeRecordDto(Guid Id, string TitleZh, string TitleEn, DateOnly PublishedOn, IReadOnlyList<Guid> EndorserIds);

public sealed record JointExhibitRecordDto(Guid Id, string ChainId, string NameZh, string NameEn, IReadOnlyList<JointExhibitMemberInput> Members);

public sealed record SupportProgrammeRecordDto(Guid Id, string NameZh, string NameEn, bool ForLdc, bool ForLldc, bool ForSids, IReadOnlyList<string> RegionCodes);

/// <summary>An exhibitor a programme covers, and why: <c>LDC</c>, <c>LLDC</c>, <c>SIDS</c> or the M49 code of its region or sub-region.</summary>
public sealed record EligibleExhibitorDto(Guid ExhibitorId, Guid OrganisationId, string NameZh, string NameEn, string CountryIso3, string CountryNameZh, string CountryNameEn, IReadOnlyList<string> Reasons);

/// <summary>
/// Everything the organiser's page of one edition shows. Of the records it holds the counts and a few of each kind:
/// events and initiatives the latest, outcomes the latest signed, launches by title (they carry no date).
/// </summary>
public sealed record EditionWorkspaceDto(
    EditionSetupDto Edition, IReadOnlyList<ZoneSetupDto> Zones, IReadOnlyList<HallSetupDto> Halls, IReadOnlyList<BoothSetupDto> Booths,
    IReadOnlyList<ExhibitorSetupDto> Exhibitors, IReadOnlyList<SupportProgrammeRecordDto> Programmes,
    int LaunchCount, int EventCount, int OutcomeCount, int InitiativeCount,
    IReadOnlyList<LaunchRecordDto> Launches, IReadOnlyList<EventRecordDto> Events, IReadOnlyList<OutcomeRecordDto> Outcomes,
    IReadOnlyList<InitiativeRecordDto> Initiatives);

public sealed record OrganisationChoiceDto(Guid Id, string NameZh, string NameEn, string? CountryIso3, OrganisationType Type);
