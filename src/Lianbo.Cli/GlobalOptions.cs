using System.CommandLine;
using Lianbo.Core.Data;
using Microsoft.Extensions.Configuration;

namespace Lianbo.Cli;

/// <summary>The options every command takes, and the configuration they override.</summary>
internal sealed class GlobalOptions
{
    public const string DataDirectorySetting = $"{LianboOptions.Section}:{nameof(LianboOptions.DataDirectory)}";

    private readonly Option<string> dataDirectory = new("--data-dir")
    {
        Description = CliText.Format("DataDirOption", DataDirectorySetting),
        HelpName = "DIR",
        Recursive = true,
    };

    private readonly Option<string> provider = new("--db-provider")
    {
        Description = CliText.Format("DbProviderOption", DatabaseProvider.ProviderSetting),
        HelpName = $"{DatabaseProvider.Sqlite}|{DatabaseProvider.Postgres}",
        Recursive = true,
    };

    private readonly Option<string> connection = new("--db-connection")
    {
        Description = CliText.Format("DbConnectionOption", DatabaseProvider.ConnectionSetting),
        HelpName = "CONNECTION",
        Recursive = true,
    };

    // Any other setting, as the web app takes them on its command line (--Lianbo:Keys:Store=database there).
    private readonly Option<string[]> set = CreateSet();

    public IEnumerable<Option> All => [dataDirectory, provider, connection, set];

    private static Option<string[]> CreateSet()
    {
        var option = new Option<string[]>("--set")
        {
            Description = CliText.Format("SetOption"),
            HelpName = "KEY=VALUE",
            Recursive = true,
        };
        option.Validators.Add(r =>
        {
            foreach (var pair in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (pair.IndexOf('=', StringComparison.Ordinal) < 1)
                {
                    r.AddError(CliText.Format("SetOptionMalformed", pair));
                }
            }
        });
        return option;
    }

    /// <summary>The settings given on the command line, under the configuration keys they override.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Given(ParseResult result) =>
        (result.GetValue(set) ?? []).Select(pair => KeyValuePair.Create(pair[..pair.IndexOf('=', StringComparison.Ordinal)].Trim(), (string?)pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]))
        .Concat(new[]
        {
            KeyValuePair.Create(DataDirectorySetting, result.GetValue(dataDirectory)),
            KeyValuePair.Create(DatabaseProvider.ProviderSetting, result.GetValue(provider)),
            KeyValuePair.Create(DatabaseProvider.ConnectionSetting, result.GetValue(connection)),
        }).Where(s => s.Value is not null);

    /// <summary>
    /// The usual .NET order, later wins: appsettings.json beside the program, environment variables
    /// (<c>Lianbo__Database__Provider</c>), then the options on the command line.
    /// </summary>
    public LianboOptions Resolve(ParseResult result) => Resolve(Configuration(result));

    public IConfiguration Configuration(ParseResult result)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(Given(result))
            .Build();
        MoveLegacyState(configuration, result.InvocationConfiguration.Error);
        return configuration;
    }

    // An install from before state and shipped data were apart keeps working from any command, not only `serve`.
    private static void MoveLegacyState(IConfiguration configuration, TextWriter error)
    {
        var state = configuration[DataDirectorySetting] is { Length: > 0 } given ? given : StateDirectory.Default;
        var moved = StateDirectory.MoveLegacyState(state, StateDirectory.Legacy, Web.Platform.KeyRing.Leaked);
        if (moved.Count > 0)
        {
            error.WriteLine(CliText.Format("StateMoved", Path.GetFullPath(StateDirectory.Legacy), Path.GetFullPath(state), string.Join(", ", moved)));
        }
    }

    public static LianboOptions Resolve(IConfiguration configuration)
    {
        var options = configuration.GetSection(LianboOptions.Section).Get<LianboOptions>() ?? new LianboOptions();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new ConfigurationException(DataDirectorySetting, CliText.Format("SettingEmpty"));
        }

        return options;
    }
}
