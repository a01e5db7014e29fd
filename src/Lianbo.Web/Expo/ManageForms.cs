using Lianbo.Core.Expo;

namespace Lianbo.Web.Expo;

// The organiser's forms as the pages bind them: mutable, with defaults a browser can post, turned into the
// commands' inputs. The commands do all the checking, so the pages show exactly the API's field errors.

public sealed class EditionForm
{
    public int Number { get; set; }
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string ThemeZh { get; set; } = "";
    public string ThemeEn { get; set; } = "";
    public DateOnly StartsOn { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow);
    public DateOnly EndsOn { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(4);
    public string CityZh { get; set; } = "";
    public string CityEn { get; set; } = "";
    public string VenueZh { get; set; } = "";
    public string VenueEn { get; set; } = "";
    public double FloorAreaM2 { get; set; }
    public string? GuestCountryIso3 { get; set; }
    public string? GuestProvinceZh { get; set; }
    public string? GuestProvinceEn { get; set; }
    // A form posted without any supporter chosen binds null; the select needs an array to render.
    public Guid[] SupporterIds { get; set => field = value ?? []; } = [];

    public static EditionForm From(EditionSetupDto e) => new()
    {
        Number = e.Number, NameZh = e.NameZh, NameEn = e.NameEn, ThemeZh = e.ThemeZh, ThemeEn = e.ThemeEn, StartsOn = e.StartsOn, EndsOn = e.EndsOn,
        CityZh = e.CityZh, CityEn = e.CityEn, VenueZh = e.VenueZh, VenueEn = e.VenueEn, FloorAreaM2 = e.FloorAreaM2,
        GuestCountryIso3 = e.GuestCountryIso3, GuestProvinceZh = e.GuestProvinceZh, GuestProvinceEn = e.GuestProvinceEn, SupporterIds = [.. e.SupporterIds],
    };

    public EditionInput ToInput() => new(
        Number, NameZh, NameEn, ThemeZh, ThemeEn, StartsOn, EndsOn, CityZh, CityEn, VenueZh, VenueEn, FloorAreaM2,
        GuestCountryIso3, GuestProvinceZh, GuestProvinceEn, SupporterIds);
}

public sealed class ZoneForm
{
    public string Code { get; set; } = "";
    public string? ChainId { get; set; }
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public double AreaM2 { get; set; }
    public int SortOrder { get; set; }

    public ZoneInput ToInput() => new(Code, ChainId, NameZh, NameEn, AreaM2, SortOrder);
}

public sealed class HallForm
{
    public string Code { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";

    public HallInput ToInput() => new(Code, NameZh, NameEn);
}

/// <summary>A new booth (with <see cref="Code"/>) or a change to one (<see cref="BoothId"/>, keeping its code).</summary>
public sealed class BoothForm
{
    public Guid? BoothId { get; set; }
    public string Code { get; set; } = "";
    public Guid HallId { get; set; }
    public Guid ZoneId { get; set; }
    public double SizeM2 { get; set; }

    public BoothInput ToInput(string code) => new(code, HallId, ZoneId, SizeM2);
}

/// <summary>A booth and an exhibitor: to assign, or (without exhibitor) to free or remove the booth, or to remove the exhibitor.</summary>
public sealed class ChoiceForm
{
    public Guid BoothId { get; set; }
    public Guid ExhibitorId { get; set; }
}

public sealed class ExhibitorForm
{
    public Guid OrganisationId { get; set; }
    public Guid ZoneId { get; set; }

    public ExhibitorInput ToInput() => new(OrganisationId, ZoneId);
}

public sealed class LaunchForm
{
    public Guid ExhibitorId { get; set; }
    public LaunchKind Kind { get; set; }
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";

    public LaunchInput ToInput() => new(ExhibitorId, Kind, TitleZh, TitleEn);
}

/// <summary>Times are entered in UTC: the page says so, and the store keeps UTC.</summary>
public sealed class EventForm
{
    public EventKind Kind { get; set; }
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public DateTime StartsAt { get; set; } = DateTime.UtcNow.Date.AddHours(9);
    public DateTime EndsAt { get; set; } = DateTime.UtcNow.Date.AddHours(11);
    public string? ChainId { get; set; }
    public string? CityZh { get; set; }
    public string? CityEn { get; set; }
    public string? CountryIso3 { get; set; }
    public int? OrganisationsReached { get; set; }

    public EventInput ToInput() => new(
        Kind, TitleZh, TitleEn, Utc(StartsAt), Utc(EndsAt), ChainId, CityZh, CityEn, CountryIso3, OrganisationsReached);

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

public sealed class OutcomeForm
{
    public ExpoOutcomeKind Kind { get; set; }
    public Guid OrganisationA { get; set; }
    public Guid OrganisationB { get; set; }
    public string? ChainId { get; set; }
    public decimal? Value { get; set; }
    public string Currency { get; set; } = ExpoCommands.DefaultCurrency;
    public DateOnly? SignedOn { get; set; }

    public OutcomeInput ToInput() => new(Kind, OrganisationA, OrganisationB, ChainId, Value, Currency, null, SignedOn);
}

public sealed class InitiativeForm
{
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string TextZh { get; set; } = "";
    public string TextEn { get; set; } = "";
    public DateOnly PublishedOn { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow);

    public InitiativeInput ToInput() => new(TitleZh, TitleEn, TextZh, TextEn, PublishedOn);
}

/// <summary>Regions are typed as M49 codes separated by commas or spaces (002 Africa, 054 Melanesia).</summary>
public sealed class ProgrammeForm
{
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public bool ForLdc { get; set; }
    public bool ForLldc { get; set; }
    public bool ForSids { get; set; }
    public string? RegionCodes { get; set; }

    public SupportProgrammeInput ToInput() =>
        new(NameZh, NameEn, ForLdc, ForLldc, ForSids, (RegionCodes ?? "").Split([',', ' ', '，'], StringSplitOptions.RemoveEmptyEntries));
}
