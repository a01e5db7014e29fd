using System.CommandLine;
using Lianbo.Core.Data;

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
        output.WriteLine(CliText.Format("Store", DatabaseProvider.Describe(db)));
        var applied = await DatabaseProvider.MigrateAsync(db, ct);
        if (applied.Count > 0)
        {
            output.WriteLine(CliText.Format("MigrationsApplied", applied.Count, string.Join(", ", applied)));
        }

        return applied;
    }
}
