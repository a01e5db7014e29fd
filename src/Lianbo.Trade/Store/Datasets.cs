using System.Text.Json.Serialization;

namespace Lianbo.Trade.Store;

/// <summary>What identifies a stored year: importing the same source, revision and year again replaces it.</summary>
public sealed record DatasetKey(string Source, string Revision, int Year)
{
    public override string ToString() => $"{Source} {Revision} {Year}";
}

/// <summary>One stored year of one source, as the catalogue (<c>datasets</c>) describes it.</summary>
/// <param name="Unit">What <c>value</c> counts, e.g. "thousands of USD" for BACI.</param>
/// <param name="Generated">True for files written by the generator: every figure derived from them must say so.</param>
/// <param name="HasProducts">False for country-level networks (Pajek), which have no product dimension.</param>
public sealed record DatasetInfo(
    string Source, string Revision, int Year, long Rows, double TotalValue, string Unit, bool Generated, bool HasProducts,
    string FileName, string? Release, DateTime ImportedAt)
{
    // Derived from the fields above; left out of JSON so API answers carry each fact once.
    [JsonIgnore]
    public DatasetKey Key => new(Source, Revision, Year);

    /// <summary>What the import that stored this year left out or changed, and said so (only on an import's answer; not stored).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ImportNote>? Notes { get; init; }
}

/// <summary>Something an import left out or changed, and reports: a self-loop dropped, a historical country code kept.</summary>
/// <param name="Kind">What it is, for programs: <c>self-loops</c> (how many), <c>self-loop</c> (one), <c>historical-code</c>.</param>
/// <param name="Line">The line of the file it is about, when it is about one.</param>
/// <param name="Text">What happened, in the user's language.</param>
public sealed record ImportNote(string Kind, long? Line, string Text);

/// <summary>How a country code of the source file maps to the code the store uses (ISO 3166 alpha-3 where there is one).</summary>
/// <param name="Code">The source's own code (BACI's numeric code, a Pajek vertex number, …).</param>
/// <param name="Country">ISO 3166-1 alpha-3, or the label the source gives where no ISO code exists (e.g. S19).</param>
/// <param name="Mapping">Why this code maps to that country, in words: "dictionary", or the quirk that was applied.</param>
public sealed record CountryCode(int Code, string Country, string? Name, string Mapping);

/// <summary>What the importer knows about a file before its rows are read; the same for every year it holds.</summary>
public sealed record DatasetSource(string Source, string Revision, string FileName, string? Release, string Unit, bool Generated, bool HasProducts);
