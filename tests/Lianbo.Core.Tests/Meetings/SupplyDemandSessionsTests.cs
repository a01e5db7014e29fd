using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Matchmaking;
using Lianbo.Core.Meetings;
using Lianbo.Core.Tests.Expo;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Meetings;

public class SupplyDemandSessionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_buyer_gets_a_second_source_outside_the_avoided_country_and_the_organiser_confirms_the_session(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.PreparedContextAsync();
        var expo = await ExpoBuilder.CreateAsync(db);
        var (buyer, chinese, korean, outsider) = (Org(db, "Buyer Motors", "DEU"), Org(db, "Dragon Cells", "CHN", "850760"), Org(db, "Hanil Cells", "KOR", "850760"), Org(db, "Outsider", "FRA"));
        await db.SaveChangesAsync(Ct);
        var sessions = new SupplyDemandSessions(db, new AuditLog(db, TimeProvider.System), new Matchmaker(), TimeProvider.System);
        Viewer Member(Guid org) => new("user-" + org, org, false, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });

        var bad = await sessions.PostAsync(Member(buyer), expo.Edition, new NeedInput("", null, ["85x"], ["smart-vehicles/nowhere"], ["XXA"]), Ct);
        Assert.Equal(["avoidCountries", "needHs", "needStages", "title"], bad.Errors.Keys.Order(StringComparer.Ordinal));

        var need = (await sessions.PostAsync(Member(buyer), expo.Edition, new NeedInput("LFP cells, second source", "磷酸铁锂电芯", ["8507"], [], ["chn"]), Ct)).Value!;
        var shortlist = (await sessions.ShortlistAsync(Member(buyer), need.Id, 10, Ct)).Value!;
        Assert.Equal(["CHN"], need.AvoidCountries);
        Assert.Contains(shortlist, r => r.OrganisationId == korean);
        Assert.DoesNotContain(shortlist, r => r.OrganisationId == chinese);
        Assert.Contains(shortlist.Single(r => r.OrganisationId == korean).Reasons, r => r.Kind == Lianbo.Matching.ReasonKind.SuppliesProduct);

        // Nobody else sees the need or its shortlist; the buyer may not choose a supplier in the avoided country.
        Assert.Equal(OutcomeKind.NotFound, (await sessions.ShortlistAsync(Member(outsider), need.Id, 10, Ct)).Kind);
        Assert.Empty((await sessions.ListAsync(Member(korean), expo.Edition, Ct)).Value!);
        Assert.Equal("suppliers", Assert.Single((await sessions.ChooseAsync(Member(buyer), need.Id, [chinese], Ct)).Errors).Key);
        Assert.Equal(OutcomeKind.Forbidden, (await sessions.ConfirmAsync(Member(buyer), need.Id, new SessionInput(DateTimeOffset.UtcNow.AddDays(3), 60, null, "Room 3"), Ct)).Kind);
        Assert.Equal(OutcomeKind.Conflict, (await sessions.ConfirmAsync(Viewer.CommandLine, need.Id, new SessionInput(DateTimeOffset.UtcNow.AddDays(3), 60, null, "Room 3"), Ct)).Kind);

        var chosen = await sessions.ChooseAsync(Member(buyer), need.Id, [korean], Ct);
        Assert.Equal(NeedStatus.Chosen, chosen.Value!.Status);
        Assert.True(Assert.Single(chosen.Value.Suppliers).Score > 0);
        var at = DateTimeOffset.UtcNow.AddDays(3);
        var confirmed = await sessions.ConfirmAsync(Viewer.CommandLine, need.Id, new SessionInput(at, 60, "3号洽谈室", "Room 3"), Ct);

        Assert.Equal(NeedStatus.Confirmed, confirmed.Value!.Status);
        Assert.Equal("Room 3", confirmed.Value.Session!.VenueEn);
        var invited = Assert.Single((await sessions.ListAsync(Member(korean), expo.Edition, Ct)).Value!);
        Assert.False(invited.Mine);
        Assert.Equal([NoticeKind.SessionInvited], await db.Notices.Where(n => n.OrganisationId == korean).Select(n => n.Kind).ToListAsync(Ct));
        Assert.Equal([NoticeKind.SessionConfirmed], await db.Notices.Where(n => n.OrganisationId == buyer).Select(n => n.Kind).ToListAsync(Ct));
        Assert.True(await db.ContactGrants.AnyAsync(g => (g.OrganisationA == buyer && g.OrganisationB == korean) || (g.OrganisationA == korean && g.OrganisationB == buyer), Ct));
        Assert.Equal(OutcomeKind.Conflict, (await sessions.ChooseAsync(Member(buyer), need.Id, [korean], Ct)).Kind);
    }

    internal static Guid Org(LianboDbContext db, string name, string country, params string[] products)
    {
        var org = new Organisation
        {
            Id = Guid.NewGuid(), NameEn = name, NameZh = name + "公司", CountryIso3 = country, IsPublic = true, CreatedAt = DateTimeOffset.UtcNow,
            Products = [.. products.Select(p => new OrganisationProduct { Hs = p })],
        };
        db.Organisations.Add(org);
        return org.Id;
    }
}
