using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Files;
using Lianbo.Core.Meetings;
using Lianbo.Core.Tests.Expo;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Meetings;

public class MeetingStatisticsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2024, 11, 20, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_figure_of_a_hand_made_edition_is_counted_from_its_requests(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.PreparedContextAsync();
        var w = await World.CreateAsync(db);

        var s = (await new MeetingStatistics(db).ComputeAsync(Viewer.CommandLine, w.Edition, Ct)).Value!;

        Assert.Equal((2, 2024), (s.Number, s.Year));
        Assert.Equal((8, 1, 3, 1, 2, 1), (s.Requests, s.Pending, s.Accepted, s.Declined, s.Cancelled, s.Expired));
        Assert.Equal((4, 5), (s.Agreed, s.Answered));
        Assert.Equal(0.8, s.AcceptanceRate);
        Assert.Equal(0.5, s.AgreedShare);
        Assert.Equal(4, s.MedianHoursToAnswer);
        Assert.Equal((5, 5, 4), (s.Organisations, s.Exhibitors, s.ExhibitorsWithMeetings));
        Assert.Equal(
            [new PriorityMeetingsDto(MeetingPriority.WouldLike, 5, 1, 0.5), new PriorityMeetingsDto(MeetingPriority.MustMeet, 3, 2, 1.0)],
            s.ByPriority);

        Assert.Equal(
        [
            new ZoneMeetingsDto("smart-vehicles", "smart-vehicles", "智能汽车链", "Smart vehicles", 3, 3, 4, 2, 1),
            new ZoneMeetingsDto("green-agriculture", "green-agriculture", "绿色农业链", "Green agriculture", 2, 3, 4, 2, 1),
            new ZoneMeetingsDto(null, null, "非参展机构", "Not exhibiting", 1, 2, 0, 0, 0),
        ], s.PerZone);

        Assert.Equal(
        [
            new PairMeetingsDto(PairKind.LargeSme, 4, 0.5, 2, 2 / 3.0, 1.0),
            new PairMeetingsDto(PairKind.ForeignDomestic, 6, 0.75, 3, 1.0, 1.0),
            new PairMeetingsDto(PairKind.ResearchIndustry, 4, 0.5, 1, 1 / 3.0, 1.0),
        ], s.Pairs);

        Assert.Equal(["Alpha Cells", "Gamma Dairy", "Delta Institute", "Beta Motors", "Zeta Idle"], s.PerExhibitor.Select(x => x.NameEn));
        var rows = s.PerExhibitor.Select(x => (x.Meetings, x.RequestsReceived, x.ReceivedAgreed, x.ReceivedDeclined, x.AcceptanceRate, x.RequestsSent, x.SentAgreed)).ToList();
        Assert.Equal((2, 3, 2, 0, 1.0, 1, 1), rows[0]);
        Assert.Equal((2, 2, 1, 1, 0.5, 1, 1), rows[1]);
        Assert.Equal((1, 2, 0, 0, (double?)null, 2, 2), rows[2]);
        Assert.Equal((1, 1, 1, 0, 1.0, 2, 0), rows[3]);
        Assert.Equal((0, 0, 0, 0, (double?)null, 0, 0), rows[4]);
        Assert.Equal(("DEU", "smart-vehicles"), (s.PerExhibitor[3].CountryIso3, s.PerExhibitor[3].ZoneCode));
    }

    [Fact]
    public async Task Only_organisers_see_the_figures_of_an_edition_that_exists_and_an_empty_one_has_no_rates()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await store.PreparedContextAsync();
        var expo = await ExpoBuilder.CreateAsync(db);
        await expo.ExhibitorAsync("Lonely Exhibitor", "CHN");
        var participant = new Viewer("p", Guid.NewGuid(), true, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });
        var statistics = new MeetingStatistics(db);

        Assert.Equal(OutcomeKind.Forbidden, (await statistics.ComputeAsync(participant, expo.Edition, Ct)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await statistics.ExportAsync(participant, expo.Edition, ExhibitorFileFormat.Csv, ct: Ct)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await statistics.ComputeAsync(Viewer.CommandLine, Guid.NewGuid(), Ct)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await statistics.ExportAsync(Viewer.CommandLine, Guid.NewGuid(), ExhibitorFileFormat.Xlsx, ct: Ct)).Kind);

        var empty = (await statistics.ComputeAsync(Viewer.CommandLine, expo.Edition, Ct)).Value!;
        Assert.Equal((0, 0, 1, 0), (empty.Requests, empty.Organisations, empty.Exhibitors, empty.ExhibitorsWithMeetings));
        Assert.Null(empty.AcceptanceRate);
        Assert.Null(empty.AgreedShare);
        Assert.Null(empty.MedianHoursToAnswer);
        Assert.All(empty.Pairs, p => Assert.Equal((0, 0.0, null), (p.Requests, p.RequestShare, p.AcceptanceRate)));
        Assert.Single(empty.PerZone);
    }

    [Fact]
    public async Task The_exports_read_back_to_the_same_figures_in_csv_and_xlsx_with_headers_in_the_users_language()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await store.PreparedContextAsync();
        var w = await World.CreateAsync(db);
        var statistics = new MeetingStatistics(db);
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var csv = (await statistics.ExportAsync(Viewer.CommandLine, w.Edition, ExhibitorFileFormat.Csv, ct: Ct)).Value!;
            var summaryCsv = (await statistics.ExportAsync(Viewer.CommandLine, w.Edition, ExhibitorFileFormat.Csv, MeetingStatisticsTable.Summary, Ct)).Value!;
            var zonesCsv = (await statistics.ExportAsync(Viewer.CommandLine, w.Edition, ExhibitorFileFormat.Csv, MeetingStatisticsTable.Zones, Ct)).Value!;
            var xlsx = (await statistics.ExportAsync(Viewer.CommandLine, w.Edition, ExhibitorFileFormat.Xlsx, ct: Ct)).Value!;

            Assert.Equal(("lianbo-meetings-2-exhibitors.csv", "text/csv; charset=utf-8"), (csv.FileName, csv.ContentType));
            Assert.Equal([0xEF, 0xBB, 0xBF], csv.Content.Take(3));
            var exhibitors = Texts(UploadedCsv.Read(csv.Content, "csv"));
            Assert.Equal(["Name (Chinese)", "Name (English)", "Country or region", "Zone", "Confirmed meetings", "Requests received", "Received, accepted",
                "Received, declined", "Acceptance rate", "Requests sent", "Sent, accepted"], exhibitors[0]);
            Assert.Equal(["Alpha Cells（中文）", "Alpha Cells", "CHN", "smart-vehicles", "2", "3", "2", "0", "1", "1", "1"], exhibitors[1]);
            Assert.Equal(["Delta Institute（中文）", "Delta Institute", "CHN", "green-agriculture", "1", "2", "0", "0", "", "2", "2"], exhibitors[3]);
            Assert.Equal(6, exhibitors.Count);

            var summary = Texts(UploadedCsv.Read(summaryCsv.Content, "csv")).ToDictionary(r => r[0], r => r[1]);
            Assert.Equal("8", summary["Meeting requests"]);
            Assert.Equal("0.8", summary["Acceptance rate (agreed ÷ answered)"]);
            Assert.Equal("4", summary["Median time to answer (hours)"]);
            Assert.Equal("0.6667", summary["Large firm ↔ SME: share of meetings"]);
            Assert.Equal("2", summary["Must meet: confirmed meetings"]);
            Assert.Equal(["", "非参展机构", "Not exhibiting", "1", "2", "0", "0", "0"], Texts(UploadedCsv.Read(zonesCsv.Content, "csv"))[^1]);

            // The workbook: the summary sheet first, read back by the import's reader; numbers stored as numbers.
            Assert.Equal("lianbo-meetings-2.xlsx", xlsx.FileName);
            var first = XlsxTable.Read(xlsx.Content, "xlsx");
            Assert.Equal(["Figure", "Value"], first[0].Cells.Select(c => c.Text));
            Assert.Equal(new TableCell("8", IsNumber: true), first[1].Cells[1]);
            Assert.Equal(Texts(UploadedCsv.Read(summaryCsv.Content, "csv")), Texts(first));
            var sheets = Sheets(xlsx.Content);
            Assert.Equal(["summary", "zones", "exhibitors"], sheets.Keys);
            Assert.Equal(exhibitors, sheets["exhibitors"]);

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            var chinese = (await statistics.ExportAsync(Viewer.CommandLine, w.Edition, ExhibitorFileFormat.Xlsx, ct: Ct)).Value!;
            var zh = Sheets(chinese.Content);
            Assert.Equal(["汇总", "展区", "参展商"], zh.Keys);
            Assert.Equal("已确认洽谈", zh["参展商"][0][4]);
            Assert.Contains(["洽谈请求", "8"], zh["汇总"]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static List<List<string>> Texts(List<TableRow> rows) => [.. rows.Select(r => r.Cells.Select(c => c.Text).ToList())];

    // Every sheet of a workbook as rows of text, in order, with the cells' references respected.
    private static Dictionary<string, List<List<string>>> Sheets(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var result = new Dictionary<string, List<List<string>>>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            result[sheet.Name!.Value!] = [.. part.Worksheet.Descendants<Row>().Select(row =>
            {
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    while (cells.Count < XlsxTable.ColumnIndex(cell.CellReference!.Value!))
                    {
                        cells.Add("");
                    }

                    cells.Add(cell.InlineString?.Text?.Text ?? cell.CellValue?.Text ?? "");
                }

                return cells;
            })];
        }

        return result;
    }

    /// <summary>
    /// The 2nd edition with two chain zones: Alpha (CHN, large), Beta (DEU, SME) and Zeta (CHN, SME, never asked) in smart
    /// vehicles; Gamma (NZL, SME) and Delta (CHN, SME research institute) in green agriculture; Epsilon (Hong Kong, large)
    /// visits without exhibiting. Eight requests, one of each kind the figures tell apart, and one outside any edition.
    /// </summary>
    private sealed record World(Guid Edition)
    {
        public static async Task<World> CreateAsync(LianboDbContext db)
        {
            var expo = await ExpoBuilder.CreateAsync(db);
            var commands = new ExpoCommands(db, new AuditLog(db, TimeProvider.System));
            var agriculture = (await commands.AddZoneAsync(Viewer.CommandLine, expo.Edition, new ZoneInput("green-agriculture", "green-agriculture", "绿色农业链", "Green agriculture", 1000, 1), Ct)).Value!.Id;

            async Task<Guid> Org(string name, string? country, SizeClass size, OrganisationType type, Guid? zone)
            {
                var exhibitor = zone is { } z ? await expo.ExhibitorAsync(name, country, z) : (Guid?)null;
                var id = exhibitor is null ? await expo.OrganisationAsync(name, country) : await db.Exhibitors.Where(x => x.Id == exhibitor).Select(x => x.OrganisationId).SingleAsync(Ct);
                var org = (await db.Organisations.FindAsync([id], Ct))!;
                (org.Size, org.Type) = (size, type);
                await db.SaveChangesAsync(Ct);
                return id;
            }

            var alpha = await Org("Alpha Cells", "CHN", SizeClass.Large, OrganisationType.Enterprise, expo.Zone);
            var beta = await Org("Beta Motors", "DEU", SizeClass.Sme, OrganisationType.Enterprise, expo.Zone);
            await Org("Zeta Idle", "CHN", SizeClass.Sme, OrganisationType.Enterprise, expo.Zone);
            var gamma = await Org("Gamma Dairy", "NZL", SizeClass.Sme, OrganisationType.Enterprise, agriculture);
            var delta = await Org("Delta Institute", "CHN", SizeClass.Sme, OrganisationType.UniversityOrResearch, agriculture);
            var epsilon = await Org("Epsilon Buyers", "HKG", SizeClass.Large, OrganisationType.Enterprise, null);

            void Ask(Guid? edition, Guid from, Guid to, MeetingPriority priority, MeetingRequestStatus status, double answeredAfterHours = 0, bool calledOff = false)
            {
                var open = status is MeetingRequestStatus.Pending or MeetingRequestStatus.Accepted;
                var request = new MeetingRequest
                {
                    Id = Guid.NewGuid(), EditionId = edition, FromOrganisationId = from, ToOrganisationId = to, CreatedByUserId = "test", Priority = priority, Status = status,
                    OpenPairKey = open ? MeetingRequest.PairKey(from, to, edition) : null, AwaitingOrganisationId = status == MeetingRequestStatus.Pending ? to : null,
                    CreatedAt = T0, UpdatedAt = T0.AddHours(answeredAfterHours + (calledOff ? 12 : 0)), ExpiresAt = T0.AddDays(7),
                };
                db.MeetingRequests.Add(request);
                if (status == MeetingRequestStatus.Accepted || calledOff)
                {
                    db.Meetings.Add(new Meeting
                    {
                        Id = Guid.NewGuid(), RequestId = request.Id, EditionId = edition, OrganisationA = from, OrganisationB = to, Priority = priority,
                        Minutes = 30, Status = calledOff ? MeetingStatus.Cancelled : MeetingStatus.Confirmed, CreatedAt = T0.AddHours(answeredAfterHours),
                    });
                }
            }

            var e = expo.Edition;
            Ask(e, alpha, beta, MeetingPriority.MustMeet, MeetingRequestStatus.Accepted, 2);
            Ask(e, beta, gamma, MeetingPriority.WouldLike, MeetingRequestStatus.Declined, 4);
            Ask(e, gamma, alpha, MeetingPriority.WouldLike, MeetingRequestStatus.Accepted, 6);
            Ask(e, delta, alpha, MeetingPriority.MustMeet, MeetingRequestStatus.Cancelled, 8, calledOff: true);
            Ask(e, epsilon, alpha, MeetingPriority.WouldLike, MeetingRequestStatus.Pending);
            Ask(e, epsilon, delta, MeetingPriority.WouldLike, MeetingRequestStatus.Expired, 24 * 7);
            Ask(e, beta, delta, MeetingPriority.WouldLike, MeetingRequestStatus.Cancelled, 3);
            Ask(e, delta, gamma, MeetingPriority.MustMeet, MeetingRequestStatus.Accepted, 1);
            Ask(null, alpha, beta, MeetingPriority.MustMeet, MeetingRequestStatus.Accepted, 50);
            await db.SaveChangesAsync(Ct);
            return new World(e);
        }
    }
}
