using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Lianbo.Matching;

/// <summary>
/// BM25 over short texts in Chinese, English or both: each text is indexed twice, segmented by SmartCn (Chinese
/// words) and by the English analyzer (stemmed words), and a query is analysed the same two ways. In memory;
/// a changed text is visible to the next search without rebuilding the index.
/// </summary>
internal sealed class TextIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string IdField = "id";
    private const string ZhField = "zh";
    private const string EnField = "en";

    private readonly System.Threading.Lock gate = new();
    private readonly Analyzer analyzer;
    private readonly RAMDirectory directory = new();
    private readonly IndexWriter writer;
    private DirectoryReader? reader;
    private IndexSearcher? searcher;
    private bool dirty = true;

    public TextIndex()
    {
        analyzer = new PerFieldAnalyzerWrapper(new EnglishAnalyzer(Version), new Dictionary<string, Analyzer> { [ZhField] = new SmartChineseAnalyzer(Version) });
        writer = new IndexWriter(directory, new IndexWriterConfig(Version, analyzer) { Similarity = new BM25Similarity(), OpenMode = OpenMode.CREATE });
    }

    public void Upsert(Guid id, string text)
    {
        lock (gate)
        {
            var key = new Term(IdField, id.ToString("N"));
            if (string.IsNullOrWhiteSpace(text))
            {
                writer.DeleteDocuments(key);
            }
            else
            {
                writer.UpdateDocument(key, new Document
                {
                    new StringField(IdField, id.ToString("N"), Field.Store.YES),
                    new TextField(ZhField, text, Field.Store.NO),
                    new TextField(EnField, text, Field.Store.NO),
                });
            }

            dirty = true;
        }
    }

    /// <summary>The best matches for a text, their BM25 scores divided by the best one's (so 1 for the top match).</summary>
    public Dictionary<Guid, double> Search(string text, int top)
    {
        var result = new Dictionary<Guid, double>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        var query = new BooleanQuery();
        foreach (var field in new[] { ZhField, EnField })
        {
            foreach (var term in Terms(field, text).Distinct(StringComparer.Ordinal).Take(BooleanQuery.MaxClauseCount / 2))
            {
                query.Add(new TermQuery(new Term(field, term)), Occur.SHOULD);
            }
        }

        if (query.Clauses.Count == 0)
        {
            return result;
        }

        var current = Searcher();
        var hits = current.Search(query, top).ScoreDocs;
        if (hits.Length == 0)
        {
            return result;
        }

        var best = hits[0].Score;
        foreach (var hit in hits)
        {
            result[Guid.ParseExact(current.Doc(hit.Doc).Get(IdField, System.Globalization.CultureInfo.InvariantCulture), "N")] = hit.Score / best;
        }

        return result;
    }

    /// <summary>The words a text is indexed under, for tests and for explaining a match.</summary>
    public List<string> Terms(string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            // SmartCn also emits punctuation as tokens; they carry no meaning.
            var word = term.ToString();
            if (word.Any(char.IsLetterOrDigit))
            {
                terms.Add(word);
            }
        }

        stream.End();
        return terms;
    }

    private IndexSearcher Searcher()
    {
        lock (gate)
        {
            if (dirty || searcher is null)
            {
                var next = reader is null ? DirectoryReader.Open(writer, applyAllDeletes: true) : DirectoryReader.OpenIfChanged(reader, writer, applyAllDeletes: true);
                if (next is not null)
                {
                    reader?.Dispose();
                    reader = next;
                    searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
                }

                dirty = false;
            }

            return searcher!;
        }
    }

    public void Dispose()
    {
        reader?.Dispose();
        writer.Dispose();
        directory.Dispose();
        analyzer.Dispose();
    }
}
