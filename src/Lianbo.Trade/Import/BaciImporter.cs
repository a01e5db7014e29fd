using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Import;

/// <summary>Options for a BACI import; each is taken from the file names when not given.</summary>
/// <param name="Revision">HS revision, e.g. HS92 (from <c>BACI_HS92_…</c> or <c>…hs92…</c>).</param>
/// <param name="CountryCodes">The country dictionary for a single CSV (else one beside it, else the shipped V202201).</param>
/// <param name="Archive">What a zip may unpack to (by default <see cref="ArchiveLimits"/>' own defaults).</param>
/// <param name="Year">
/// The year the file is for, when its name does not say (<c>…_Y2021_…</c>); a name that says another year is an error.
/// Of a zip, only that year's entry is imported.
/// </param>
public sealed record BaciImportOptions(string? Revision = null, string? CountryCodes = null, ArchiveLimits? Archive = null, int? Year = null);

/// <summary>
/// Imports CEPII's BACI exactly as shipped: the zip (one <c>BACI_HSxx_Yyyyy_Vnnnnnn.csv</c> per year and
/// <c>country_codes_V….csv</c>), or one year's CSV. All years of a zip are one transaction.
/// The file's quirks: <c>v</c> is thousands of USD; <c>q</c> is tonnes as space-padded quoted text, or <c>NA</c>;
/// <c>k</c> has lost its leading zero (10632 is 010632), which is why products are stored as numbers;
/// country codes are BACI's own (see <see cref="BaciCountryCodes"/>). A file whose name says "generated" (the
/// generator's) is stored as source "generated", never as BACI.
/// A BACI CSV is one year: the year its name declares (or <see cref="BaciImportOptions.Year"/>, or else its first row's),
/// and a row of any other year is refused with its line, since storing it would replace that whole year with one row.
/// The same flow (t, i, j, k) on two lines is refused naming both, since both would be counted.
/// </summary>
public static partial class BaciImporter
{
    public const string Source = "BACI";
    public const string GeneratedSource = "generated";
    public const string Unit = "thousands of USD";

    private static readonly string[] Header = ["t", "i", "j", "k", "v", "q"];

    [GeneratedRegex(@"HS(\d\d)", RegexOptions.IgnoreCase)]
    private static partial Regex RevisionInName();

