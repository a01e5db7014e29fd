using System.Collections.Concurrent;
using System.Numerics;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Lianbo.Matching;

/// <summary>
/// BM25 over short texts in Chinese, English or both: each text is indexed twice, segmented by SmartCn (Chinese
/// words) and by the English analyzer (stemmed words), and a query is analysed the same two ways. Lucene gives the
/// words and the scoring (its BM25: k1 1.2, b 0.75, idf, lengths encoded in one byte), so a search scores as a Lucene
/// boolean query of the words would; the postings are plain arrays in memory, read by any number of threads at once.
/// A changed text is visible to the next search without rebuilding the index; statistics count live texts only.
/// Texts that analyse to the same words with the same counts and lengths (a "form": many organisations write "we buy
/// lithium-ion cells") score the same for every query, so a form is listed once in the postings with the documents that
/// have it, and a search scores each form once.
/// </summary>
internal sealed class TextIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string ZhField = "zh";
    private const string EnField = "en";

    // As many words per field as a Lucene boolean query of both fields can hold.
    private static readonly int MaxWordsPerField = BooleanQuery.MaxClauseCount / 2;

    private readonly Analyzer analyzer;
    private readonly Bm25 similarity = new();
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);
    private readonly Field zh = new(ZhField);
    private readonly Field en = new(EnField);
    private readonly Dictionary<Guid, int> numbers = [];

    // Per document number, in the order texts were added (ties rank in that order): its id, its text, null once replaced
    // (the text is analysed again to take its words out of the statistics, rather than kept analysed for every document),
    // and its form.
    private Guid[] ids = new Guid[16];
    private string?[] texts = new string?[16];
    private int[] formOf = new int[16];
    private int count;
    private int live;

    // The forms: by their key, and per form number the live documents that have it, in ascending order. The postings list
    // form numbers; a form whose documents were all replaced stays in them, empty, until the next compaction.
    private readonly Dictionary<string, int> formNumbers = new(StringComparer.Ordinal);
    private List<Form> forms = [];

    // Searches answered since the texts last changed, by the words asked (in their order, which decides how the scores
    // add up) and the number wanted: organisations that write the same need ask the same search. Each answer carries
    // the version of the texts it was made from; a change moves the version on, so no stale answer is ever given.
    private readonly ConcurrentDictionary<(string Words, int Top), (long Version, IReadOnlyDictionary<Guid, double> Hits)> answered = new();
    private long version;

    /// <param name="answers">How many searches to remember until the texts change (0: none).</param>
    public TextIndex(int answers = 0)
    {
        Answers = answers;
        analyzer = new PerFieldAnalyzerWrapper(new EnglishAnalyzer(Version), new Dictionary<string, Analyzer> { [ZhField] = new SmartChineseAnalyzer(Version) });
    }

    /// <summary>How many searches are remembered; when that many are, they are forgotten together. May be changed at any time.</summary>
    public int Answers { get; set; }

    /// <summary>A text analysed for indexing: its words with their counts per field. Thread-safe; the expensive part of indexing.</summary>
    public Document? Analyse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var (zhText, enText) = (Analyse(ZhField, text), Analyse(EnField, text));
        return new Document(text, zhText, enText, FormKey(zhText, enText));
    }

    /// <summary>Adds, replaces or (with null) removes the text of <paramref name="id"/>.</summary>
    public void Upsert(Guid id, Document? document)
    {
        gate.EnterWriteLock();
        try
        {
            version++;
            if (numbers.Remove(id, out var old))
            {
                Delete(old);
            }

            if (document is null)
            {
                return;
            }

            if (count == ids.Length)
            {
                Array.Resize(ref ids, count * 2);
                Array.Resize(ref texts, count * 2);
                Array.Resize(ref formOf, count * 2);
            }

            var number = count++;
            ids[number] = id;
            texts[number] = document.Text;
            numbers[id] = number;
            live++;

            // A new form is listed in the postings; a known one only gains a document (the highest number so far) and counts.
            var isNew = !formNumbers.TryGetValue(document.Key, out var form);
            if (isNew)
            {
                formNumbers[document.Key] = form = forms.Count;
                forms.Add(new Form(document.Key));
            }

            formOf[number] = form;
            forms[form].Documents.Add(number);
            zh.Add(form, document.Zh, isNew);
            en.Add(form, document.En, isNew);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Gives back the room the postings grew into while texts were added in bulk.</summary>
    public void Trim()
    {
        gate.EnterWriteLock();
        try
        {
            zh.Trim();
            en.Trim();
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>The best matches for a text, their BM25 scores divided by the best one's (so 1 for the top match).</summary>
    public IReadOnlyDictionary<Guid, double> Search(string text, int top)
    {
        var result = new Dictionary<Guid, double>();
        if (top <= 0 || string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        // The clauses of the boolean query Lucene would run: each distinct word of the Chinese field, then of the English one.
        var zhWords = Terms(ZhField, text).Distinct(StringComparer.Ordinal).Take(MaxWordsPerField).ToList();
        var enWords = Terms(EnField, text).Distinct(StringComparer.Ordinal).Take(MaxWordsPerField).ToList();
        if (zhWords.Count + enWords.Count == 0)
        {
            return result;
        }

        var answers = Answers;
        var key = answers > 0 ? (string.Join('\u0001', zhWords) + "\u0002" + string.Join('\u0001', enWords), top) : default;
        gate.EnterReadLock();
        try
        {
            if (answers > 0 && answered.TryGetValue(key, out var known) && known.Version == version)
            {
                return known.Hits;
            }

            var clauses = new List<Clause>();
            zh.Clauses(zhWords, live, similarity, clauses);
            en.Clauses(enWords, live, similarity, clauses);
            var hits = Best(clauses, top, forms);
            if (hits.Count > 0)
            {
                var best = hits[0].Score;
                foreach (var (number, score) in hits)
                {
                    result[ids[number]] = score / best;
                }
            }

            if (answers > 0)
            {
                if (answered.Count >= answers)
                {
                    answered.Clear();
                }

                answered[key] = (version, result);
            }
        }
        finally
        {
            gate.ExitReadLock();
        }

        return result;
    }

    /// <summary>
    /// The best <paramref name="top"/> documents by score, then by number, each score the sum of its clauses' scores in
    /// double precision taken last clause first, then a float, as Lucene's boolean scorer adds them. MaxScore (Turtle and
    /// Flood) over windows of form numbers, as Lucene's MaxScoreBulkScorer does it: clauses that together could not lift a
    /// form up to the last entry of the full list are "non-essential" (<see cref="Partition"/>). In a window the essential
    /// clauses are read one after the other, each adding its scores into a table by form (a list is read straight through,
    /// with no choosing among cursors at every form); then the forms they brought are taken in number order, and a
    /// non-essential clause is looked up in such a form (highest bound first) only while the form could still enter, so
    /// common words' long lists are jumped through. A form's documents enter the list in number order, each while it beats
    /// the last entry (a higher score, or the same and a lower number). The partition is made again after a window that
    /// raised the last entry. (On 300,000 generated texts with every need different, against MaxScore a form at a time:
    /// the same answers, about a fifth less time, a sixth fewer postings read.)
    /// </summary>
    private static List<(int Number, float Score)> Best(List<Clause> clauses, int top, List<Form> forms)
    {
        var hits = new Hits(top);
        var partition = new Partition(clauses);
        partition.Update(hits);
        var (cursors, below, essential, threshold) = (partition.Cursors, partition.Below, partition.Essential, hits.Threshold);
        var table = Window.For(cursors.Length);
        var end = 0;
        while (true)
        {
            // The next window starts at the first form after the last window that an essential clause has (a clause that
            // was non-essential there may still point into it).
            var start = int.MaxValue;
            for (var i = essential; i < cursors.Length; i++)
            {
                start = Math.Min(start, cursors[i].SeekTo(end));
            }

            if (start == int.MaxValue)
            {
                break;
            }

            table.Start = start;
            for (var i = essential; i < cursors.Length; i++)
            {
                cursors[i].Collect(table);
            }

            for (var number = table.Next(); number >= 0; number = table.Next())
            {
                // The essential clauses' sum so far, then the others looked up while the form could still enter.
                var sum = table.Sum(number);
                var possible = !hits.Beyond(sum + below[essential]);
                for (var i = essential - 1; i >= 0 && possible; i--)
                {
                    if (hits.Beyond(sum + below[i + 1]))
                    {
                        possible = false;
                    }
                    else if (cursors[i].SeekTo(number) == number)
                    {
                        var score = cursors[i].Score();
                        table.Found(number, cursors[i].Order, score);
                        sum += score;
                    }
                }

                // A form whose documents were all replaced stays in the postings until the next compaction.
                if (possible && forms[number].Documents.Count > 0)
                {
                    hits.Offer(forms[number].Documents, (float)table.Total(number));
                }

                table.Clear(number);
            }

            end = table.End;
            if (hits.Threshold != threshold)
            {
                partition.Update(hits);
                (essential, threshold) = (partition.Essential, hits.Threshold);
            }
        }

        return hits.Sorted();
    }

    /// <summary>
    /// The clauses in the order <see cref="Best"/> takes them: non-essential first, by bound, then the essential ones;
    /// below[i] is the most the clauses before i can add together. The non-essential clauses are chosen by the length of
    /// their lists for their bound, longest first, each while all of them together could still not lift a form into the
    /// list, so that the most postings are only looked up, not read (Lucene's MaxScoreBulkScorer weighs them so too).
    /// A word asked in both fields is chosen as one: its two lists hold nearly the same forms (a text's English words are
    /// words to SmartCn too), so when one is read the other is read beside it rather than looked up in almost every form
    /// the first brings. (On 300,000 generated texts with every need different, an offer against the needs: 12% fewer
    /// look-ups, about 4% less time, the same answers.)
    /// </summary>
    private sealed class Partition
    {
        private readonly Clause[] byBound;
        private readonly Clause[][] byCost;
        private readonly bool[] chosen;

        public Partition(List<Clause> clauses)
        {
            byBound = [.. clauses.OrderBy(c => c.Bound)];
            byCost = [.. clauses.GroupBy(c => c.Word, StringComparer.Ordinal).Select(word => word.ToArray())
                .OrderByDescending(word => word.Sum(c => c.Length) / word.Sum(c => (double)c.Bound))];
            chosen = new bool[clauses.Count];
            Cursors = new Clause[clauses.Count];
            Below = new double[clauses.Count + 1];
        }

        public Clause[] Cursors { get; }

        public double[] Below { get; }

        /// <summary>Where the essential clauses start in <see cref="Cursors"/>.</summary>
        public int Essential { get; private set; }

        public void Update(Hits hits)
        {
            Array.Clear(chosen);
            double sum = 0;
            foreach (var word in byCost)
            {
                var bound = sum;
                foreach (var clause in word)
                {
                    bound += clause.Bound;
                }

                if (hits.Beyond(bound))
                {
                    sum = bound;
                    foreach (var clause in word)
                    {
                        chosen[clause.Order] = true;
                    }
                }
            }

            var at = 0;
            foreach (var essential in (ReadOnlySpan<bool>)[false, true])
            {
                if (essential)
                {
                    Essential = at;
                }

                foreach (var clause in byBound)
                {
                    if (chosen[clause.Order] != essential)
                    {
                        Cursors[at] = clause;
                        Below[at + 1] = Below[at] + clause.Bound;
                        at++;
                    }
                }
            }
        }
    }

    /// <summary>The words a text is indexed under, for tests and for explaining a match.</summary>
    public List<string> Terms(string field, string text) => [.. Tokens(field, text).Select(t => t.Word).Where(Searchable)];

    // SmartCn also emits punctuation as tokens; they count in a text's length but carry no meaning, so no query asks for them.
    private static bool Searchable(string word) => word.Any(char.IsLetterOrDigit);

    private IEnumerable<(string Word, bool Overlaps)> Tokens(string field, string text)
    {
        using var stream = analyzer.GetTokenStream(field, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            yield return (term.ToString(), increment.PositionIncrement == 0);
        }

        stream.End();
    }

    private FieldText Analyse(string field, string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int tokens = 0, overlaps = 0;
        foreach (var (word, overlapping) in Tokens(field, text))
        {
            // As Lucene inverts a field: every token counts in the length, except tokens at the same position as the last.
            tokens++;
            overlaps += overlapping ? 1 : 0;
            if (Searchable(word))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        return new FieldText([.. counts], tokens, similarity.Norm(tokens - overlaps));
    }

    private void Delete(int number)
    {
        var document = Analyse(texts[number]!)!;
        zh.Remove(document.Zh);
        en.Remove(document.En);
        var documents = forms[formOf[number]].Documents;
        documents.RemoveAt(documents.BinarySearch(number));
        texts[number] = null;
        live--;
        if (count - live > 1024 && count - live > live)
        {
            Compact();
        }
    }

    // Renumbers the live documents in their order and the forms that still have any, and drops the others from the postings.
    private void Compact()
    {
        var next = 0;
        for (var number = 0; number < count; number++)
        {
            if (texts[number] is { } text)
            {
                ids[next] = ids[number];
                texts[next] = text;
                formOf[next] = formOf[number];
                numbers[ids[next]] = next;
                next++;
            }
        }

        Array.Clear(texts, next, count - next);
        count = next;

        var renumbered = new int[forms.Count];
        var kept = new List<Form>();
        for (var form = 0; form < forms.Count; form++)
        {
            renumbered[form] = forms[form].Documents.Count == 0 ? -1 : kept.Count;
            if (forms[form].Documents.Count == 0)
            {
                formNumbers.Remove(forms[form].Key);
            }
            else
            {
                formNumbers[forms[form].Key] = kept.Count;
                forms[form].Documents.Clear();
                kept.Add(forms[form]);
            }
        }

        forms = kept;
        for (var number = 0; number < count; number++)
        {
            formOf[number] = renumbered[formOf[number]];
            forms[formOf[number]].Documents.Add(number);
        }

        zh.Compact(renumbered);
        en.Compact(renumbered);
    }

    // Two texts with the same words, counts and encoded lengths in both fields score the same for any query.
    private static string FormKey(FieldText zhText, FieldText enText)
    {
        var key = new System.Text.StringBuilder();
        foreach (var text in (ReadOnlySpan<FieldText>)[zhText, enText])
        {
            key.Append((char)text.Norm);
            foreach (var (word, frequency) in text.Words.OrderBy(w => w.Key, StringComparer.Ordinal))
            {
                key.Append(word).Append('\u0001').Append(frequency).Append('\u0002');
            }

            key.Append('\u0003');
        }

        return key.ToString();
    }

    public void Dispose()
    {
        analyzer.Dispose();
        gate.Dispose();
    }

    /// <summary>A text's words in one field with their counts, its length in tokens, and the length as Lucene encodes it.</summary>
    internal sealed record FieldText(KeyValuePair<string, int>[] Words, int Tokens, byte Norm);

    internal sealed record Document(string Text, FieldText Zh, FieldText En, string Key);

    /// <summary>The texts that analyse alike: their key and their live documents' numbers, ascending.</summary>
    private sealed class Form(string key)
    {
        public string Key { get; } = key;
        public List<int> Documents { get; } = [];
    }

    /// <summary>
    /// One field: postings per word (form numbers in ascending order, counts with the form's length), and statistics of the live
    /// texts (each document counts, whatever its form).
    /// </summary>
    private sealed class Field(string name)
    {
        private readonly Dictionary<string, Postings> words = new(StringComparer.Ordinal);
        private long tokens;

        /// <summary>Counts a document's text; a new form (the highest number so far) is also listed.</summary>
        public void Add(int form, FieldText text, bool isNew)
        {
            tokens += text.Tokens;
            foreach (var (word, frequency) in text.Words)
            {
                if (!words.TryGetValue(word, out var postings))
                {
                    words[word] = postings = new Postings();
                }

                if (isNew)
                {
                    postings.Add(form, frequency, text.Norm);
                }

                postings.DocumentFrequency++;
            }
        }

        public void Trim()
        {
            foreach (var postings in words.Values)
            {
                postings.Trim();
            }
        }

        // The document's postings stay until the next compaction; searches skip them.
        public void Remove(FieldText text)
        {
            tokens -= text.Tokens;
            foreach (var (word, _) in text.Words)
            {
                words[word].DocumentFrequency--;
            }
        }

        public void Compact(int[] renumbered)
        {
            foreach (var postings in words.Values)
            {
                postings.Compact(renumbered);
            }
        }

        /// <summary>
        /// The query's clauses in this field, as Lucene's BM25Similarity weighs a term: idf of the word, and the length
        /// normalisation of each encoded length from the average length of this field's texts.
        /// </summary>
        public void Clauses(List<string> query, int documentCount, Bm25 similarity, List<Clause> clauses)
        {
            if (documentCount == 0)
            {
                return;
            }

            float k1 = similarity.K1, b = similarity.B;
            var averageLength = similarity.AverageLength(name, documentCount, tokens);
            var normalisation = new float[256];
            for (var i = 0; i < normalisation.Length; i++)
            {
                normalisation[i] = k1 * ((1 - b) + b * similarity.Length((byte)i) / averageLength);
            }

            foreach (var word in query)
            {
                if (words.TryGetValue(word, out var postings) && postings.DocumentFrequency > 0)
                {
                    var weight = similarity.InverseDocumentFrequency(postings.DocumentFrequency, documentCount) * (k1 + 1);
                    clauses.Add(new Clause(word, postings, normalisation, weight, clauses.Count));
                }
            }
        }
    }

    private sealed class Postings
    {
        // What a form's score here is made of, stored beside its number so that scoring reads no other array: its count
        // of the word in the low 24 bits, its length (the encoded norm) in the top 8.
        public const int NormShift = 24;
        public const int FrequencyMask = (1 << NormShift) - 1;

        public int[] Numbers = new int[2];
        public int[] Entries = new int[2];
        public int Count;

        // Live documents with the word, of every form listed.
        public int DocumentFrequency;

        // The highest count and the shortest length (highest encoded norm) listed: the most a document can score here
        // (replaced documents included, which only loosens the bound).
        public int MaxFrequency;
        public byte MaxNorm;

        public void Add(int number, int frequency, byte norm)
        {
            if (Count == Numbers.Length)
            {
                Array.Resize(ref Numbers, Math.Max(2, Count * 2));
                Array.Resize(ref Entries, Numbers.Length);
            }

            Numbers[Count] = number;
            Entries[Count] = norm << NormShift | Math.Min(frequency, FrequencyMask);
            Count++;
            MaxFrequency = Math.Max(MaxFrequency, frequency);
            MaxNorm = Math.Max(MaxNorm, norm);
        }

        public void Compact(int[] renumbered)
        {
            var kept = 0;
            for (var i = 0; i < Count; i++)
            {
                if (renumbered[Numbers[i]] is var number and >= 0)
                {
                    Numbers[kept] = number;
                    Entries[kept] = Entries[i];
                    kept++;
                }
            }

            Count = kept;
        }

        public void Trim()
        {
            Array.Resize(ref Numbers, Count);
            Array.Resize(ref Entries, Count);
        }
    }

    /// <summary>A word of a query in one field: a cursor over its postings, its score for a document, and the most it can score.</summary>
    private sealed class Clause
    {
        private readonly Postings postings;
        private readonly float[] normalisation;
        private readonly float weight;
        private int at;

        public Clause(string word, Postings postings, float[] normalisation, float weight, int order)
        {
            (Word, this.postings, this.normalisation, this.weight, Order) = (word, postings, normalisation, weight, order);
            // The score grows with the count and shrinks with the length; the bound takes the best of both.
            float frequency = postings.MaxFrequency;
            Bound = weight * frequency / (frequency + normalisation[postings.MaxNorm]);
            Document = postings.Count > 0 ? postings.Numbers[0] : int.MaxValue;
        }

        /// <summary>The clause's place in the query.</summary>
        public int Order { get; }

        /// <summary>The word asked (the same word may be asked in both fields).</summary>
        public string Word { get; }

        public float Bound { get; }

        /// <summary>The document at the cursor; int.MaxValue past the end.</summary>
        public int Document { get; private set; }

        /// <summary>BM25 of the word for the document at the cursor, as Lucene's BM25Similarity computes it.</summary>
        public float Score()
        {
            return Score(postings.Entries[at]);
        }

        // BM25 from a posting's packed count and length.
        private float Score(int entry)
        {
            float frequency = entry & Postings.FrequencyMask;
            return weight * frequency / (frequency + normalisation[entry >>> Postings.NormShift]);
        }

        /// <summary>The number of forms listed: what reading the whole clause costs.</summary>
        public int Length => postings.Count;

        /// <summary>Adds the clause's scores of the forms from the cursor up to the window's end to the window; the cursor moves past them.</summary>
        public void Collect(Window window)
        {
            var (numbers, entries, count, end) = (postings.Numbers, postings.Entries, postings.Count, window.End);
            while (at < count && numbers[at] < end)
            {
                window.Add(numbers[at], Order, Score(entries[at]));
                at++;
            }

            Document = at < count ? numbers[at] : int.MaxValue;
        }

        /// <summary>Moves the cursor to the first document at or after <paramref name="number"/> (galloping, then halving); returns it.</summary>
        public int SeekTo(int number)
        {
            var numbers = postings.Numbers;
            if (at >= postings.Count || numbers[at] >= number)
            {
                return Document;
            }

            var step = 1;
            var low = at;
            while (low + step < postings.Count && numbers[low + step] < number)
            {
                low += step;
                step *= 2;
            }

            // The first at or after `number` lies in (low, high]; halving by hand (Array.BinarySearch looks up a comparer each call).
            var high = Math.Min(low + step, postings.Count);
            while (high - low > 1)
            {
                var middle = (low + high) >>> 1;
                if (numbers[middle] < number)
                {
                    low = middle;
                }
                else
                {
                    high = middle;
                }
            }

            at = high;
            return Document = at < postings.Count ? numbers[at] : int.MaxValue;
        }
    }

    /// <summary>
    /// What the essential clauses gave a window of form numbers: per form the sum of their scores (to bound it), each
    /// clause's score at its place in the query (to add them up in Lucene's order at the end), which clauses matched, and
    /// which forms they brought. Between searches everything but the scores is clear; each thread reuses its own.
    /// </summary>
    private sealed class Window
    {
        // The clause scores kept at most (a window of 256 forms for 64 clauses), so that the table stays in the cache.
        private const int Cells = 16384;

        [ThreadStatic]
        private static Window? reused;

        private int clauses;
        private int words;
        private double[] sums = [];
        private float[] scores = [];
        private ulong[] matched = [];
        private ulong[] present = [];

        // The first word of `present` that may still have a form.
        private int word;

        /// <summary>The first form number of the window.</summary>
        public int Start
        {
            get;
            set => (field, word) = (value, 0);
        }

        /// <summary>Past the window's last form number.</summary>
        public int End => Start + Size;

        /// <summary>Forms per window: a power of two, from 64 up to 4,096 for short queries.</summary>
        public int Size { get; private set; }

        public static Window For(int clauses)
        {
            var window = reused ??= new Window();
            window.Size = Math.Clamp(1 << BitOperations.Log2((uint)Math.Max(1, Cells / Math.Max(1, clauses))), 64, 4096);
            window.clauses = clauses;
            window.words = (clauses + 63) / 64;
            if (window.sums.Length < window.Size || window.scores.Length < window.Size * clauses)
            {
                var size = Math.Max(window.Size, window.sums.Length);
                window.sums = new double[size];
                window.present = new ulong[size / 64];
                window.scores = new float[Math.Max(window.scores.Length, window.Size * clauses)];
            }

            if (window.matched.Length < window.Size * window.words)
            {
                window.matched = new ulong[window.Size * window.words];
            }

            return window;
        }

        /// <summary>Records an essential clause's score for a form in the window: the form is brought, and its sum grows.</summary>
        public void Add(int number, int order, float score)
        {
            var offset = number - Start;
            sums[offset] += score;
            present[offset >> 6] |= 1UL << (offset & 63);
            Found(number, order, score);
        }

        /// <summary>Records the score of a clause looked up in a form already brought.</summary>
        public void Found(int number, int order, float score)
        {
            var offset = number - Start;
            scores[offset * clauses + order] = score;
            matched[offset * words + (order >> 6)] |= 1UL << (order & 63);
        }

        /// <summary>The forms brought so far, in number order (each taken off the list); -1 once there are none.</summary>
        public int Next()
        {
            for (; word < Size / 64; word++)
            {
                if (present[word] != 0)
                {
                    var bit = BitOperations.TrailingZeroCount(present[word]);
                    present[word] &= present[word] - 1;
                    return Start + word * 64 + bit;
                }
            }

            return -1;
        }

        public double Sum(int number) => sums[number - Start];

        /// <summary>The form's score: its clauses' scores added in double precision, last clause first.</summary>
        public double Total(int number)
        {
            var offset = number - Start;
            double total = 0;
            for (var word = words - 1; word >= 0; word--)
            {
                for (var bits = matched[offset * words + word]; bits != 0;)
                {
                    var bit = 63 - BitOperations.LeadingZeroCount(bits);
                    total += scores[offset * clauses + word * 64 + bit];
                    bits &= ~(1UL << bit);
                }
            }

            return total;
        }

        public void Clear(int number)
        {
            var offset = number - Start;
            sums[offset] = 0;
            if (words == 1)
            {
                matched[offset] = 0;
            }
            else
            {
                Array.Clear(matched, offset * words, words);
            }
        }
    }

    /// <summary>The best hits so far in a heap with the worst at its root: a lower score, then a higher number, is worse.</summary>
    private sealed class Hits(int top)
    {
        private readonly List<(float Score, int Number)> heap = [];

        /// <summary>
        /// True when the list is full and a form scoring at most <paramref name="bound"/> could not enter it: its score (a
        /// float, as Lucene's) would be below the last entry's. (A form scoring the same may still have a document with a
        /// lower number.) The bound is raised by far more than the rounding of adding up to a thousand floats in double
        /// precision.
        /// </summary>
        public bool Beyond(double bound) => bound * (1 + 1e-10) < cut;

        // Below this a double rounds to a float lower than the last entry's score; nothing is beyond it until the list is full.
        private double cut = double.NegativeInfinity;

        /// <summary>What a form must beat to enter; moves up as the list fills.</summary>
        public double Threshold => cut;

        /// <summary>Lists a form's documents (ascending numbers) that belong among the best; true when the last entry changed.</summary>
        public bool Offer(List<int> documents, float score)
        {
            var changed = false;
            foreach (var number in documents)
            {
                var hit = (score, number);
                if (heap.Count < top)
                {
                    heap.Add(hit);
                    Up(heap.Count - 1);
                    changed = heap.Count == top;
                }
                else if (Worse(heap[0], hit))
                {
                    heap[0] = hit;
                    Down(heap.Count);
                    changed = true;
                }
                else
                {
                    // The form's later documents have the same score and higher numbers: they lose too.
                    break;
                }
            }

            if (changed)
            {
                var last = heap[0].Score;
                cut = ((double)last + MathF.BitDecrement(last)) / 2;
            }

            return changed;
        }

        public List<(int Number, float Score)> Sorted()
        {
            var best = new List<(int, float)>(heap.Count);
            for (var size = heap.Count; size > 0; size--)
            {
                best.Add((heap[0].Number, heap[0].Score));
                heap[0] = heap[size - 1];
                Down(size - 1);
            }

            best.Reverse();
            return best;
        }

        private static bool Worse((float Score, int Number) x, (float Score, int Number) y) =>
            x.Score < y.Score || (x.Score == y.Score && x.Number > y.Number);

        private void Up(int at)
        {
            while (at > 0 && Worse(heap[at], heap[(at - 1) / 2]))
            {
                (heap[at], heap[(at - 1) / 2]) = (heap[(at - 1) / 2], heap[at]);
                at = (at - 1) / 2;
            }
        }

        private void Down(int size)
        {
            for (var at = 0; ;)
            {
                var worst = at;
                foreach (var child in (ReadOnlySpan<int>)[2 * at + 1, 2 * at + 2])
                {
                    if (child < size && Worse(heap[child], heap[worst]))
                    {
                        worst = child;
                    }
                }

                if (worst == at)
                {
                    return;
                }

                (heap[at], heap[worst]) = (heap[worst], heap[at]);
                at = worst;
            }
        }
    }

    /// <summary>Lucene's BM25 formulas (idf, average length, length encoding), reached through its protected members.</summary>
    private sealed class Bm25 : BM25Similarity
    {
        public float InverseDocumentFrequency(long documentFrequency, long documentCount) => Idf(documentFrequency, documentCount);

        public float AverageLength(string field, long documentCount, long tokens) =>
            AvgFieldLength(new CollectionStatistics(field, documentCount, -1, tokens, -1));

        public byte Norm(int length) => EncodeNormValue(1f, length);

        public float Length(byte norm) => DecodeNormValue(norm);
    }
}
