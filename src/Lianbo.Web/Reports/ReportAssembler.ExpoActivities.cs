using Lianbo.Core.Expo;
using Lianbo.Core.Meetings;

namespace Lianbo.Web.Reports;

public sealed partial class ReportAssembler
{
    /// <summary>Launches, joint exhibits, the matchmaking funnel by chain, support for least developed countries and initiatives.</summary>
    private async Task ExpoActivitiesAsync(Edition edition, Numbering chapter, List<ReportBlock> blocks, SourceLine source, CancellationToken ct)
    {
        if (await new ExpoReportQueries(db).ComputeAsync(edition.Id, ct: ct) is not { } expo)
        {
            return;
        }

        string Chain(string? zh, string? en) => (Zh ? zh : en) ?? T("Report.Expo.NoChain");

        // Launches.
        blocks.Add(Section(chapter, "ch5-launches", T("Report.Expo.LaunchesSection")));
        blocks.Add(new Paragraph(T("Report.Expo.LaunchesText", Number(expo.Launches.Total),
            List(expo.Launches.ByKind.Where(k => k.Launches > 0).Select(k => $"{Display.Of(k.Kind)} {Number(k.Launches)}")))));
        var byChain = expo.Launches.ByChain.Where(c => c.Launches > 0).ToList();
        if (byChain.Count > 0)
        {
            blocks.Add(Table(chapter, "ch5-launches-by-chain", T("Report.Expo.LaunchesByChainCaption", edition.Number),
                [new(T("Report.Expo.Chain")), new(T("Report.Expo.Launches"), true)],
                [.. byChain.Select(c => (IReadOnlyList<string>)[Chain(c.ChainZh, c.ChainEn), Number(c.Launches)])], source));
        }

        if (expo.Launches.Recent.Count > 0)
        {
            blocks.Add(Table(chapter, "ch5-launches-list", T("Report.Expo.LaunchesListCaption", expo.Launches.Recent.Count),
                [new(T("Report.Expo.LaunchTitle")), new(T("Report.Expo.LaunchKind")), new(T("Report.Expo.Exhibitor")), new(T("Report.Expo.Chain"))],
                [.. expo.Launches.Recent.Select(l => (IReadOnlyList<string>)[Zh ? l.TitleZh : l.TitleEn, Display.Of(l.Kind),
                    Zh ? l.OrganisationZh : l.OrganisationEn, Chain(l.ChainZh, l.ChainEn)])], source));
        }

        // Joint exhibits: whole chains drawn by exhibitors together.
        blocks.Add(Section(chapter, "ch5-joint", T("Report.Expo.JointSection")));
        blocks.Add(expo.JointExhibits.Count == 0
            ? new Paragraph(T("Report.Expo.JointNone"))
            : Table(chapter, "ch5-joint-table", T("Report.Expo.JointCaption", expo.JointExhibits.Count),
                [new(T("Report.Expo.JointName")), new(T("Report.Expo.Stages"), true), new(T("Report.Expo.Exhibitors"), true), new(T("Report.Expo.CountriesShort"))],
                [.. expo.JointExhibits.Select(j => (IReadOnlyList<string>)[Zh ? j.NameZh : j.NameEn, Number(j.Path.Select(p => p.StageId).Distinct().Count()),
                    Number(j.Path.Select(p => p.OrganisationId).Distinct().Count()),
                    List(j.Path.Select(p => p.CountryIso3).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(CountryName))])],
                source));

        // The matchmaking funnel by chain.
        blocks.Add(Section(chapter, "ch5-funnel", T("Report.Expo.FunnelSection")));
        if (await MatchmakingFunnel.ComputeAsync(db, edition.Id, ct) is { } funnel)
        {
            var rows = funnel.Chains.Where(r => r.Requests + r.Intentions + r.Agreements > 0).Append(funnel.Total)
                .Select(r => (IReadOnlyList<string>)[r == funnel.Total ? T("Report.Expo.Total") : Chain(r.ChainZh, r.ChainEn),
                    Number(r.Requests), Number(r.Accepted), Number(r.MeetingsConfirmed),
                    funnel.AttendanceRecorded ? Number(r.MeetingsHeld) : "–", Number(r.Intentions), Number(r.Agreements), Display.Yuan(r.AgreementValueCny)])
                .ToList();
            blocks.Add(Table(chapter, "ch5-funnel-table", T("Report.Expo.FunnelCaption", edition.Number),
                [new(T("Report.Expo.Chain")), new(T("Report.Expo.Requests"), true), new(T("Report.Expo.Accepted"), true), new(T("Report.Expo.Confirmed"), true),
                 new(T("Report.Expo.Held"), true), new(T("Report.Expo.Intentions"), true), new(T("Report.Expo.Agreements"), true), new(T("Report.Expo.AgreementValue"), true)],
                rows, source));
            if (!funnel.RecommendationsRecorded)
            {
                blocks.Add(new Paragraph(T("Report.Expo.NoRecommendations"), "ch5-funnel-recommendations"));
            }

            if (!funnel.AttendanceRecorded)
            {
                blocks.Add(new Paragraph(T("Report.Expo.NoAttendance"), "ch5-funnel-attendance"));
            }
        }

        // Support for least developed countries.
        blocks.Add(Section(chapter, "ch5-support", T("Report.Expo.SupportSection")));
        blocks.Add(expo.Support.Programmes.Count == 0
            ? new Paragraph(T("Report.Expo.SupportNone"))
            : Table(chapter, "ch5-support-table", T("Report.Expo.SupportCaption", edition.Number),
                [new(T("Report.Expo.Programme")), new(T("Report.Expo.Eligible"), true), new(T("Report.Expo.CountriesShort"), true), new(T("Report.Expo.FromLdc"), true)],
                [.. expo.Support.Programmes.Select(p => (IReadOnlyList<string>)[Zh ? p.NameZh : p.NameEn, Number(p.EligibleExhibitors), Number(p.EligibleCountries), Number(p.FromLdc)])],
                source));
        if (expo.Support.Programmes.Count > 0 && !expo.Support.SupportedRecorded)
        {
            blocks.Add(new Paragraph(T("Report.Expo.SupportEligibleOnly")));
        }

        // Initiatives.
        blocks.Add(Section(chapter, "ch5-initiatives", T("Report.Expo.InitiativesSection")));
        if (expo.Initiatives.Count == 0)
        {
            blocks.Add(new Paragraph(T("Report.Expo.InitiativesNone")));
        }

        foreach (var initiative in expo.Initiatives)
        {
            blocks.Add(new Paragraph(T("Report.Expo.Initiative", Zh ? initiative.TitleZh : initiative.TitleEn, Display.Date(initiative.PublishedOn), Number(initiative.Endorsements))));
            blocks.Add(new Paragraph(Zh ? initiative.FirstParagraphZh : initiative.FirstParagraphEn));
        }
    }
}
