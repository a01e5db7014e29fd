using Lianbo.Core.Scheduling;

namespace Lianbo.Core.Tests.Scheduling;

public class EditionZonesTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("Europe/Berlin", "2027-03-26T10:00", "2027-03-26T09:00:00Z", "欧洲中部时间（柏林）")] // CET, UTC+1
    [InlineData("Europe/Berlin", "2027-03-29T10:00", "2027-03-29T08:00:00Z", "欧洲中部时间（柏林）")] // CEST, UTC+2
    [InlineData("Europe/Berlin", "2027-10-31T02:30", "2027-10-31T00:30:00Z", "欧洲中部时间（柏林）")] // twice that night: the first, still summer time
    [InlineData("America/New_York", "2027-03-15T10:00", "2027-03-15T14:00:00Z", "美国东部时间（纽约）")] // EDT, UTC−4
    [InlineData("Asia/Shanghai", "2027-03-29T10:00", "2027-03-29T02:00:00Z", "中国标准时间（北京）")]
    [InlineData("Asia/Karachi", "2027-03-29T10:00", "2027-03-29T05:00:00Z", "UTC+05:00 Asia/Karachi")] // no written name: offset and id
    public void A_wall_clock_time_is_the_instant_the_zone_names_and_shows_back_as_itself(string zoneId, string local, string utc, string zoneName)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        try
        {
            Check(zoneId, local, utc, zoneName);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    private static void Check(string zoneId, string local, string utc, string zoneName)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var at = EditionZones.At(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), zone);

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), at);
        Assert.Equal($"{local.Replace('T', ' ')} {zoneName}", EditionZones.Show(at!.Value, zone));
    }

    [Fact]
    public void A_time_the_clocks_skip_is_no_instant()
    {
        Assert.Null(EditionZones.At(new DateTime(2027, 3, 28, 2, 30, 0), Berlin));
        Assert.Null(EditionZones.At(new DateTime(2027, 3, 14, 2, 30, 0), NewYork));
    }
}
