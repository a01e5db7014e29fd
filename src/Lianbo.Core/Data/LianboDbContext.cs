using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Expo;
using Lianbo.Core.Reference;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lianbo.Core.Data;

// The platform store. Each provider has its own derived context so that each keeps its own migrations.
// After changing the model, add a migration for both (from the repository root):
//   dotnet ef migrations add NAME -p src/Lianbo.Core -c SqliteLianboDbContext -o Data/Migrations/Sqlite
//   dotnet ef migrations add NAME -p src/Lianbo.Core -c PostgresLianboDbContext -o Data/Migrations/Postgres
public abstract class LianboDbContext(DbContextOptions options) : IdentityDbContext<LianboUser>(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring when <c>Lianbo:Keys:Store</c> is <c>database</c> (shared by every web node).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Country> Countries => Set<Country>();
    public DbSet<CountryGroup> CountryGroups => Set<CountryGroup>();
    public DbSet<CountryGroupMember> CountryGroupMembers => Set<CountryGroupMember>();
    public DbSet<HsSection> HsSections => Set<HsSection>();
    public DbSet<HsCode> HsCodes => Set<HsCode>();
    public DbSet<HsConversion> HsConversions => Set<HsConversion>();
    public DbSet<ReferenceFile> ReferenceFiles => Set<ReferenceFile>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<ContactGrant> ContactGrants => Set<ContactGrant>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Chain> Chains => Set<Chain>();
    public DbSet<OrganisationProduct> OrganisationProducts => Set<OrganisationProduct>();
    public DbSet<OrganisationStage> OrganisationStages => Set<OrganisationStage>();
    public DbSet<Edition> Editions => Set<Edition>();
    public DbSet<Zone> Zones => Set<Zone>();
    public DbSet<Hall> Halls => Set<Hall>();
    public DbSet<Booth> Booths => Set<Booth>();
    public DbSet<Exhibitor> Exhibitors => Set<Exhibitor>();
    public DbSet<ExhibitorPartner> ExhibitorPartners => Set<ExhibitorPartner>();
    public DbSet<JointExhibit> JointExhibits => Set<JointExhibit>();
    public DbSet<Launch> Launches => Set<Launch>();
    public DbSet<ExpoEvent> Events => Set<ExpoEvent>();
    public DbSet<ExpoOutcome> Outcomes => Set<ExpoOutcome>();
    public DbSet<Initiative> Initiatives => Set<Initiative>();
    public DbSet<SupportProgramme> SupportProgrammes => Set<SupportProgramme>();
    public DbSet<Matchmaking.MatchProfile> MatchProfiles => Set<Matchmaking.MatchProfile>();
    public DbSet<Meetings.MeetingRequest> MeetingRequests => Set<Meetings.MeetingRequest>();
    public DbSet<Meetings.ProposedSlot> ProposedSlots => Set<Meetings.ProposedSlot>();
    public DbSet<Meetings.Meeting> Meetings => Set<Meetings.Meeting>();
    public DbSet<Meetings.Notice> Notices => Set<Meetings.Notice>();
    public DbSet<Meetings.ProcurementNeed> ProcurementNeeds => Set<Meetings.ProcurementNeed>();
    public DbSet<Meetings.NeedSupplier> NeedSuppliers => Set<Meetings.NeedSupplier>();
    public DbSet<Scheduling.EditionSchedule> EditionSchedules => Set<Scheduling.EditionSchedule>();
    public DbSet<Scheduling.MeetingTable> MeetingTables => Set<Scheduling.MeetingTable>();
    public DbSet<Scheduling.SlotHold> SlotHolds => Set<Scheduling.SlotHold>();
    public DbSet<Scheduling.ScheduleDraft> ScheduleDrafts => Set<Scheduling.ScheduleDraft>();
    public DbSet<Scheduling.DraftEntry> DraftEntries => Set<Scheduling.DraftEntry>();
    public DbSet<Scheduling.CalendarFeed> CalendarFeeds => Set<Scheduling.CalendarFeed>();
    public DbSet<Lianbo.Core.Scenarios.Scenario> Scenarios => Set<Lianbo.Core.Scenarios.Scenario>();
    public DbSet<Lianbo.Core.Scenarios.ScenarioVersion> ScenarioVersions => Set<Lianbo.Core.Scenarios.ScenarioVersion>();
    public DbSet<Lianbo.Core.Scenarios.ScenarioRun> ScenarioRuns => Set<Lianbo.Core.Scenarios.ScenarioRun>();
    public DbSet<Lianbo.Core.Reports.BuiltReport> BuiltReports => Set<Lianbo.Core.Reports.BuiltReport>();
    public DbSet<Lianbo.Core.Reports.BuiltReportFile> BuiltReportFiles => Set<Lianbo.Core.Reports.BuiltReportFile>();
    public DbSet<Lianbo.Core.Reports.ReportScenarioMark> ReportScenarioMarks => Set<Lianbo.Core.Reports.ReportScenarioMark>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LianboDbContext).Assembly);
    }

    /// <summary>
    /// Saves, linking new audit entries into the chain in the same transaction: the caller's, or one begun here,
    /// so that the entries and the change they describe are written together and appenders take turns.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        List<AuditEntry> added = [.. ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)];
        if (added.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Database.CurrentTransaction is not null)
        {
            await AuditChain.LinkAsync(this, added, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // Inside the execution strategy, so that a provider configured to retry runs the whole transaction again.
        var saved = await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await Database.BeginTransactionAsync(ct);
            await AuditChain.LinkAsync(this, added, ct);
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await transaction.CommitAsync(ct);
            return count;
        }, cancellationToken);
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }

        return saved;
    }

    /// <summary>Linking reads the chain's head from the database, which a synchronous save would block on; audit entries need SaveChangesAsync.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added)
            ? throw new InvalidOperationException("Audit entries are linked into their chain by SaveChangesAsync; save them with it.")
            : base.SaveChanges(acceptAllChangesOnSuccess);
}

public sealed class SqliteLianboDbContext(DbContextOptions<SqliteLianboDbContext> options) : LianboDbContext(options)
{
    // SQLite has no date-time type: as text, DateTimeOffset cannot be compared or sorted in SQL; as a number it can.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}

public sealed class PostgresLianboDbContext(DbContextOptions<PostgresLianboDbContext> options) : LianboDbContext(options);
