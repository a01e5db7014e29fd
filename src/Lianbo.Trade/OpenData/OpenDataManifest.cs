using System.Text.Json;

namespace Lianbo.Trade.OpenData;

/// <summary>
/// One shipped indicator file: which columns hold the country (ISO alpha-3), the year and the value, and the indicator
/// id each series becomes. A long file names its series column in <see cref="Code"/> and maps each code it uses; a file
/// of one series maps the empty code. Rows of codes not mapped are other series of the file, not read.
/// </summary>
public sealed record OpenSeries(
    string File, string Country, string Year, string Value, IReadOnlyDictionary<string, string> Indicators, string Source, string Licence, string? Code = null);

/// <summary>
/// The shipped bilateral panel: its columns, the agreement-in-force column (0: none) and the prefix of its provision
/// dummies, how many provisions make an agreement deep, and the dataset key it is stored under.
/// </summary>
public sealed record OpenTrade(
    string File, string Exporter, string Importer, string Year, string Value, string Agreement, string ProvisionsPrefix, int DeepProvisions,
    string Source, string Revision, string Unit, string SourceText, string Licence, IReadOnlyDictionary<string, string> NotCountries);

/// <summary>What the product ships under <c>open/</c> (<c>data/open/open-data.json</c>): the indicator files and the trade panel.</summary>
public sealed record OpenDataManifest(IReadOnlyList<OpenSeries> Series, OpenTrade Trade)
{
    public const string FileName = "open-data.json";

    /// <summary>Where the build copies <c>data/open</c>.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "open");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static OpenDataManifest Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new TradeDataException(path, null, TradeText.Format("FileNotFound"));
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<OpenDataManifest>(stream, Json) ?? throw new TradeDataException(FileName, null, TradeText.Format("IndexEmpty"));
        }
        catch (JsonException e)
        {
            throw new TradeDataException(FileName, e.LineNumber + 1, e.Message);
        }
    }

    /// <summary>Every file the manifest names, the manifest first, as paths relative to its folder.</summary>
    public IEnumerable<string> Files => [FileName, .. Series.Select(s => s.File), Trade.File];

    /// <summary>The indicator ids the shipped series and the panel yield, with their source and licence.</summary>
    public IEnumerable<(string Indicator, string Source, string Licence)> Indicators =>
        Series.SelectMany(s => s.Indicators.Values.Select(i => (i, s.Source, s.Licence)))
            .Concat(OpenDataLoader.RulesIndicators.Select(i => (i, OpenDataLoader.RulesSource(Trade), Trade.Licence)));
}
