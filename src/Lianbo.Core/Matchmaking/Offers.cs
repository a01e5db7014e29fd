using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Matchmaking;

/// <summary>One product (HS 2022 code) or chain stage (chain/stage) an organisation offers, and who set it.</summary>
public sealed record OfferItem(string Code, bool ByOrganiser);

/// <summary>What an organisation offers: the organiser's items and its own, together.</summary>
public sealed record OffersDto(IReadOnlyList<OfferItem> Products, IReadOnlyList<OfferItem> Stages);

/// <summary>One side's list of products and stages: the organisation's own when its admin sends it, the organiser's when an organiser does.</summary>
public sealed record OffersUpdate(IReadOnlyList<string>? Products, IReadOnlyList<string>? Stages);

/// <summary>
/// What an organisation offers (the products and chain stages the recommender, the chains and the directory read), kept
/// in two lists in one table: the organiser's (the exhibitor import, an organiser's edits) and the organisation's own.
/// Each side replaces only its own list, so the organisation's admin can add to what the organiser set but never
/// silently remove or overwrite it, and the pages show whose each item is. An item both set is the organiser's.
/// </summary>
public sealed class Offers(LianboDbContext db, AuditLog audit, Matchmaker matchmaker)
{
    public async Task<Outcome<OffersDto>> GetAsync(Viewer viewer, Guid organisation, CancellationToken ct = default)
    {
        if (!viewer.BelongsTo(organisation) && !viewer.IsOrganiser)
        {
            return Outcome<OffersDto>.Forbidden(Messages.Format("MatchOwnOnly"));
        }

        var org = await db.Organisations.AsNoTracking().Include(o => o.Products).Include(o => o.Stages).AsSplitQuery().FirstOrDefaultAsync(o => o.Id == organisation, ct);
        return org is null ? Outcome<OffersDto>.NotFound(Messages.Format("OrganisationNotFound")) : Outcome<OffersDto>.Ok(ToDto(org));
    }

    public async Task<Outcome<OffersDto>> SaveAsync(Viewer viewer, Guid organisation, OffersUpdate input, CancellationToken ct = default)
    {
        if (!(viewer.BelongsTo(organisation) && viewer.IsOrganisationAdmin) && !viewer.IsOrganiser)
        {
            return Outcome<OffersDto>.Forbidden(Messages.Format("MatchProfileAdminsOnly"));
        }

        var org = await db.Organisations.Include(o => o.Products).Include(o => o.Stages).AsSplitQuery().FirstOrDefaultAsync(o => o.Id == organisation, ct);
        if (org is null)
        {
            return Outcome<OffersDto>.NotFound(Messages.Format("OrganisationNotFound"));
        }

        var errors = new FieldErrors();
        var products = await MatchProfiles.CheckHsAsync(db, errors, "products", input.Products ?? [], ct);
        var stages = await MatchProfiles.CheckStagesAsync(db, errors, "stages", input.Stages ?? [], ct);
        if (errors.Any)
        {
            return Outcome<OffersDto>.Invalid(errors.ToDictionary());
        }

        // The sender's side: an organiser speaks for the organiser's list, anyone else (its admin) for the organisation's own.
        var participant = !viewer.IsOrganiser;
        var before = ToDto(org);
        Replace(org.Products, products, p => p.Hs, participant, hs => new OrganisationProduct { OrganisationId = organisation, Hs = hs });
        Replace(org.Stages, stages, s => $"{s.ChainId}/{s.StageId}", participant, key =>
        {
            var parts = key.Split('/', 2);
            return new OrganisationStage { OrganisationId = organisation, ChainId = parts[0], StageId = parts[1] };
        });
        audit.Record(viewer, "organisation.offers", nameof(Organisation), organisation.ToString(), before, ToDto(org));
        await db.SaveChangesAsync(ct);
        await matchmaker.RefreshAsync(db, organisation, ct);
        return Outcome<OffersDto>.Ok(ToDto(org));
    }

    /// <summary>
    /// Makes <paramref name="chosen"/> one side's list: that side's rows not chosen go, chosen codes the side lacks come.
    /// An organiser's choice takes over the organisation's own row of the same code; the organisation's never takes the organiser's.
    /// </summary>
    internal static void Replace<TRow>(List<TRow> rows, IReadOnlyCollection<string> chosen, Func<TRow, string> code, bool participant, Func<string, TRow> create)
        where TRow : IOfferRow
    {
        rows.RemoveAll(r => r.SetByParticipant == participant && !chosen.Contains(code(r)));
        foreach (var row in rows.Where(r => !participant && chosen.Contains(code(r))))
        {
            row.SetByParticipant = false;
        }

        // Rows that stay are kept as they are, since deleting and adding the same key in one save is what EF cannot track.
        foreach (var added in chosen.Where(c => rows.All(r => code(r) != c)).ToList())
        {
            var row = create(added);
            row.SetByParticipant = participant;
            rows.Add(row);
        }
    }

    private static OffersDto ToDto(Organisation o) => new(
        [.. o.Products.OrderBy(p => p.Hs, StringComparer.Ordinal).Select(p => new OfferItem(p.Hs, !p.SetByParticipant))],
        [.. o.Stages.Select(s => new OfferItem($"{s.ChainId}/{s.StageId}", !s.SetByParticipant)).OrderBy(s => s.Code, StringComparer.Ordinal)]);
}
