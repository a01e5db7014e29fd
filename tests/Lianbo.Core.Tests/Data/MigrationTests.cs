using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Data;

public class MigrationTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Migrations_create_every_table_and_match_the_model(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.CreateContext();

        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        await DatabaseProvider.MigrateAsync(db, TestContext.Current.CancellationToken);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        // A model change without a migration for this provider fails here.
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations are behind the model: add a migration (see LianboDbContext).");
        Assert.Equal(0, await db.Countries.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.HsCodes.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void An_unknown_provider_names_the_setting()
    {
        var options = new LianboOptions { Database = new DatabaseOptions { Provider = "oracle" } };

        var error = Assert.Throws<ConfigurationException>(() => DatabaseProvider.CreateContext(options));

        Assert.Equal(DatabaseProvider.ProviderSetting, error.Setting);
        Assert.Contains("oracle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_names_the_setting()
    {
        var options = new LianboOptions { Database = new DatabaseOptions { Provider = "postgres" } };

        var error = Assert.Throws<ConfigurationException>(() => DatabaseProvider.CreateContext(options));

        Assert.Equal(DatabaseProvider.ConnectionSetting, error.Setting);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_server_names_the_setting()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var options = new LianboOptions
        {
            Database = new DatabaseOptions { Provider = "postgres", ConnectionString = "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=3" },
        };
        await using var db = DatabaseProvider.CreateContext(options);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => DatabaseProvider.MigrateAsync(db, TestContext.Current.CancellationToken));

        Assert.Equal(DatabaseProvider.ConnectionSetting, error.Setting);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }
}
