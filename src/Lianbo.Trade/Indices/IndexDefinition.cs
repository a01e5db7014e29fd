using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lianbo.Trade.Indices;

/// <summary>How raw indicator values are put on one scale (OECD/JRC Handbook, step 5).</summary>
public enum Normalisation
{
    /// <summary>(x − min) / (max − min), min and max over every country and year of the reference period.</summary>
    MinMax,

    /// <summary>(x − mean) / sd, mean and sample sd over every country and year of the reference period.</summary>
    ZScore,
}

/// <summary>How weighted normalised values are combined (Handbook, step 7).</summary>
public enum Aggregation
{
    Arithmetic,

    /// <summary>Π v^w with weights summing to 1; values below <see cref="CompositeIndex.GeometricFloor"/> count as that floor.</summary>
    Geometric,
}

/// <summary>What is done about a missing indicator value (Handbook, step 4).</summary>
public enum ImputationRule
{
    /// <summary>Missing stays missing: the indicator drops out of its dimension for that country-year.</summary>
    None,

    /// <summary>The latest earlier value, at most <see cref="Imputation.MaxYears"/> years old.</summary>
    CarryForward,

    /// <summary>Straight line between the observed years around the gap (gap at most MaxYears long), else carried forward.</summary>
    Linear,
}

/// <summary>How an indicator's raw value is changed before normalisation.</summary>
public enum Transform
{
    None,

    /// <summary>Natural logarithm; a value of zero or less counts as missing.</summary>
    Log,
}

/// <summary>How the resampled weights are drawn in the sensitivity analysis.</summary>
public enum WeightResampling
{
    /// <summary>Each weight times an independent uniform factor in [1 − spread, 1 + spread], then rescaled.</summary>
    Uniform,

    /// <summary>Weights drawn from Dirichlet(concentration × w / Σw): mean w, spread set by the concentration.</summary>
    Dirichlet,
}

/// <summary>How the world value of a year is taken from the country scores.</summary>
public enum GlobalValue
{
    /// <summary>The plain mean over the countries with a score.</summary>
    Mean,

    /// <summary>The mean weighted by each country's trade (exports + imports, indicator <c>trade.total</c>).</summary>
    TradeWeighted,
}

public sealed record Imputation(ImputationRule Rule = ImputationRule.None, int MaxYears = 0);

/// <summary>Inclusive range of years the normalisation constants are taken from; null bounds are open.</summary>
public sealed record ReferencePeriod(int? From, int? To)
{
    public bool Contains(int year) => (From is null || year >= From) && (To is null || year <= To);
}

public sealed record SensitivitySettings(
    WeightResampling Weights = WeightResampling.Uniform, double Spread = 0.5, double Concentration = 20,
    IReadOnlyList<Normalisation>? Normalisations = null, int Draws = 500, int Seed = 1);

/// <summary>
/// One indicator of a dimension. Direction +1: more is better; −1: less is better (a tariff, a cost). Imputation, when
/// given, replaces the index's rule for this series (a biennial survey and a 4-yearly panel need other gaps filled).
/// </summary>
public sealed record IndicatorSpec(string Id, int Direction = 1, double Weight = 1, Transform Transform = Transform.None, Imputation? Imputation = null);

public sealed record DimensionSpec(string Id, string NameEn, string NameZh, double Weight, IReadOnlyList<IndicatorSpec> Indicators);

