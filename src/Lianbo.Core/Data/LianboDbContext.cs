using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Data;

// The platform store. Each provider has its own derived context so that each keeps its own migrations.
// After changing the model, add a migration for both (from the repository root):
//   dotnet ef migrations add NAME -p src/Lianbo.Core -c SqliteLianboDbContext -o Data/Migrations/Sqlite
//   dotnet ef migrations add NAME -p src/Lianbo.Core -c PostgresLianboDbContext -o Data/Migrations/Postgres
public abstract class LianboDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Country> Countries => Set<Country>();
    public DbSet<CountryGroup> CountryGroups => Set<CountryGroup>();
    public DbSet<CountryGroupMember> CountryGroupMembers => Set<CountryGroupMember>();
    public DbSet<HsSection> HsSections => Set<HsSection>();
    public DbSet<HsCode> HsCodes => Set<HsCode>();
    public DbSet<ReferenceFile> ReferenceFiles => Set<ReferenceFile>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LianboDbContext).Assembly);
}

public sealed class SqliteLianboDbContext(DbContextOptions<SqliteLianboDbContext> options) : LianboDbContext(options);

public sealed class PostgresLianboDbContext(DbContextOptions<PostgresLianboDbContext> options) : LianboDbContext(options);
