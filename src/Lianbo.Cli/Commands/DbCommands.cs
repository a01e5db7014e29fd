using System.CommandLine;
using System.Data.Common;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Commands;

/// <summary><c>lianbo db migrate</c>.</summary>
internal static class DbCommands
{
    public static Command Create(GlobalOptions global)
    {
        var migrate = new Command("migrate", CliText.Format("DbMigrateDescription"));
        migrate.SetAction(async (result, ct) =>
        {
            await using var db = DatabaseProvider.CreateContext(global.Resolve(result));
            var output = result.InvocationConfiguration.Output;
            if ((await MigrateAsync(db, output, ct)).Count == 0)
            {
                output.WriteLine(CliText.Format("NothingToMigrate"));
            }

            return 0;
        });
        return new Command("db", CliText.Format("DbDescription")) { migrate };
    }

    /// <summary>Brings the schema up to date, saying which store it is and which migrations it applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(LianboDbContext db, TextWriter output, CancellationToken ct)
    {
        output.WriteLine(CliText.Format("Store", Describe(db)));
        List<string> pending;
        try
        {
            pending = [.. await db.Database.GetPendingMigrationsAsync(ct)];
        }
        catch (Exception e) when (e is DbException or InvalidOperationException { InnerException: DbException })
        {
            // An unreachable store: MigrateAsync fails the same way, with a message that names the setting.
            await DatabaseProvider.MigrateAsync(db, ct);
            throw;
        }

        await DatabaseProvider.MigrateAsync(db, ct);
        if (pending.Count > 0)
        {
            output.WriteLine(CliText.Format("MigrationsApplied", pending.Count, string.Join(", ", pending)));
        }

        return pending;
    }

    // Names the store without its credentials: the file for SQLite, the server and database for PostgreSQL.
    private static string Describe(LianboDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        return db is SqliteLianboDbContext
            ? $"SQLite {Path.GetFullPath(connection.DataSource)}"
            : $"PostgreSQL {connection.DataSource}/{connection.Database}";
    }
}
