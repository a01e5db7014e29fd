using Lianbo.Core.Expo;

namespace Lianbo.Core.Tests.Expo;

/// <summary>Small editions built by hand for tests, where every zone and booth is known.</summary>
public static class TestEditions
{
    /// <summary>
    /// The 2nd edition with two chain zones and an area: smart-vehicles (booths A1-001 to A1-003), green-agriculture
    /// (B1-001, B1-002) and services (no booths), in one hall.
    /// </summary>
    public static Edition Small()
    {
        var edition = new Edition
        {
            Id = Guid.NewGuid(), Number = 2, NameZh = "第二届链博会", NameEn = "2nd CISCE", ThemeZh = "链接世界", ThemeEn = "Link the world",
            StartsOn = new DateOnly(2024, 11, 26), EndsOn = new DateOnly(2024, 11, 30), CityZh = "北京", CityEn = "Beijing", VenueZh = "顺义馆", VenueEn = "Shunyi", FloorAreaM2 = 1000,
        };
        var vehicles = new Zone { Id = Guid.NewGuid(), EditionId = edition.Id, Code = "smart-vehicles", ChainId = "smart-vehicles", NameZh = "智能汽车链", NameEn = "Smart vehicles", AreaM2 = 400, SortOrder = 0 };
        var agriculture = new Zone { Id = Guid.NewGuid(), EditionId = edition.Id, Code = "green-agriculture", ChainId = "green-agriculture", NameZh = "绿色农业链", NameEn = "Green agriculture", AreaM2 = 400, SortOrder = 1 };
        var services = new Zone { Id = Guid.NewGuid(), EditionId = edition.Id, Code = "services", NameZh = "供应链服务展区", NameEn = "Supply-chain services", AreaM2 = 200, SortOrder = 2 };
        var hall = new Hall { Id = Guid.NewGuid(), EditionId = edition.Id, Code = "A1", NameZh = "A1馆", NameEn = "Hall A1" };
        edition.Zones.AddRange([vehicles, agriculture, services]);
        edition.Halls.Add(hall);
        foreach (var (code, zone) in new[] { ("A1-001", vehicles), ("A1-002", vehicles), ("A1-003", vehicles), ("B1-001", agriculture), ("B1-002", agriculture) })
        {
            edition.Booths.Add(new Booth { Id = Guid.NewGuid(), EditionId = edition.Id, Code = code, HallId = hall.Id, ZoneId = zone.Id, SizeM2 = 36 });
        }

        return edition;
    }
}
