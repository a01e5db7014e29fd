using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Lianbo.Matching;

/// <summary>An HS 2022 code's names as the reference data gives them (the Chinese one may be missing).</summary>
public sealed record HsName(string Code, string NameEn, string? NameZh);

/// <summary>A reviewed line of the product-term file: names in Chinese and English that mean the codes.</summary>
public sealed record ProductSynonym(IReadOnlyList<string> Codes, IReadOnlyList<string> Zh, IReadOnlyList<string> En);

/// <summary>The chains' stages by the products listed for them: a code belongs to the stages that list a code of its heading.</summary>
public sealed class ProductStages(IEnumerable<(StageKey Stage, string Hs)> products)
{
    private readonly ILookup<string, StageKey> byHeading = products.ToLookup(p => Heading(p.Hs), p => p.Stage, StringComparer.Ordinal);

    /// <summary>The stages of the codes given, each once, in the order the codes name them.</summary>
    public IReadOnlyList<StageKey> Of(IEnumerable<string> codes) => [.. codes.SelectMany(c => byHeading[Heading(c)]).Distinct()];

    private static string Heading(string hs) => hs[..Math.Min(4, hs.Length)];
}

/// <summary>A product a text names: the HS code, the words as the text writes them, and whether they were read as Chinese.</summary>
public sealed record ProductMention(string Hs, string Words, bool Chinese);

