using System.ComponentModel;
using System.Globalization;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Lianbo.Matching;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Matchmaking;

/// <summary>A product the recommender reads from an organisation's offer or need text.</summary>
public sealed record ReadProductDto(
    [property: Description("True for the offer text, false for the need text.")] bool Offered,
    [property: Description("HS 2022 code (heading or subheading).")] string Hs,
    [property: Description("The code's name in the request's language.")] string Name,
    [property: Description("The words of the text that named it, as written.")] string Words,
    [property: Description("Removed by the organisation: the recommender no longer reads it.")] bool Removed);

public enum ReadProductDecision
{
    /// <summary>Keep it as an entered code: a needed code joins the profile's needs, an offered one the sender's offers.</summary>
    Confirm,

    /// <summary>The recommender stops reading it from the text.</summary>
    Remove,

    /// <summary>Undo a removal.</summary>
    Restore,
}

public sealed record ReadProductChange(bool? Offered, string? Hs, ReadProductDecision? Decision);

/// <summary>
/// The products the recommender reads from an organisation's texts (<see cref="ProductTerms"/>), for the organisation to
/// confirm or remove: its members and organisers see them; its admin (or an organiser) decides.
/// </summary>
public sealed class ReadProducts(LianboDbContext db, AuditLog audit, Matchmaker matchmaker, Offers offers, TimeProvider clock)
{
    public async Task<Outcome<List<ReadProductDto>>> GetAsync(Viewer viewer, Guid organisation, CancellationToken ct = default)
    {
        if (!viewer.BelongsTo(organisation) && !viewer.IsOrganiser)
        {
            return Outcome<List<ReadProductDto>>.Forbidden(Messages.Format("MatchOwnOnly"));
        }

        if (!await db.Organisations.AnyAsync(o => o.Id == organisation, ct))
        {
            return Outcome<List<ReadProductDto>>.NotFound(Messages.Format("OrganisationNotFound"));
        }

        return Outcome<List<ReadProductDto>>.Ok(await ReadAsync(organisation, ct));
    }

    public async Task<Outcome<List<ReadProductDto>>> DecideAsync(Viewer viewer, Guid organisation, ReadProductChange change, CancellationToken ct = default)
    {
        if (!(viewer.BelongsTo(organisation) && viewer.IsOrganisationAdmin) && !viewer.IsOrganiser)
        {
            return Outcome<List<ReadProductDto>>.Forbidden(Messages.Format("MatchProfileAdminsOnly"));
        }

        if (!await db.Organisations.AnyAsync(o => o.Id == organisation, ct))
        {
            return Outcome<List<ReadProductDto>>.NotFound(Messages.Format("OrganisationNotFound"));
        }

        var errors = new FieldErrors();
        foreach (var (field, missing) in new[] { ("offered", change.Offered is null), ("hs", string.IsNullOrWhiteSpace(change.Hs)), ("decision", change.Decision is null) })
        {
            if (missing)
            {
                errors.Add(field, Messages.Format("FieldRequired", Messages.Field(field)));
            }
        }

        if (errors.Any)
        {
            return Outcome<List<ReadProductDto>>.Invalid(errors.ToDictionary());
        }

        var (offered, hs, decision) = (change.Offered!.Value, change.Hs!.Trim(), change.Decision!.Value);
        // Only what the texts name can be decided on: a code of another kind is entered on the profile or the offers.
        if (!(await ReadAsync(organisation, ct)).Any(r => r.Offered == offered && r.Hs == hs))
        {
            return Outcome<List<ReadProductDto>>.Invalid("hs", Messages.Format("ReadProductNotRead", hs));
        }

        var profile = await db.MatchProfiles.FirstOrDefaultAsync(p => p.OrganisationId == organisation, ct);
        if (profile is null)
        {
            profile = new MatchProfile { OrganisationId = organisation, Provides = PartnerTypes.None };
            db.MatchProfiles.Add(profile);
        }

        var removed = Matchmaker.Split(offered ? profile.RemovedOfferHs : profile.RemovedNeedHs);
        removed.Remove(hs);
        if (decision == ReadProductDecision.Remove)
        {
            removed.Add(hs);
        }

        if (offered)
        {
            profile.RemovedOfferHs = string.Join(',', removed);
        }
        else
        {
            profile.RemovedNeedHs = string.Join(',', removed);
            if (decision == ReadProductDecision.Confirm)
            {
                profile.NeedHs = string.Join(',', Matchmaker.Split(profile.NeedHs).Append(hs).Distinct(StringComparer.Ordinal));
            }
        }

        profile.UpdatedAt = clock.GetUtcNow();
        audit.Record(viewer, "read-product." + decision.ToString().ToLowerInvariant(), nameof(MatchProfile), organisation.ToString(), after: new { Offered = offered, Hs = hs });
        await db.SaveChangesAsync(ct);

        // A confirmed offer joins the sender's own list of products, as if picked on the offers form.
        if (offered && decision == ReadProductDecision.Confirm && (await offers.GetAsync(viewer, organisation, ct)).Value is { } current)
        {
            var own = current.Products.Where(p => p.ByOrganiser == viewer.IsOrganiser).Select(p => p.Code).Append(hs).Distinct(StringComparer.Ordinal).ToList();
            var stages = current.Stages.Where(s => s.ByOrganiser == viewer.IsOrganiser).Select(s => s.Code).ToList();
            var saved = await offers.SaveAsync(viewer, organisation, new OffersUpdate(own, stages), ct);
            if (!saved.IsValid)
            {
                return Outcome<List<ReadProductDto>>.Invalid(saved.Errors);
            }
        }
        else
        {
            await matchmaker.RefreshAsync(db, organisation, ct);
        }

        return Outcome<List<ReadProductDto>>.Ok(await ReadAsync(organisation, ct));
    }

    // What the texts name, with the removed ones marked; codes already entered (as offers or needs) are not listed.
    private async Task<List<ReadProductDto>> ReadAsync(Guid organisation, CancellationToken ct)
    {
        var (terms, _) = await matchmaker.TermsAsync(db, ct);
        var profile = await db.MatchProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.OrganisationId == organisation, ct);
        if (profile is null)
        {
            return [];
        }

        var offered = await db.OrganisationProducts.AsNoTracking().Where(p => p.OrganisationId == organisation).Select(p => p.Hs).ToListAsync(ct);
        var read = terms.Apply(new Profile
        {
            Id = organisation, NameZh = "", NameEn = "", OfferHs = offered, NeedHs = Matchmaker.Split(profile.NeedHs), OfferText = profile.OfferText, NeedText = profile.NeedText,
        }).Inferred;
        var codes = read.Select(r => r.Hs).Distinct().ToList();
        var culture = CultureInfo.CurrentUICulture;
        var names = await db.HsCodes.AsNoTracking().Where(h => h.Revision == HsRevision.Hs2022 && codes.Contains(h.Code))
            .ToDictionaryAsync(h => h.Code, h => ReferenceMappings.HsName(h.DescriptionEn, h.DescriptionZh, culture), ct);
        var (removedOffers, removedNeeds) = (Matchmaker.Split(profile.RemovedOfferHs), Matchmaker.Split(profile.RemovedNeedHs));
        return [.. read.Select(r => new ReadProductDto(r.Offered, r.Hs, names.GetValueOrDefault(r.Hs, r.Hs), r.Words,
            (r.Offered ? removedOffers : removedNeeds).Contains(r.Hs)))];
    }
}
