using System.Net;
using System.Net.Http.Json;
using Lianbo.Core.Accounts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Accounts;

/// <summary>
/// Every API endpoint × {anonymous, participant A, participant B, analyst, organiser}. The endpoint list comes
/// from the running app, so an endpoint added without a rule here fails the test. Participant B always aims at
/// participant A's real ids (organisation, tokens), so the matrix also shows that one organisation cannot read
/// or change another's data.
/// </summary>
public class AuthorizationMatrixTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Expected status for: anonymous, participant A (its own things), participant B (A's things), analyst, organiser.
    internal sealed record Rule(int Anonymous, int A, int B, int Analyst, int Organiser, Func<Fixture, string>? Url = null, Func<Fixture, object>? Body = null, bool FreshUsers = false);

    internal sealed record Fixture(TestUser A, TestUser B, TestUser Analyst, TestUser Organiser, Guid SpareTokenOfA, Expo.ExpoFixture Expo, Meetings.MeetingsFixture Meetings,
        Meetings.ScheduleFixture Schedule, Guid ScheduledMeeting, string CalendarTokenOfA);

    internal static readonly Dictionary<string, Rule> Rules = new(StringComparer.Ordinal)
    {
        ["GET /api/countries"] = new(200, 200, 200, 200, 200),
        ["GET /api/countries/{iso3}"] = new(200, 200, 200, 200, 200, _ => "/api/countries/CHN"),
        ["GET /api/country-groups"] = new(200, 200, 200, 200, 200),
        ["GET /api/regions"] = new(200, 200, 200, 200, 200),
        ["GET /api/hs/{code}"] = new(200, 200, 200, 200, 200, _ => "/api/hs/8507"),
        ["GET /api/hs"] = new(200, 200, 200, 200, 200, _ => "/api/hs?search=lithium"),
        ["GET /api/chains"] = new(200, 200, 200, 200, 200),
        ["GET /api/chains/{id}"] = new(200, 200, 200, 200, 200, _ => "/api/chains/smart-vehicles"),
        ["GET /api/chains/{id}/panorama"] = new(200, 200, 200, 200, 200, _ => "/api/chains/smart-vehicles/panorama"),
        ["GET /api/chains/{id}/warnings"] = new(200, 200, 200, 200, 200, _ => "/api/chains/smart-vehicles/warnings"),
        ["GET /api/hs/{code}/chains"] = new(200, 200, 200, 200, 200, _ => "/api/hs/850760/chains"),
        ["GET /api/chains/{id}/file"] = new(200, 200, 200, 200, 200, _ => "/api/chains/smart-vehicles/file"),
        // Organisers' own chains: PUT creates the one DELETE removes later; the import adds another.
        ["PUT /api/chains/{id}"] = new(401, 403, 403, 403, 200, _ => "/api/chains/matrix-chain", _ => MatrixChain("matrix-chain")),
        ["DELETE /api/chains/{id}"] = new(401, 403, 403, 403, 204, _ => "/api/chains/matrix-chain"),
        ["POST /api/chains/import"] = new(401, 403, 403, 403, 200, _ => "/api/chains/import?fileName=matrix.json", _ => new[] { MatrixChain("matrix-import") }),
        ["GET /api/scenarios"] = new(200, 200, 200, 200, 200),
        ["GET /api/scenarios/{id}"] = new(200, 200, 200, 200, 200, _ => "/api/scenarios/rare-earth-export-ban"),
        ["GET /api/scenarios/{id}/versions"] = new(200, 200, 200, 200, 200, _ => "/api/scenarios/rare-earth-export-ban/versions"),
        ["GET /api/scenarios/{id}/runs"] = new(200, 200, 200, 200, 200, _ => "/api/scenarios/rare-earth-export-ban/runs"),
        ["GET /api/scenario-runs/{runId}"] = new(404, 404, 404, 404, 404, _ => "/api/scenario-runs/no-such-run"),
        ["GET /api/scenario-runs/{runId}/export"] = new(404, 404, 404, 404, 404, _ => "/api/scenario-runs/no-such-run/export?format=csv&table=importers"),
        // Anyone may run: a preset, or a definition sent unsaved (no product year is stored here, so engine 1 says so quickly).
        ["POST /api/scenarios/{id}/run"] = new(201, 201, 201, 201, 201, _ => "/api/scenarios/rare-earth-export-ban/run"),
        ["POST /api/scenario-runs"] = new(201, 201, 201, 201, 201, null, _ => Scenarios.ScenariosApiTests.Body("matrix-run", "1")),
        // The analyst's POST creates the scenario the PUTs and DELETE aim at; the organiser then finds its id taken, its
        // version 2 already stored, and (after the analyst removed it) nothing to remove.
        ["POST /api/scenarios"] = new(401, 403, 403, 201, 400, null, _ => Scenarios.ScenariosApiTests.Body("matrix-scenario", "1")),
        ["PUT /api/scenarios/{id}"] = new(401, 403, 403, 200, 400, _ => "/api/scenarios/matrix-scenario", _ => Scenarios.ScenariosApiTests.Body("matrix-scenario", "2")),
        ["PUT /api/scenarios/{id}/published"] = new(401, 403, 403, 200, 200, _ => "/api/scenarios/matrix-scenario/published", _ => new { published = true }),
        ["DELETE /api/scenarios/{id}"] = new(401, 403, 403, 204, 404, _ => "/api/scenarios/matrix-scenario"),
        // The annual report: analysts and organisers. Each POST queues a real build (an HTML one, which is quick); no build or
        // run has the ids aimed at, so the reads and removals find nothing.
        ["POST /api/reports"] = new(401, 403, 403, 202, 202, null, _ => new { year = 2024, lang = "en", format = "html" }),
        ["GET /api/reports"] = new(401, 403, 403, 200, 200),
        ["GET /api/reports/{id:guid}"] = new(401, 403, 403, 404, 404, _ => $"/api/reports/{Guid.Empty}"),
        ["GET /api/reports/{id:guid}/file"] = new(401, 403, 403, 404, 404, _ => $"/api/reports/{Guid.Empty}/file"),
        ["DELETE /api/reports/{id:guid}"] = new(401, 403, 403, 404, 404, _ => $"/api/reports/{Guid.Empty}"),
        ["GET /api/reports/{year:int}/scenarios"] = new(401, 403, 403, 200, 200, _ => "/api/reports/2024/scenarios"),
        ["PUT /api/reports/{year:int}/scenarios/{runId}"] = new(401, 403, 403, 404, 404, _ => "/api/reports/2024/scenarios/no-such-run"),
        ["DELETE /api/reports/{year:int}/scenarios/{runId}"] = new(401, 403, 403, 404, 404, _ => "/api/reports/2024/scenarios/no-such-run"),
        ["GET /api/trade/years"] = new(200, 200, 200, 200, 200),
        // No trade data is loaded in this app: the reads answer 404 to everyone alike.
        ["GET /api/trade/{year:int}/metrics"] = new(404, 404, 404, 404, 404, _ => "/api/trade/1985/metrics"),
        ["GET /api/trade/{year:int}/countries/{code}"] = new(404, 404, 404, 404, 404, _ => "/api/trade/1985/countries/USA"),
        ["GET /api/trade/{year:int}/products/{hs}"] = new(404, 404, 404, 404, 404, _ => "/api/trade/2021/products/8507"),
        // No index is built in this app: the list is empty and the reads answer 404 to everyone alike.
        ["GET /api/indices"] = new(200, 200, 200, 200, 200),
        ["GET /api/indices/fragmentation"] = new(200, 200, 200, 200, 200),
        ["GET /api/indices/{id}/{year:int}"] = new(404, 404, 404, 404, 404, _ => "/api/indices/connectivity/2021"),
        ["GET /api/indices/{id}/countries/{iso3}"] = new(404, 404, 404, 404, 404, _ => "/api/indices/connectivity/countries/CHN"),
        // Only analysts and organisers get as far as checking the request (a file name with a path; zero draws).
        ["POST /api/indices/indicators"] = new(401, 403, 403, 400, 400, _ => "/api/indices/indicators?fileName=..%2Fx.csv"),
        ["POST /api/indices/build"] = new(401, 403, 403, 400, 400, _ => "/api/indices/build?draws=0"),
        ["GET /api/trade/{year:int}/dependencies"] = new(404, 404, 404, 404, 404, _ => "/api/trade/2021/dependencies?importer=DEU"),
        ["GET /api/trade/{year:int}/substitutes"] = new(404, 404, 404, 404, 404, _ => "/api/trade/2021/substitutes?importer=DEU&product=850760"),
        // Only analysts and organisers get as far as checking the request (here: an unknown kind of file).
        ["POST /api/trade/imports"] = new(401, 403, 403, 400, 400, _ => "/api/trade/imports?kind=nope&fileName=x.csv"),
        // No input–output table in this store: the reads answer 404 naming the stored ones, the same for everyone.
        ["GET /api/io/tables"] = new(200, 200, 200, 200, 200),
        ["GET /api/io/{source}/{release}/{year:int}/sectors"] = new(404, 404, 404, 404, 404, _ => "/api/io/WIOD/2013/2011/sectors"),
        ["GET /api/io/{source}/{release}/{year:int}/violations"] = new(404, 404, 404, 404, 404, _ => "/api/io/WIOD/2013/2011/violations"),
        ["GET /api/io/{source}/{release}/{year:int}/countries/{country}"] = new(404, 404, 404, 404, 404, _ => "/api/io/WIOD/2013/2011/countries/CHN"),
        ["GET /api/io/{source}/{release}/{year:int}/countries/{country}/industries/{sector}"] = new(404, 404, 404, 404, 404, _ => "/api/io/WIOD/2013/2011/countries/CHN/industries/c14"),
        ["GET /api/io/{source}/{release}/{year:int}/industries/{sector}"] = new(404, 404, 404, 404, 404, _ => "/api/io/WIOD/2013/2011/industries/c14"),
        ["GET /api/io/{source}/{release}/{year:int}/cascade"] = new(404, 404, 404, 404, 404, _ => "/api/io/WIOD/2013/2011/cascade?country=CHN&sector=c14"),
        ["POST /api/io/imports"] = new(401, 403, 403, 400, 400, _ => "/api/io/imports?format=nope&fileName=x.csv"),
        // The expo's public side; no edition exists in this app, so the reads by id answer 404 to everyone alike.
        ["GET /api/editions"] = new(200, 200, 200, 200, 200),
        ["GET /api/editions/{id:guid}"] = new(404, 404, 404, 404, 404, _ => $"/api/editions/{Guid.Empty}"),
        ["GET /api/editions/{id:guid}/statistics"] = new(404, 404, 404, 404, 404, _ => $"/api/editions/{Guid.Empty}/statistics"),
        ["GET /api/editions/{id:guid}/exhibitors"] = new(404, 404, 404, 404, 404, _ => $"/api/editions/{Guid.Empty}/exhibitors"),
        ["GET /api/exhibitors/{id:guid}"] = new(404, 404, 404, 404, 404, _ => $"/api/exhibitors/{Guid.Empty}"),
        // Recommendations for A's organisation: A and organisers only.
        ["GET /api/matchmaking/recommendations"] = new(401, 200, 403, 403, 200, f => $"/api/matchmaking/recommendations?organisation={f.A.OrganisationId}"),
        ["GET /api/matchmaking/offers"] = new(401, 200, 403, 403, 200, f => $"/api/matchmaking/offers?organisation={f.A.OrganisationId}"),
        ["PUT /api/matchmaking/offers"] = new(401, 200, 403, 403, 200, f => $"/api/matchmaking/offers?organisation={f.A.OrganisationId}",
            _ => new { products = new[] { "8507" }, stages = new[] { "smart-vehicles/vehicles" } }),
        ["GET /api/matchmaking/profile"] = new(401, 200, 403, 403, 200, f => $"/api/matchmaking/profile?organisation={f.A.OrganisationId}"),
        ["GET /api/matchmaking/read-products"] = new(401, 200, 403, 403, 200, f => $"/api/matchmaking/read-products?organisation={f.A.OrganisationId}"),
        // Who may decide is checked before what: a decision without its fields is refused as invalid only to those allowed.
        ["POST /api/matchmaking/read-products"] = new(401, 400, 403, 403, 400, f => $"/api/matchmaking/read-products?organisation={f.A.OrganisationId}", _ => new { offered = false }),
        ["GET /api/matchmaking/participants"] = new(401, 200, 200, 200, 200, _ => "/api/matchmaking/participants?search=a"),
        // Marks are each caller's own: everyone signed in marks an exhibitor for themselves, then undoes their own mark.
        ["PUT /api/matchmaking/marks/{organisation:guid}"] = new(401, 200, 200, 200, 200, f => $"/api/matchmaking/marks/{f.Expo.ExhibitingOrganisations[0]}", _ => new { kind = "Saved" }),
        ["DELETE /api/matchmaking/marks/{organisation:guid}"] = new(401, 204, 204, 204, 204, f => $"/api/matchmaking/marks/{f.Expo.ExhibitingOrganisations[0]}"),
        ["PUT /api/matchmaking/profile"] = new(401, 200, 403, 403, 200, f => $"/api/matchmaking/profile?organisation={f.A.OrganisationId}", _ => new
        {
            needHs = new[] { "8507" }, needStages = Array.Empty<string>(), offerText = "", needText = "锂电池", provides = "Supplier", seeks = "Buyer",
            targetCountries = Array.Empty<string>(), targetRegions = Array.Empty<int>(), excluded = Array.Empty<Guid>(), acceptsCompetitors = false,
        }),
        // Meetings: a participant asks an exhibitor; the requests to A exist for the answers. B is no party to them and finds
        // nothing; analysts and organisers belong to no organisation, so they have no inbox and cannot ask.
        ["POST /api/meetings/requests"] = new(401, 200, 200, 403, 403, Body: f => new { to = f.Expo.ExhibitingOrganisations[0], message = "矩阵" }),
        ["POST /api/meetings/requests/{id:guid}/accept"] = new(401, 200, 404, 404, 404, f => $"/api/meetings/requests/{f.Meetings.ToAccept}/accept", _ => new { }),
        ["POST /api/meetings/requests/{id:guid}/decline"] = new(401, 200, 404, 404, 404, f => $"/api/meetings/requests/{f.Meetings.ToDecline}/decline", _ => new { message = "no" }),
        ["POST /api/meetings/requests/{id:guid}/counter"] = new(401, 200, 404, 404, 404, f => $"/api/meetings/requests/{f.Meetings.ToCounter}/counter", _ => Meetings.MeetingsFixture.Slots(3)),
        ["POST /api/meetings/requests/{id:guid}/cancel"] = new(401, 200, 404, 404, 404, f => $"/api/meetings/requests/{f.Meetings.ToCancel}/cancel", _ => new { }),
        ["GET /api/meetings/inbox"] = new(401, 200, 200, 403, 403),
        // Meeting analytics of an edition: organisers only (the fixture's edition, which has no requests).
        ["GET /api/editions/{id:guid}/meetings/statistics"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/meetings/statistics"),
        ["GET /api/editions/{id:guid}/meetings/export"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/meetings/export?format=xlsx"),
        ["POST /api/meetings/notices/read"] = new(401, 200, 200, 403, 403),
        // Scheduling an edition (the fixture's, where A has a published meeting and one the scheduler could not place):
        // organisers only. The settings and tables written keep the grid and the tables that hold meetings.
        ["GET /api/editions/{id:guid}/schedule/settings"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/schedule/settings"),
        ["PUT /api/editions/{id:guid}/schedule/settings"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/schedule/settings", _ => Meetings.ScheduleFixture.Settings),
        ["GET /api/editions/{id:guid}/schedule/tables"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/schedule/tables"),
        ["PUT /api/editions/{id:guid}/schedule/tables"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/schedule/tables",
            _ => new { tables = new[] { new { code = "T1", hall = "A1" }, new { code = "T2", hall = "A1" }, new { code = "T3", hall = "A1" } } }),
        ["POST /api/editions/{id:guid}/schedule/draft"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/schedule/draft?method=heuristic"),
        ["GET /api/editions/{id:guid}/schedule/draft"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/schedule/draft"),
        ["POST /api/editions/{id:guid}/schedule/publish"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/schedule/publish"),
        ["GET /api/editions/{id:guid}/schedule/tables/{tableId:guid}/sheet"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/schedule/tables/{f.Schedule.Table}/sheet"),
        ["POST /api/meetings/{id:guid}/attendance"] = new(401, 403, 403, 403, 200, f => $"/api/meetings/{f.ScheduledMeeting}/attendance", _ => new { attendance = "Held" }),
        // Agendas are per organisation: each participant gets its own; analysts and organisers belong to none.
        ["GET /api/meetings/my-agenda"] = new(401, 200, 200, 403, 403),
        ["POST /api/meetings/calendar/reset"] = new(401, 200, 200, 403, 403),
        // The calendar link is its own secret (A's here; reset runs after it): no sign-in needed.
        ["GET /api/meetings/{token}.ics"] = new(200, 200, 200, 200, 200, f => $"/api/meetings/{f.CalendarTokenOfA}.ics"),
        // Supply-demand sessions: A's needs are seen by A and organisers only; B, who is not invited, finds nothing. Only the
        // buyer chooses suppliers, only organisers confirm a session.
        ["POST /api/editions/{id:guid}/needs"] = new(401, 200, 200, 403, 403, f => $"/api/editions/{f.Expo.Edition}/needs", _ => new { title = "LFP cells", needHs = new[] { "850760" } }),
        ["GET /api/editions/{id:guid}/needs"] = new(401, 200, 200, 200, 200, f => $"/api/editions/{f.Expo.Edition}/needs"),
        ["GET /api/needs/{id:guid}/shortlist"] = new(401, 200, 404, 404, 200, f => $"/api/needs/{f.Meetings.OpenNeed}/shortlist"),
        ["PUT /api/needs/{id:guid}/suppliers"] = new(401, 200, 404, 404, 403, f => $"/api/needs/{f.Meetings.OpenNeed}/suppliers", f => new { suppliers = new[] { f.Meetings.Supplier } }),
        ["POST /api/needs/{id:guid}/session"] = new(401, 403, 403, 403, 200, f => $"/api/needs/{f.Meetings.ChosenNeed}/session", _ => new { startsAt = DateTimeOffset.UtcNow.AddDays(9), minutes = 60, venueEn = "Room 3" }),
        ["POST /api/needs/{id:guid}/close"] = new(401, 200, 404, 404, 200, f => $"/api/needs/{f.Meetings.NeedToClose}/close"),
        ["GET /api/me"] = new(401, 200, 200, 200, 200),
        ["GET /api/me/tokens"] = new(401, 200, 200, 200, 200),
        ["POST /api/me/tokens"] = new(401, 200, 200, 200, 200, Body: _ => new { name = "matrix", scope = "Read", days = 1 }),
        // Each caller tries to revoke A's spare token: only A finds it.
        ["DELETE /api/me/tokens/{id:guid}"] = new(401, 200, 404, 404, 404, f => $"/api/me/tokens/{f.SpareTokenOfA}"),
        ["GET /api/me/export"] = new(401, 200, 200, 200, 200),
        ["DELETE /api/me"] = new(401, 204, 204, 204, 204, FreshUsers: true),
        ["GET /api/organisations"] = new(200, 200, 200, 200, 200),
        // A's organisation is not listed: only its members and organisers see it.
        ["GET /api/organisations/{id:guid}"] = new(404, 200, 404, 404, 200, f => $"/api/organisations/{f.A.OrganisationId}"),
        ["PUT /api/organisations/{id:guid}"] = new(401, 200, 404, 404, 200, f => $"/api/organisations/{f.A.OrganisationId}", _ => new
        {
            nameEn = "Matrix Works", nameZh = "矩阵工厂", countryIso3 = "CHN", type = "Enterprise", isPublic = false,
        }),
        // No logo is stored here: a JSON body is no image (400) for those who may change it, and nobody finds one to read.
        ["GET /api/organisations/{id:guid}/logo"] = new(404, 404, 404, 404, 404, f => $"/api/organisations/{f.A.OrganisationId}/logo"),
        ["PUT /api/organisations/{id:guid}/logo"] = new(401, 400, 404, 404, 400, f => $"/api/organisations/{f.A.OrganisationId}/logo", _ => new { image = "none" }),
        ["DELETE /api/organisations/{id:guid}/logo"] = new(401, 200, 404, 404, 200, f => $"/api/organisations/{f.A.OrganisationId}/logo"),
        ["GET /api/organisations/{id:guid}/members"] = new(401, 200, 404, 404, 200, f => $"/api/organisations/{f.A.OrganisationId}/members"),
        ["POST /api/organisations/{id:guid}/invitations"] = new(401, 200, 404, 404, 200, f => $"/api/organisations/{f.A.OrganisationId}/invitations", _ => new { email = "new.colleague@example.test" }),
        ["GET /api/users"] = new(401, 403, 403, 403, 200),
        ["PUT /api/users/{id}/roles"] = new(401, 403, 403, 403, 200, f => $"/api/users/{f.Analyst.Id}/roles", _ => new { roles = new[] { Roles.Analyst } }),
        ["GET /api/audit"] = new(401, 403, 403, 403, 200),
        ["GET /api/audit.csv"] = new(401, 403, 403, 403, 200),
        ["POST /api/country-groups"] = new(401, 403, 403, 403, 200, Body: _ => new { code = "MATRIX", nameEn = "Matrix", nameZh = "矩阵", members = new[] { "CHN" } }),
        ["DELETE /api/country-groups/{code}"] = new(401, 403, 403, 403, 204, _ => "/api/country-groups/MATRIX"),
        // No edition exists in this app: organisers get as far as an unknown format (import) or an unknown edition (export).
        ["POST /api/editions/{id:guid}/exhibitors/import"] = new(401, 403, 403, 403, 400, _ => $"/api/editions/{Guid.NewGuid()}/exhibitors/import?format=nope"),
        ["GET /api/editions/{id:guid}/exhibitors/export"] = new(401, 403, 403, 403, 404, _ => $"/api/editions/{Guid.NewGuid()}/exhibitors/export?format=csv"),
        ["GET /api/exhibitor-template"] = new(401, 403, 403, 403, 200, _ => "/api/exhibitor-template?format=xlsx"),
        // Managing an edition: organisers only, each aimed at a row of the expo fixture made for it.
        ["POST /api/editions"] = new(401, 403, 403, 403, 200, Body: _ => Expo.ExpoFixture.EditionBody(3)),
        ["PUT /api/editions/{id:guid}"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}", f => Expo.ExpoFixture.EditionBody(f.Expo.Number)),
        ["POST /api/editions/{id:guid}/zones"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/zones",
            _ => new { code = "matrix", nameZh = "矩阵区", nameEn = "Matrix area", areaM2 = 100 }),
        ["PUT /api/editions/{id:guid}/zones/{zoneId:guid}"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/zones/{f.Expo.Zone}",
            _ => new { code = "smart-vehicles", chainId = "smart-vehicles", nameZh = "智能汽车链", nameEn = "Smart vehicles", areaM2 = 20_000 }),
        ["DELETE /api/editions/{id:guid}/zones/{zoneId:guid}"] = new(401, 403, 403, 403, 204, f => $"/api/editions/{f.Expo.Edition}/zones/{f.Expo.SpareZone}"),
        ["POST /api/editions/{id:guid}/halls"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/halls", _ => new { code = "M1", nameZh = "M1馆", nameEn = "Hall M1" }),
        ["PUT /api/editions/{id:guid}/halls/{hallId:guid}"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/halls/{f.Expo.Hall}",
            _ => new { code = "A1", nameZh = "A1号馆", nameEn = "Hall A1" }),
        ["DELETE /api/editions/{id:guid}/halls/{hallId:guid}"] = new(401, 403, 403, 403, 204, f => $"/api/editions/{f.Expo.Edition}/halls/{f.Expo.SpareHall}"),
        ["POST /api/editions/{id:guid}/booths"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/booths",
            f => new { code = "M-001", hallId = f.Expo.Hall, zoneId = f.Expo.Zone, sizeM2 = 9 }),
        ["PUT /api/editions/{id:guid}/booths/{boothId:guid}"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/booths/{f.Expo.Booth}",
            f => new { code = "A1-001", hallId = f.Expo.Hall, zoneId = f.Expo.Zone, sizeM2 = 45 }),
        ["DELETE /api/editions/{id:guid}/booths/{boothId:guid}"] = new(401, 403, 403, 403, 204, f => $"/api/editions/{f.Expo.Edition}/booths/{f.Expo.SpareBooth}"),
        ["PUT /api/editions/{id:guid}/booths/{boothId:guid}/exhibitor"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/booths/{f.Expo.Booth}/exhibitor",
            f => new { exhibitorId = f.Expo.Exhibitor }),
        ["DELETE /api/editions/{id:guid}/booths/{boothId:guid}/exhibitor"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/booths/{f.Expo.Booth}/exhibitor"),
        ["POST /api/editions/{id:guid}/exhibitors"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/exhibitors",
            f => new { organisationId = f.B.OrganisationId, zoneId = f.Expo.Zone }),
        ["DELETE /api/editions/{id:guid}/exhibitors/{exhibitorId:guid}"] = new(401, 403, 403, 403, 204, f => $"/api/editions/{f.Expo.Edition}/exhibitors/{f.Expo.SpareExhibitor}"),
        ["POST /api/editions/{id:guid}/launches"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/launches",
            f => new { exhibitorId = f.Expo.Exhibitor, kind = "Product", titleZh = "矩阵电池", titleEn = "Matrix battery" }),
        ["POST /api/editions/{id:guid}/events"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/events", _ => new
        {
            kind = "Forum", titleZh = "矩阵论坛", titleEn = "Matrix forum", startsAt = "2024-11-26T09:00:00+08:00", endsAt = "2024-11-26T11:00:00+08:00",
        }),
        ["POST /api/editions/{id:guid}/outcomes"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/outcomes",
            f => new { kind = "Intention", organisationA = f.A.OrganisationId, organisationB = f.B.OrganisationId }),
        ["POST /api/editions/{id:guid}/initiatives"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/initiatives",
            _ => new { titleZh = "矩阵倡议", titleEn = "Matrix initiative", textZh = "全文", textEn = "Text", publishedOn = "2024-11-28" }),
        ["POST /api/editions/{id:guid}/joint-exhibits"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/joint-exhibits", f => new
        {
            chainId = "smart-vehicles", nameZh = "矩阵联展", nameEn = "Matrix joint exhibit",
            members = new[] { new { organisationId = f.Expo.ExhibitingOrganisations[0], stageId = "battery-and-metal-minerals" }, new { organisationId = f.Expo.ExhibitingOrganisations[1], stageId = "vehicles" } },
        }),
        ["POST /api/editions/{id:guid}/support-programmes"] = new(401, 403, 403, 403, 200, f => $"/api/editions/{f.Expo.Edition}/support-programmes",
            _ => new { nameZh = "小岛屿支持", nameEn = "SIDS support", forSids = true }),
        ["GET /api/editions/{id:guid}/support-programmes/{programmeId:guid}/eligible"] = new(401, 403, 403, 403, 200,
            f => $"/api/editions/{f.Expo.Edition}/support-programmes/{f.Expo.Programme}/eligible"),
        ["GET /api/{**path}"] = new(404, 404, 404, 404, 404, _ => "/api/no-such-endpoint"),
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_endpoint_answers_each_kind_of_caller_as_the_rules_say(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Empty(endpoints.Except(Rules.Keys));
        Assert.Empty(Rules.Keys.Except(endpoints));

        var f = await CreateFixtureAsync(app);
        var failures = new List<string>();
        // Rules run in a fixed order; the order matters only for the country group that POST creates and DELETE removes.
        foreach (var (endpoint, rule) in Rules.OrderBy(r => r.Key.StartsWith("DELETE", StringComparison.Ordinal) ? 1 : 0).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            var callers = new (string Name, TestUser? User, int Expected)[]
            {
                ("anonymous", null, rule.Anonymous), ("participant A", f.A, rule.A), ("participant B", f.B, rule.B),
                ("analyst", f.Analyst, rule.Analyst), ("organiser", f.Organiser, rule.Organiser),
            };
            foreach (var (name, user, expected) in callers)
            {
                var caller = rule.FreshUsers && user is not null ? await app.CreateUserAsync(Roles.Participant, "Fresh " + name) : user;
                var status = await SendAsync(app.ClientFor(caller), endpoint, rule, f);
                if (status != expected)
                {
                    failures.Add($"{endpoint} as {name}: {status}, expected {expected}");
                }
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>The callers and the rows the rules aim at.</summary>
    internal static async Task<Fixture> CreateFixtureAsync(LianboApp app)
    {
        var a = await app.CreateUserAsync(Roles.Participant, "Alpha Cells");
        var expo = await Expo.ExpoFixture.CreateAsync(app);
        var meetings = await Meetings.MeetingsFixture.CreateAsync(app, a.OrganisationId!.Value, expo.Edition);
        var schedule = await Meetings.ScheduleFixture.CreateAsync(app.Services, expo.Edition, a);
        await schedule.PublishAsync(app.Services);
        return new Fixture(a, await app.CreateUserAsync(Roles.Participant, "Beta Motors"), await app.CreateUserAsync(Roles.Analyst),
            await app.CreateUserAsync(Roles.Organiser), await SpareTokenAsync(app, a), expo, meetings,
            schedule, (await schedule.PlacedAsync(app.Services)).Id, await Meetings.ScheduleFixture.CalendarTokenAsync(app.Services, a));
    }

    private static async Task<int> SendAsync(HttpClient client, string endpoint, Rule rule, Fixture f)
    {
        var method = endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)];
        var url = rule.Url?.Invoke(f) ?? endpoint[(method.Length + 1)..];
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (rule.Body is not null)
        {
            request.Content = JsonContent.Create(rule.Body(f));
        }

        using var response = await client.SendAsync(request, Ct);
        return (int)response.StatusCode;
    }

    // A chain file's content as JSON: one services stage, so that no HS code is needed.
    private static object MatrixChain(string id) => new
    {
        id, version = "2025.1", kind = "chain", order = 50, nameZh = "矩阵链", nameEn = "Matrix Chain",
        descriptionZh = "授权矩阵测试用。", descriptionEn = "For the authorization matrix.", colour = "#336699",
        stages = new[] { new { id = "advice", nameZh = "咨询", nameEn = "Advice", position = "upstream", kind = "services" } },
        edges = Array.Empty<object>(),
    };

    private static async Task<Guid> SpareTokenAsync(LianboApp app, TestUser owner) =>
        await app.WithServicesAsync(async s => (await s.GetRequiredService<ApiTokens>().CreateAsync(owner.Id, "spare", TokenScope.Read, 10, TokenOrigin.Session)).Value!.Info.Id);
}
