using Lianbo.Core.Accounts;
using Lianbo.Core.Matchmaking;
using Lianbo.Core.Meetings;
using Lianbo.Core.Tests.Expo;
using Lianbo.Core.Tests.Meetings;
using Lianbo.Matching;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Matchmaking;

public class MatchmakerListingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_unlisted_organisation_that_would_be_the_top_match_is_in_no_recommendation_or_shortlist_until_it_is_listed(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.PreparedContextAsync();
        var expo = await ExpoBuilder.CreateAsync(db);
        // The hidden cell maker offers exactly the subheading the buyer needs; the listed one only the heading.
        var buyer = SupplyDemandSessionsTests.Org(db, "Buyer Motors", "DEU");
        var hidden = SupplyDemandSessionsTests.Org(db, "Hidden Cells", "KOR", "850760");
        var listed = SupplyDemandSessionsTests.Org(db, "Listed Cells", "JPN", "8507");
        db.Organisations.Local.Single(o => o.Id == hidden).IsPublic = false;
        db.MatchProfiles.Add(new MatchProfile { OrganisationId = buyer, NeedHs = "850760", Seeks = PartnerTypes.Supplier, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(Ct);
        using var matchmaker = new Matchmaker();
        var sessions = new SupplyDemandSessions(db, new AuditLog(db, TimeProvider.System), matchmaker, TimeProvider.System);
        Viewer Member(Guid org) => new("user-" + org, org, true, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });
        async Task<List<Guid>> RecommendedAsync(Viewer viewer, Guid? org = null) =>
            [.. (await matchmaker.RecommendAsync(db, viewer, org, 10, Ct)).Value!.Select(r => r.OrganisationId)];

        Assert.Equal([listed], await RecommendedAsync(Member(buyer)));
        // An organiser asking for the buyer sees what the buyer would; the unlisted one still gets its own partners.
        Assert.Equal([listed], await RecommendedAsync(Viewer.CommandLine, buyer));
        Assert.Contains(buyer, await RecommendedAsync(Member(hidden)));
        var (profiles, _) = await matchmaker.SnapshotAsync(db, Ct);
        Assert.Equal([hidden], profiles.Where(p => !p.Listed).Select(p => p.Id));

        var need = (await sessions.PostAsync(Member(buyer), expo.Edition, new NeedInput("Cells", null, ["850760"], [], []), Ct)).Value!;
        var shortlist = (await sessions.ShortlistAsync(Member(buyer), need.Id, 10, Ct)).Value!;
        Assert.Equal([listed], shortlist.Select(r => r.OrganisationId));
        Assert.Equal("suppliers", Assert.Single((await sessions.ChooseAsync(Member(buyer), need.Id, [hidden], Ct)).Errors).Key);

        // Listed, it is the top match at once (the built recommender notices); unlisted again, it is gone again.
        await db.Organisations.Where(o => o.Id == hidden).ExecuteUpdateAsync(o => o.SetProperty(x => x.IsPublic, true), Ct);
        Assert.Equal([hidden, listed], await RecommendedAsync(Member(buyer)));
        Assert.Equal(hidden, (await sessions.ShortlistAsync(Member(buyer), need.Id, 10, Ct)).Value![0].OrganisationId);
        await db.Organisations.Where(o => o.Id == hidden).ExecuteUpdateAsync(o => o.SetProperty(x => x.IsPublic, false), Ct);
        Assert.Equal([listed], await RecommendedAsync(Member(buyer)));
    }
}