/// <summary>
/// A composite index as a data file (<c>data/indices/*.json</c>): its dimensions and their indicators with
/// direction and weight, the imputation rule, the normalisation and its reference period, the aggregation, how many
/// dimensions a country needs for a score, how the world value is taken, and the sensitivity settings.
/// </summary>
public sealed record IndexDefinition(
    string Id, string NameEn, string NameZh, string DescriptionEn, string DescriptionZh,
    IReadOnlyList<DimensionSpec> Dimensions,
    Normalisation Normalisation = Normalisation.MinMax,
    ReferencePeriod? ReferencePeriod = null,
    Aggregation Aggregation = Aggregation.Arithmetic,
    Imputation? Imputation = null,
    int MinDimensions = 1,
    GlobalValue Global = GlobalValue.Mean,
    SensitivitySettings? Sensitivity = null)
{
    public Imputation ImputationOrDefault => Imputation ?? new Imputation();

    public SensitivitySettings SensitivityOrDefault => Sensitivity ?? new SensitivitySettings();

    public ReferencePeriod ReferencePeriodOrAll => ReferencePeriod ?? new ReferencePeriod(null, null);

    /// <summary>Every indicator id the index reads, in dimension order.</summary>
    public IEnumerable<string> IndicatorIds => Dimensions.SelectMany(d => d.Indicators).Select(i => i.Id).Distinct(StringComparer.Ordinal);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads and checks a definition file; a problem is reported with the file name and what is wrong.</summary>
    public static IndexDefinition Load(string path)
    {
        IndexDefinition? definition;
        try
        {
            using var stream = File.OpenRead(path);
            definition = JsonSerializer.Deserialize<IndexDefinition>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new TradeDataException(Path.GetFileName(path), e.LineNumber + 1, e.Message);
        }

        if (definition is null)
        {
            throw new TradeDataException(Path.GetFileName(path), null, TradeText.Format("IndexEmpty"));
        }

        if (definition.Problems().FirstOrDefault() is { } problem)
        {
            throw new TradeDataException(Path.GetFileName(path), null, problem);
        }

        return definition;
    }

    /// <summary>What makes the definition unusable, in words; none when it is sound.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Id) || !Id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            yield return TradeText.Format("IndexBadId", Id);
        }

        if (Dimensions is not { Count: > 0 })
        {
            yield return TradeText.Format("IndexNoDimensions");
            yield break;
        }

        foreach (var dimension in Dimensions)
        {
            if (!(dimension.Weight > 0) || !double.IsFinite(dimension.Weight))
            {
                yield return TradeText.Format("IndexBadWeight", dimension.Id, dimension.Weight);
            }

            if (dimension.Indicators is not { Count: > 0 })
            {
                yield return TradeText.Format("IndexDimensionEmpty", dimension.Id);
                continue;
            }

            foreach (var indicator in dimension.Indicators)
            {
                if (indicator.Direction is not (1 or -1))
                {
                    yield return TradeText.Format("IndexBadDirection", indicator.Id, indicator.Direction);
                }

                if (!(indicator.Weight > 0) || !double.IsFinite(indicator.Weight))
                {
                    yield return TradeText.Format("IndexBadWeight", indicator.Id, indicator.Weight);
                }

                if (indicator.Imputation is { MaxYears: < 0 } own)
                {
                    yield return TradeText.Format("IndexBadMaxYears", own.MaxYears);
                }
            }
        }

        if (Dimensions.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count() != Dimensions.Count)
        {
            yield return TradeText.Format("IndexDuplicateDimension");
        }

        if (MinDimensions < 1 || MinDimensions > Dimensions.Count)
        {
            yield return TradeText.Format("IndexBadMinDimensions", MinDimensions, Dimensions.Count);
        }

        // A geometric mean of z-scores (negative half the time) has no meaning.
        var normalisations = (Sensitivity?.Normalisations ?? []).Append(Normalisation);
        if (Aggregation == Aggregation.Geometric && normalisations.Contains(Normalisation.ZScore))
        {
            yield return TradeText.Format("IndexGeometricZScore");
        }

        if (ImputationOrDefault.MaxYears < 0)
        {
            yield return TradeText.Format("IndexBadMaxYears", ImputationOrDefault.MaxYears);
        }

        if (Sensitivity is { } s && (s.Draws < 1 || s.Draws > 100_000 || !(s.Spread is >= 0 and < 1) || !(s.Concentration > 0)))
        {
            yield return TradeText.Format("IndexBadSensitivity");
        }
    }
}
