using Lianbo.Core.Scheduling;

namespace Lianbo.Core.Tests.Scheduling;

public class EditionZonesTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("Europe/Berlin", "2027-03-26T10:00", "2027-03-26T09:00:00Z")] // CET, UTC+1
    [InlineData("Europe/Berlin", "2027-03-29T10:00", "2027-03-29T08:00:00Z")] // CEST, UTC+2
    [InlineData("Europe/Berlin", "2027-10-31T02:30", "2027-10-31T00:30:00Z")] // twice that night: the first, still summer time
    [InlineData("America/New_York", "2027-03-15T10:00", "2027-03-15T14:00:00Z")] // EDT, UTC−4
    [InlineData("Asia/Shanghai", "2027-03-29T10:00", "2027-03-29T02:00:00Z")]
    public void A_wall_clock_time_is_the_instant_the_zone_names_and_shows_back_as_itself(string zoneId, string local, string utc)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var at = EditionZones.At(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), zone);

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), at);
        Assert.Equal($"{local.Replace('T', ' ')} ({zoneId})", EditionZones.Show(at!.Value, zone));
    }

    [Fact]
    public void A_time_the_clocks_skip_is_no_instant()
    {
        Assert.Null(EditionZones.At(new DateTime(2027, 3, 28, 2, 30, 0), Berlin));
        Assert.Null(EditionZones.At(new DateTime(2027, 3, 14, 2, 30, 0), NewYork));
    }
}