/// <summary>
/// Reads the products a free text names, in Chinese or English, as HS codes: "采购磷酸铁锂电芯" and "LFP battery cells"
/// both name 8507.60. Terms come from the reviewed product-term file (trade names, jargon, abbreviations) and from the
/// HS 2022 names in both languages: the first clause of each heading's and subheading's name (of a list, its first item)
/// when it is a product name rather than "other" or "parts", for the headings in scope. English is read by Lucene's
/// English analyzer (lower case, stop words out, Porter stems: "batteries" is "battery"), a term matching a run of whole
/// words; Chinese by SmartCn's segmentation, a term matching where the text's words begin and end (钛矿 is not read in
/// 钙钛矿). At each place the longest term wins, the file's before the names'; a name shared by more than two headings is
/// not used. A product named as a use ("for EV batteries", 用于…), an industry ("cell makers", 硅片企业) or the first noun
/// of a compound ("battery copper foil") is not read. Thread-safe once built.
/// </summary>
public sealed class ProductTerms : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Single words that name no product on their own.
    private static readonly HashSet<string> GenericEnglish = new(StringComparer.Ordinal)
    {
        "other", "part", "cell", "accessori", "articl", "product", "materi", "good", "machin", "machineri", "apparatu", "equip",
        "instrument", "devic", "prepar", "mixtur", "wast", "scrap", "unit", "set", "kind", "type", "use", "new", "thereof",
        "therefor", "n.e.c", "nec", "similar", "fit", "special", "base", "made", "contain", "whether", "form", "pure",
        "plant", "carbon", "poli", "poly", "regul", "control", "board", "glass", "transmiss", "ship", "servic", "system",
    };

    private static readonly string[] GenericChinese = ["其他", "零件", "附件", "制品", "产品", "设备", "机器", "装置", "材料", "货品", "未列名", "零附件", "物品", "实验室", "服务", "系统"];

    private readonly Analyzer english = new EnglishAnalyzer(Version);
    private readonly Analyzer chinese = new SmartChineseAnalyzer(Version);

    // Terms by their first English word (stemmed) and by their first Chinese character.
    private readonly Dictionary<string, List<Term>> byWord = new(StringComparer.Ordinal);
    private readonly Dictionary<char, List<Term>> byCharacter = [];

    private sealed record Term(string[] Words, string Characters, string[] Codes, bool Reviewed)
    {
        public int Length => Words.Length > 0 ? Words.Length : Characters.Length;
    }

    private ProductTerms(IEnumerable<HsName> names, IEnumerable<ProductSynonym> synonyms, IEnumerable<string> scope)
    {
        synonyms = [.. synonyms];
        var headings = scope.Concat(synonyms.SelectMany(s => s.Codes)).Where(c => c.Length >= 4).Select(c => c[..4]).ToHashSet(StringComparer.Ordinal);
        var reviewedEnglish = new HashSet<string>(StringComparer.Ordinal);
        var reviewedChinese = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in synonyms)
        {
            foreach (var en in s.En)
            {
                if (Words(en) is { Length: > 0 } words && reviewedEnglish.Add(string.Join(' ', words)))
                {
                    AddEnglish(new Term(words, "", [.. s.Codes], Reviewed: true));
                }
            }

            foreach (var zh in s.Zh.Select(Normalise).Where(z => z.Length >= 2))
            {
                if (reviewedChinese.Add(zh))
                {
                    AddChinese(new Term([], zh, [.. s.Codes], Reviewed: true));
                }
            }

            TermCount += s.En.Count + s.Zh.Count;
        }

        // A name's first clause, by the codes it names; a term the file gives already is the file's.
        var fromEnglish = new Dictionary<string, (string[] Words, HashSet<string> Codes)>(StringComparer.Ordinal);
        var fromChinese = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var name in names.Where(n => n.Code.Length is 4 or 6 && headings.Contains(n.Code[..4])))
        {
            if (FirstClauseEnglish(name.NameEn) is { } words && !reviewedEnglish.Contains(string.Join(' ', words)))
            {
                var key = string.Join(' ', words);
                if (!fromEnglish.TryGetValue(key, out var entry))
                {
                    fromEnglish[key] = entry = (words, []);
                }

                entry.Codes.Add(name.Code);
            }

            if (FirstClauseChinese(name.NameZh) is { } characters && !reviewedChinese.Contains(characters))
            {
                if (!fromChinese.TryGetValue(characters, out var codes))
                {
                    fromChinese[characters] = codes = [];
                }

                codes.Add(name.Code);
            }
        }

        foreach (var (words, codes) in fromEnglish.Values)
        {
            if (Unambiguous(codes) is { } named)
            {
                AddEnglish(new Term(words, "", named, Reviewed: false));
                TermCount++;
            }
        }

        foreach (var (characters, codes) in fromChinese)
        {
            if (Unambiguous(codes) is { } named)
            {
                AddChinese(new Term([], characters, named, Reviewed: false));
                TermCount++;
            }
        }
    }

    /// <summary>How many terms the reader knows (the file's and the names').</summary>
    public int TermCount { get; }

    /// <summary>Where the build puts the shipped product-term file (data/matching/product-terms.tsv).</summary>
    public static string ShippedFile => Path.Combine(AppContext.BaseDirectory, "matching", "product-terms.tsv");

    /// <summary>
    /// The terms of the file and the names of the codes in the headings of <paramref name="scope"/> and of the file: an
    /// expo's products (the chains' products), not the whole nomenclature, whose names include words every profile uses
    /// ("chain", "control", "case", "fuel").
    /// </summary>
    public static ProductTerms Build(IEnumerable<HsName> names, IEnumerable<ProductSynonym> synonyms, IEnumerable<string> scope) => new(names, synonyms, scope);

    /// <summary>The shipped terms over the shipped HS 2022 names (both travel with every build of this library), in the scope given.</summary>
    public static ProductTerms Shipped(IEnumerable<string> scope) =>
        Build(ReadHsNames(Path.Combine(AppContext.BaseDirectory, "matching", "hs2022.csv"), Path.Combine(AppContext.BaseDirectory, "matching", "hs2022-zh.csv")), ReadSynonyms(ShippedFile), scope);

    /// <summary>HS 2022 names from the reference files (data/reference/hs2022.csv and hs-zh/hs2022-zh.csv).</summary>
    public static IReadOnlyList<HsName> ReadHsNames(string hs2022Csv, string hsChineseCsv)
    {
        static Dictionary<string, string> Column(string path, string code, string name)
        {
            using var csv = new CsvReader(new StreamReader(path, Encoding.UTF8), CultureInfo.InvariantCulture);
            csv.Read();
            csv.ReadHeader();
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            while (csv.Read())
            {
                result[csv.GetField(code)!] = csv.GetField(name)!;
            }

            return result;
        }

        var chinese = Column(hsChineseCsv, "code", "description_zh");
        return [.. Column(hs2022Csv, "hscode", "description").Select(e => new HsName(e.Key, e.Value, chinese.GetValueOrDefault(e.Key)))];
    }

    /// <summary>
    /// The product-term file: tab-separated columns <c>hs</c> (codes, comma-separated), <c>zh</c> and <c>en</c> (terms,
    /// separated by |) and <c>note</c>; lines starting with # are comments. A line without a code of 2, 4 or 6 digits, or
    /// without a term, is refused with its line number.
    /// </summary>
    public static IReadOnlyList<ProductSynonym> ReadSynonyms(TextReader reader)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = "\t", Mode = CsvMode.NoEscape, AllowComments = true, Comment = '#', IgnoreBlankLines = true, DetectColumnCountChanges = false,
        };
        using var csv = new CsvReader(reader, configuration);
        csv.Read();
        csv.ReadHeader();
        var result = new List<ProductSynonym>();
        static string[] List(string? text, char separator) =>
            [.. (text ?? "").Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var codes = List(csv.GetField("hs"), ',');
            if (codes.Length == 0 || codes.Any(c => c.Length is not (2 or 4 or 6) || !c.All(char.IsAsciiDigit)))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"line {line}: hs must list codes of 2, 4 or 6 digits, not '{csv.GetField("hs")}'"));
            }

            var (zh, en) = (List(csv.GetField("zh"), '|'), List(csv.GetField("en"), '|'));
            if (zh.Length + en.Length == 0)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"line {line}: no term in zh or en"));
            }

            result.Add(new ProductSynonym(codes, zh, en));
        }

        return result;
    }

    public static IReadOnlyList<ProductSynonym> ReadSynonyms(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        try
        {
            return ReadSynonyms(reader);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The products a text names, each code once (its first mention), in the order the text names them.</summary>
    public IReadOnlyList<ProductMention> Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        text = text.Normalize(NormalizationForm.FormKC);
        var found = new List<(int Start, ProductMention Mention)>();
        FindEnglish(text, found);
        FindChinese(text, found);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. found.OrderBy(f => f.Start).Select(f => f.Mention).Where(m => seen.Add(m.Hs))];
    }

    /// <summary>
    /// The profile with the products its texts name added to its offers and needs, and listed in
    /// <see cref="Profile.Inferred"/>: each code once, none the organisation removed (<paramref name="rejectedOffers"/>,
    /// <paramref name="rejectedNeeds"/>), none that an entered code already gives as precisely. Where the profile has no
    /// stages (or need stages) of its own, the stages whose products they are stand in for them.
    /// </summary>
    public Profile Apply(Profile profile, ProductStages? stages = null, IReadOnlyCollection<string>? rejectedOffers = null, IReadOnlyCollection<string>? rejectedNeeds = null)
    {
        IEnumerable<InferredProduct> Read(string text, IReadOnlyList<string> entered, IReadOnlyCollection<string>? rejected, bool offered) =>
            Find(text).Where(m => rejected?.Contains(m.Hs) != true && !entered.Any(e => e.StartsWith(m.Hs, StringComparison.Ordinal)))
                .Select(m => new InferredProduct(offered, m.Hs, m.Words, m.Chinese));

        List<InferredProduct> inferred = [.. Read(profile.OfferText, profile.OfferHs, rejectedOffers, true), .. Read(profile.NeedText, profile.NeedHs, rejectedNeeds, false)];
        if (inferred.Count == 0)
        {
            return profile;
        }

        IReadOnlyList<string> Codes(bool offered) => [.. inferred.Where(i => i.Offered == offered).Select(i => i.Hs)];
        var (offers, needs) = (Codes(true), Codes(false));
        var readStages = profile.Stages.Count == 0 && stages is not null && offers.Count > 0;
        return profile with
        {
            OfferHs = [.. profile.OfferHs, .. offers],
            NeedHs = [.. profile.NeedHs, .. needs],
            Stages = readStages ? stages!.Of(offers) : profile.Stages,
            StagesRead = readStages,
            NeedStages = profile.NeedStages.Count == 0 && stages is not null ? stages.Of(needs) : profile.NeedStages,
            Inferred = inferred,
        };
    }

    private void FindEnglish(string text, List<(int, ProductMention)> found)
    {
        var tokens = Tokens(english, text);
        var previous = -1;
        for (var i = 0; i < tokens.Count;)
        {
            var best = default(Term);
            foreach (var term in byWord.GetValueOrDefault(tokens[i].Word) ?? [])
            {
                if (i + term.Words.Length <= tokens.Count && Better(term, best) && Enumerable.Range(0, term.Words.Length).All(k => tokens[i + k].Word == term.Words[k]))
                {
                    best = term;
                }
            }

            if (best is null)
            {
                i++;
                continue;
            }

            var (start, end) = (tokens[i].Start, tokens[i + best.Words.Length - 1].End);
            i += best.Words.Length;
            Add(found, text, start, end, best, previous, Chinese: false);
            previous = end;
        }
    }

    // A mention, unless it names a use or an industry; a product right before it (nothing but spaces or a hyphen between) only
    // qualifies it and is taken back, as the last noun of a compound is the product: "Li-ion battery copper foil" is
    // copper foil, "动力电池隔膜" is separator film.
    private static void Add(List<(int Start, ProductMention Mention)> found, string text, int start, int end, Term term, int previous, bool Chinese)
    {
        if (ForUse(text, start) || ForActor(text, end))
        {
            return;
        }

        if (previous >= 0 && previous <= start && text.AsSpan(previous, start - previous).Trim(" -\u00a0").IsEmpty)
        {
            found.RemoveAll(f => f.Start < previous && f.Mention.Chinese == Chinese && f.Start + f.Mention.Words.Length == previous);
        }

        found.AddRange(term.Codes.Select(c => (start, new ProductMention(c, text[start..end], Chinese))));
    }

    private void FindChinese(string text, List<(int, ProductMention)> found)
    {
        // SmartCn's words of the Chinese runs: a term must begin where one begins and end where one ends.
        var tokens = Tokens(chinese, text).Where(t => IsChinese(text[t.Start])).ToList();
        var ends = tokens.Select(t => t.End).ToHashSet();
        var (covered, previous) = (0, -1);
        foreach (var token in tokens)
        {
            if (token.Start < covered)
            {
                continue;
            }

            var best = default(Term);
            foreach (var term in byCharacter.GetValueOrDefault(text[token.Start]) ?? [])
            {
                if (Better(term, best) && text.AsSpan(token.Start).StartsWith(term.Characters, StringComparison.Ordinal) && ends.Contains(token.Start + term.Characters.Length))
                {
                    best = term;
                }
            }

            if (best is not null)
            {
                var end = token.Start + best.Characters.Length;
                Add(found, text, token.Start, end, best, previous, Chinese: true);
                (previous, covered) = (end, end);
            }
        }
    }

    // Words that make a product the use of another: "anodes for Li-ion cells", "用于动力电池的正极材料"; but not after a
    // word of looking for something ("looking for Li-ion cells", "suppliers for lithium carbonate").
    private static readonly HashSet<string> UseWordsEnglish = new(StringComparer.OrdinalIgnoreCase) { "for", "into", "serving" };
    private static readonly HashSet<string> SeekWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "looking", "look", "searching", "search", "seeking", "seek", "sourcing", "source", "demand", "need", "needs", "buyers", "suppliers",
        "partners", "partner", "market", "markets", "orders", "order", "tender", "tenders", "request", "requests", "rfq", "quotes", "quotation", "offers",
    };

    private static readonly string[] UseWordsChinese = ["用于", "应用于", "适用于", "面向", "配套", "服务于", "供应给", "供货给"];

    // Words after a product that make it an industry, not a product: "polysilicon producers", "硅片企业" are customers.
    private static readonly HashSet<string> ActorWordsEnglish = new(StringComparer.OrdinalIgnoreCase)
    {
        "maker", "makers", "manufacturer", "manufacturers", "producer", "producers", "oem", "oems", "customer", "customers", "user", "users",
        "industry", "industries", "plant", "plants", "fab", "fabs", "factory", "factories", "sector", "market", "markets", "brands", "assemblers",
    };

    private static readonly string[] ActorWordsChinese = ["企业", "厂商", "厂家", "客户", "用户", "行业", "领域", "工厂", "厂", "公司", "市场", "制造商", "生产商"];
    private static readonly char[] ClauseEnds = [',', ';', '.', '，', '；', '。', '、', ':', '：', '!', '?', '！', '？', '(', ')', '（', '）', '/'];

    // Whether the product named at `start` is what something else is for: in English a use word among the two words
    // before it in its clause (not after a word of looking for something); in Chinese a use word just before it.
    private static bool ForUse(string text, int start)
    {
        var before = text.AsSpan(0, start).TrimEnd();
        foreach (var word in UseWordsChinese)
        {
            if (before.EndsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        var clause = before[(before.LastIndexOfAny(ClauseEnds) + 1)..].ToString();
        var words = clause.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = Math.Max(0, words.Length - 2); i < words.Length; i++)
        {
            if (UseWordsEnglish.Contains(words[i]) && (i == 0 || !SeekWords.Contains(words[i - 1])))
            {
                return true;
            }
        }

        return false;
    }

    // Whether the product ending at `end` names an industry: an actor word right after it.
    private static bool ForActor(string text, int end)
    {
        var after = text.AsSpan(end).TrimStart(" -");
        foreach (var word in ActorWordsChinese)
        {
            if (after.StartsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        var next = after.ToString().Split([' ', ',', ';', '.', ')', '/'], 2)[0];
        return ActorWordsEnglish.Contains(next);
    }

    // Longer first; at the same length the reviewed file's term.
    private static bool Better(Term term, Term? best) =>
        best is null || term.Length > best.Length || (term.Length == best.Length && term.Reviewed && !best.Reviewed);

    private void AddEnglish(Term term)
    {
        if (!byWord.TryGetValue(term.Words[0], out var list))
        {
            byWord[term.Words[0]] = list = [];
        }

        list.Add(term);
    }

    private void AddChinese(Term term)
    {
        if (!byCharacter.TryGetValue(term.Characters[0], out var list))
        {
            byCharacter[term.Characters[0]] = list = [];
        }

        list.Add(term);
    }

    // The codes a name term stands for: one code, or the heading of several codes of one heading; null when it names
    // more than two headings (e.g. "Parts" or "Of iron or steel").
    private static string[]? Unambiguous(HashSet<string> codes)
    {
        var headings = codes.Select(c => c[..4]).Distinct(StringComparer.Ordinal).ToArray();
        return headings.Length switch
        {
            1 when codes.Count == 1 => [.. codes],
            1 or 2 => headings,
            _ => null,
        };
    }

    // "Coffee, whether or not roasted…; coffee husks…" → [coffe]; null for a clause that names nothing by itself.
    private string[]? FirstClauseEnglish(string name)
    {
        // A list ("Cells and batteries", "Wheat and meslin") gives its first item.
        var clause = name.Split([';', ',', ':', '(', '['])[0].Split([" and ", " or "], StringSplitOptions.None)[0].Trim();
        var words = Words(clause);
        return words.Length is 0 or > 4 || (words.Length == 1 && (GenericEnglish.Contains(words[0]) || words[0].Length < 3)) ? null : words;
    }

    private static string? FirstClauseChinese(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var clause = Normalise(name.Split(['，', '；', '：', '（', '(', '、', ',', ';'])[0]);
        return clause.Length is < 2 or > 10 || GenericChinese.Any(g => clause.StartsWith(g, StringComparison.Ordinal) || clause == g) || !clause.All(IsChinese)
            ? null : clause;
    }

    private static string Normalise(string text) => new([.. text.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c))]);

    private static bool IsChinese(char c) => c is >= '\u3400' and <= '\u9fff' or >= '\uf900' and <= '\ufaff';

    private string[] Words(string text) => [.. Tokens(english, text.Normalize(NormalizationForm.FormKC)).Select(t => t.Word).Where(w => !w.Any(IsChinese))];

    private static List<(string Word, int Start, int End)> Tokens(Analyzer analyzer, string text)
    {
        var tokens = new List<(string, int, int)>();
        using var stream = analyzer.GetTokenStream("text", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add((term.ToString(), offset.StartOffset, offset.EndOffset));
        }

        stream.End();
        return tokens;
    }

    public void Dispose()
    {
        english.Dispose();
        chinese.Dispose();
    }
}
