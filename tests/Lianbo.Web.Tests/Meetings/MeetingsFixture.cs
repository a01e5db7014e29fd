using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Lianbo.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Meetings;

/// <summary>Pending requests to one organisation, one per answer to try, each from its own asker so that they can all be open at once.</summary>
public sealed record MeetingsFixture(Guid ToAccept, Guid ToDecline, Guid ToCounter, Guid ToCancel)
{
    public static Task<MeetingsFixture> CreateAsync(LianboApp app, Guid to) => app.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<LianboDbContext>();
        var now = DateTimeOffset.UtcNow;
        Guid Ask(string name)
        {
            var from = new Organisation { Id = Guid.NewGuid(), NameEn = name, NameZh = name + "公司", CountryIso3 = "DEU", IsPublic = true, CreatedAt = now };
            var request = new MeetingRequest
            {
                Id = Guid.NewGuid(), FromOrganisationId = from.Id, ToOrganisationId = to, CreatedByUserId = "fixture", Status = MeetingRequestStatus.Pending,
                AwaitingOrganisationId = to, OpenPairKey = MeetingRequest.PairKey(from.Id, to, null), CreatedAt = now, UpdatedAt = now, ExpiresAt = now.AddDays(7),
            };
            db.Organisations.Add(from);
            db.MeetingRequests.Add(request);
            return request.Id;
        }

        var fixture = new MeetingsFixture(Ask("Asker One"), Ask("Asker Two"), Ask("Asker Three"), Ask("Asker Four"));
        await db.SaveChangesAsync();
        return fixture;
    });

    public static object Slots(int daysAhead) => new { slots = new[] { new { startsAt = DateTimeOffset.UtcNow.Date.AddDays(daysAhead).AddHours(2), minutes = 30 } } };
}