    [GeneratedRegex(@"_V(\d{6}\w*?)(?:[._-]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ReleaseInName();

    [GeneratedRegex(@"^BACI_HS\d\d_Y\d{4}_V\w+\.csv$", RegexOptions.IgnoreCase)]
    private static partial Regex YearEntry();

    [GeneratedRegex(@"_Y(\d{4})(?=[._-]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex YearInName();

    [GeneratedRegex(@"^country_codes_V\w+\.csv$", RegexOptions.IgnoreCase)]
    private static partial Regex DictionaryEntry();

    // CEPII's dictionary is about 10 KB and is read whole into memory, so it gets a cap of its own.
    private const long MaxDictionaryBytes = 16 << 20;

    public static Task<IReadOnlyList<DatasetInfo>> ImportAsync(
        TradeStore store, string path, BaciImportOptions? options = null, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new BaciImportOptions();
        if (!File.Exists(path))
        {
            throw new TradeDataException(path, null, TradeText.Format("FileNotFound"));
        }

        return ImportAsync(alongside: true);

        // A file that mixes line ends can end the transaction when DuckDB reads it alongside the check: then it all runs
        // again, the check first (see CsvFile.CheckWhileReadingAsync).
        async Task<IReadOnlyList<DatasetInfo>> ImportAsync(bool alongside)
        {
            try
            {
                return await (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                    ? ImportZipAsync(store, path, options, progress, alongside, ct)
                    : store.ImportAsync(session => ImportCsvAsync(session, path, path, Path.GetFileName(path), ReadCodes(path, options), options, progress, alongside, ct), ct));
            }
            catch (CsvFile.ReadAgainException) when (alongside)
            {
                return await ImportAsync(alongside: false);
            }
        }
    }

    // The year a file's name declares (BACI_HS92_Y2021_V202301.csv), checked against the option when both are given.
    private static DeclaredYears? YearOf(string name, string shownAs, BaciImportOptions options)
    {
        int? named = YearInName().Match(name) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        if (named is { } n && options.Year is { } given && n != given)
        {
            throw new TradeDataException(shownAs, null, TradeText.Format("YearNameOption", n, given));
        }

        return named is { } year ? new DeclaredYears(year, year, TradeText.Format("DeclaredByName"))
            : options.Year is { } option ? new DeclaredYears(option, option, TradeText.Format("DeclaredByOption"))
            : null;
    }

    /// <summary>
    /// The SELECT that reads a BACI CSV into the staged columns, with the types fixed (no guessing), plus <c>q</c> as
    /// read. <c>q</c> is read as text and cast: DuckDB's cast skips the padding, and NA or an empty field is a missing
    /// quantity; anything else that is not a number is a bad row (<see cref="QuantityIsBad"/>). Casting in SQL costs
    /// less than listing every padded NA as a null string for the CSV reader.
    /// </summary>
    internal static string Select(CsvFile file) => $"""
        SELECT t AS year, i AS exporter, j AS importer, k AS product, v AS value, TRY_CAST(q AS DOUBLE) AS quantity, q
        FROM read_csv({TradeStore.Literal(file.Path)}, {file.ReadOptions(',', Columns)})
        """;

    private const string QuantityIsBad = "(s.quantity IS NULL AND s.q IS NOT NULL AND trim(s.q) NOT IN ('', 'NA'))";

    private static readonly (string, string)[] Columns = [("t", "INTEGER"), ("i", "INTEGER"), ("j", "INTEGER"), ("k", "INTEGER"), ("v", "DOUBLE"), ("q", "VARCHAR")];

    // The staged rows again, in file order with their lines: for errors only.
    private static string Numbered(CsvFile file) => $"SELECT row_number() OVER () + 1 AS line, * FROM ({Select(file)})";

    // The first bad line, read again in file order; only when the checked scan has already stopped on one.
    // On a connection of its own: the import's transaction is aborted by then.
    private static async Task<TradeDataException> LocateBadRowAsync(CsvFile file, string shownAs, IReadOnlyList<CountryCode> codes, RowRules rules, CancellationToken ct)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        var codeTable = await ImportSession.WriteCodesAsync(connection, codes, ct);
        return await ImportSession.FirstBadRowAsync(connection, Numbered(file), shownAs, codes, codeTable, rules, ("q", QuantityIsBad), null, ct);
    }

    private static async Task<IReadOnlyList<DatasetInfo>> ImportZipAsync(
        TradeStore store, string zipPath, BaciImportOptions options, IProgress<ImportProgress>? progress, bool alongside, CancellationToken ct)
    {
        // Every entry's declared sizes are checked here, before anything is unpacked or staged.
        using var zip = SafeZip.Open(zipPath, zipPath, options.Archive ?? new ArchiveLimits());
        var years = zip.Entries.Where(e => YearEntry().IsMatch(e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        if (years.Count == 0)
        {
            throw new TradeDataException(zipPath, null, TradeText.Format("ZipWithoutYears"));
        }

        if (options.Year is { } only)
        {
            // Each entry declares its own year; the option picks one of them, so a year is replaced only by its own entry.
            years = [.. years.Where(e => YearOf(e.Name, zipPath, options with { Year = null })?.From == only)];
            if (years.Count == 0)
            {
                throw new TradeDataException(zipPath, null, TradeText.Format("ZipWithoutYear", only));
            }
        }

        // DuckDB reads files, not zip entries: each entry is unpacked next to the others, read, and deleted.
        var work = Directory.CreateTempSubdirectory("lianbo-baci-");
        try
        {
            IReadOnlyList<CountryCode> codes;
            if (zip.Entries.FirstOrDefault(e => DictionaryEntry().IsMatch(e.Name)) is { } dictionary)
            {
                if (dictionary.Length > MaxDictionaryBytes)
                {
                    throw new TradeDataException(SafeZip.Name(zipPath, dictionary), null, TradeText.Format("ArchiveEntryTooLarge", dictionary.Length, MaxDictionaryBytes));
                }

                var copy = Path.Combine(work.FullName, dictionary.Name);
                await SafeZip.ExtractAsync(dictionary, copy, zipPath, ct);
                codes = BaciCountryCodes.Read(copy);
            }
            else
            {
                codes = ReadCodes(zipPath, options);
            }

            return await store.ImportAsync(async session =>
            {
                foreach (var entry in years)
                {
                    var csv = Path.Combine(work.FullName, entry.Name);
                    await SafeZip.ExtractAsync(entry, csv, zipPath, ct);
                    await ImportCsvAsync(session, csv, SafeZip.Name(zipPath, entry), entry.Name, codes, options with { Year = null }, progress, alongside, ct);
                    File.Delete(csv);
                }
            }, ct);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task ImportCsvAsync(
        ImportSession session, string path, string shownAs, string name, IReadOnlyList<CountryCode> codes, BaciImportOptions options,
        IProgress<ImportProgress>? progress, bool alongside, CancellationToken ct)
    {
        var declared = YearOf(name, shownAs, options);
        var revision = options.Revision ?? (RevisionInName().Match(name) is { Success: true } m ? "HS" + m.Groups[1].Value : null);
        var codeTable = await ImportSession.WriteCodesAsync(session.Connection, codes, ct);

        // The structure pass (a .NET pass over the bytes) and DuckDB's scan that stages and checks every row run at the
        // same time; what the structure pass refuses is still what the user is told (see CsvFile.CheckWhileReadingAsync).
        var (checkedFile, (stage, rules)) = await CsvFile.CheckWhileReadingAsync(path, shownAs, ',', [0, 1, 2, 3], async (file, token) =>
        {
            if (!file.Header.SequenceEqual(Header, StringComparer.OrdinalIgnoreCase))
            {
                throw new TradeDataException(shownAs, 1, TradeText.Format("BaciHeader", string.Join(",", Header), string.Join(",", file.Header)));
            }

            // Without a year in the name or the options, the first row's year is the file's: a BACI file is one year.
            var years = declared ?? (int.TryParse(file.FirstRow[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var first)
                ? new DeclaredYears(first, first, TradeText.Format("DeclaredByFirstRow"))
                : null);
            _ = revision ?? throw new TradeDataException(shownAs, null, TradeText.Format("RevisionUnknown"));
            var rules = new RowRules(HasProducts: true, years, StagedColumns.Baci);
            return (Stage: await StageAsync(session, file, shownAs, codes, codeTable, rules, progress, token), Rules: rules);
        }, staged => TradeStore.ExecuteAsync(session.Connection, $"DROP TABLE {staged.Stage}", CancellationToken.None), alongside, ct);
        using var file = checkedFile;

        // The structure check proves most files free of repeated flows; the others are grouped to find one, with its lines.
        if (!file.FlowsDistinct)
        {
            await session.RefuseDuplicatesAsync(stage, shownAs, rules, Numbered(file), code => code.ToString(CultureInfo.InvariantCulture), ct);
        }

        await TradeStore.ExecuteAsync(session.Connection, $"DROP TABLE {codeTable}", ct);
        var generated = name.Contains("generated", StringComparison.OrdinalIgnoreCase);
        var source = new DatasetSource(generated ? GeneratedSource : Source, revision!.ToUpperInvariant(), name,
            ReleaseInName().Match(name) is { Success: true } r ? "V" + r.Groups[1].Value : null, Unit, generated, HasProducts: true);
        await session.CommitAsync(stage, source, codes, ct);
    }

    // Every row is checked while it is staged (one pass over the file); the ordered re-read that finds the line of a
    // bad row only runs when there is one.
    private static async Task<string> StageAsync(
        ImportSession session, CsvFile file, string shownAs, IReadOnlyList<CountryCode> codes, string codeTable, RowRules rules,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        try
        {
            return await session.StageAsync(Select(file), shownAs, file.Rows, progress, ct,
                check: $"{QuantityIsBad} OR {ImportSession.BadRow(codeTable, rules)}");
        }
        catch (DuckDBException e) when (ImportSession.IsBadRow(e))
        {
            throw await LocateBadRowAsync(file, shownAs, codes, rules, ct);
        }
        catch (DuckDBException e)
        {
            throw CsvErrors.Translate(e, file.Path, shownAs);
        }
    }

    // For a single CSV: the dictionary given, else CEPII's beside the file (as the zip unpacks), else the shipped one.
    private static IReadOnlyList<CountryCode> ReadCodes(string path, BaciImportOptions options)
    {
        if (options.CountryCodes is { } given)
        {
            return File.Exists(given) ? BaciCountryCodes.Read(given) : throw new TradeDataException(given, null, TradeText.Format("FileNotFound"));
        }

        var beside = Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetFullPath(path))!, "country_codes_V*.csv")
            .Order(StringComparer.Ordinal).LastOrDefault();
        return BaciCountryCodes.Read(beside ?? TradeFiles.BaciCountryCodes);
    }
}
