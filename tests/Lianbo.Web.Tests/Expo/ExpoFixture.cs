using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Tests.Expo;
using Lianbo.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Expo;

/// <summary>
/// An edition to aim the management endpoints at: what each one changes or removes exists, and the spare rows are
/// there to be removed, so that the endpoints can run in any order.
/// </summary>
public sealed record ExpoFixture(
    Guid Edition, int Number, Guid Zone, Guid SpareZone, Guid Hall, Guid SpareHall, Guid Booth, Guid SpareBooth,
    Guid Exhibitor, Guid SpareExhibitor, Guid[] ExhibitingOrganisations, Guid Programme)
{
    public static Task<ExpoFixture> CreateAsync(LianboApp app) => app.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<LianboDbContext>();
        var commands = s.GetRequiredService<ExpoCommands>();
        var expo = await ExpoBuilder.CreateAsync(db);
        var spareZone = (await commands.AddZoneAsync(Viewer.CommandLine, expo.Edition, new ZoneInput("spare", null, "备用", "Spare", 10))).Value!.Id;
        var spareHall = (await commands.AddHallAsync(Viewer.CommandLine, expo.Edition, new HallInput("Z9", "Z9馆", "Hall Z9"))).Value!.Id;
        var exhibitor = await expo.ExhibitorAsync("Omicron Batteries", "CHN");
        var second = await expo.ExhibitorAsync("Pi Mining", "AUS");
        var spareExhibitor = await expo.ExhibitorAsync("Rho Spare Parts", "ETH");
        var programme = (await commands.RecordSupportProgrammeAsync(Viewer.CommandLine, expo.Edition, new SupportProgrammeInput("最不发达国家支持", "LDC support", true, false, false))).Value!.Id;
        var organisations = db.Exhibitors.Where(x => x.Id == exhibitor || x.Id == second).OrderBy(x => x.Id == exhibitor).Select(x => x.OrganisationId).ToArray();
        return new ExpoFixture(expo.Edition, expo.Number, expo.Zone, spareZone, expo.Hall, spareHall, await expo.BoothAsync("A1-001", 36), await expo.BoothAsync("A1-002", 18),
            exhibitor, spareExhibitor, organisations, programme);
    });

    /// <summary>A valid edition to create or to write over this one, with its own number.</summary>
    public static object EditionBody(int number) => ExpoBuilder.EditionInput(number);
}
