using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Lianbo.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Meetings;

/// <summary>
/// Pending requests to one organisation, one per answer to try, each from its own asker so that they can all be open at
/// once (the one to withdraw sent by the organisation itself); and procurement needs of that organisation at an edition: an open one, one with suppliers chosen, one to close.
/// </summary>
public sealed record MeetingsFixture(Guid ToAccept, Guid ToDecline, Guid ToCounter, Guid ToCancel, Guid OpenNeed, Guid ChosenNeed, Guid NeedToClose, Guid Supplier)
{
    public static Task<MeetingsFixture> CreateAsync(LianboApp app, Guid to, Guid edition) => app.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<LianboDbContext>();
        var now = DateTimeOffset.UtcNow;
        // Asked of the organisation, or (outgoing) asked by it: only the asker may withdraw a request.
        Guid Ask(string name, bool outgoing = false)
        {
            var other = new Organisation { Id = Guid.NewGuid(), NameEn = name, NameZh = name + "公司", CountryIso3 = "DEU", IsPublic = true, CreatedAt = now };
            var (from, asked) = outgoing ? (to, other.Id) : (other.Id, to);
            var request = new MeetingRequest
            {
                Id = Guid.NewGuid(), FromOrganisationId = from, ToOrganisationId = asked, CreatedByUserId = "fixture", Status = MeetingRequestStatus.Pending,
                AwaitingOrganisationId = asked, OpenPairKey = MeetingRequest.PairKey(from, asked, null), CreatedAt = now, UpdatedAt = now, ExpiresAt = now.AddDays(7),
            };
            db.Organisations.Add(other);
            db.MeetingRequests.Add(request);
            return request.Id;
        }

        Guid Need(string title, NeedStatus status, Guid? supplier = null)
        {
            var need = new ProcurementNeed
            {
                Id = Guid.NewGuid(), EditionId = edition, BuyerOrganisationId = to, CreatedByUserId = "fixture", Title = title, NeedHs = "8507", Status = status,
                CreatedAt = now, UpdatedAt = now, Suppliers = supplier is { } id ? [new NeedSupplier { OrganisationId = id, Score = 0.5 }] : [],
            };
            db.ProcurementNeeds.Add(need);
            return need.Id;
        }

        var first = Ask("Asker One");
        var supplier = db.MeetingRequests.Local.Single(r => r.Id == first).FromOrganisationId;
        var fixture = new MeetingsFixture(first, Ask("Asker Two"), Ask("Asker Three"), Ask("Asked Four", outgoing: true),
            Need("Cells", NeedStatus.Open), Need("Anodes", NeedStatus.Chosen, supplier), Need("Separators", NeedStatus.Open), supplier);
        await db.SaveChangesAsync();
        return fixture;
    });

    public static object Slots(int daysAhead) => new { slots = new[] { new { startsAt = DateTimeOffset.UtcNow.Date.AddDays(daysAhead).AddHours(2), minutes = 30 } } };
}
