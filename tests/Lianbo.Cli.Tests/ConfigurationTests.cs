namespace Lianbo.Cli.Tests;

// Environment variables belong to the whole process, so these tests run alone.
[CollectionDefinition(DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(typeof(ProcessEnvironment))]
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Environment_variables_configure_the_store_and_the_command_line_wins()
    {
        await using var store = await CliStore.CreateAsync();
        try
        {
            Environment.SetEnvironmentVariable("Lianbo__DataDirectory", store.DataDirectory);
            Environment.SetEnvironmentVariable("Lianbo__Database__Provider", "oracle");

            var fromEnvironment = await Cli.RunAsync("db", "migrate");
            Assert.Equal(CliApp.UserError, fromEnvironment.ExitCode);
            Assert.Contains("Lianbo:Database:Provider", fromEnvironment.Error, StringComparison.Ordinal);

            var overridden = await Cli.RunAsync("db", "migrate", "--db-provider", "sqlite");
            Assert.Equal(0, overridden.ExitCode);
            Assert.True(File.Exists(Path.Combine(store.DataDirectory, "lianbo.db")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Lianbo__DataDirectory", null);
            Environment.SetEnvironmentVariable("Lianbo__Database__Provider", null);
        }
    }
}
