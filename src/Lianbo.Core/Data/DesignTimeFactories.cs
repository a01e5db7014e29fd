using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lianbo.Core.Data;

// Used only by `dotnet ef migrations add`: the connection strings are placeholders, never opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLianboDbContext>
{
    public SqliteLianboDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLianboDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLianboDbContext>
{
    public PostgresLianboDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLianboDbContext>().UseNpgsql("Host=localhost;Database=lianbo_design").Options);
}
