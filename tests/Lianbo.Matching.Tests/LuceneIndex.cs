using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Lianbo.Matching.Tests;

/// <summary>
/// Texts in a Lucene index as the recommender once kept them (a field per analyzer, BM25), searched with the same
/// boolean query of words as <see cref="TextIndex"/>: the tests compare scores and ranks with it, and the matchmaking
/// bench times the same searches through it (the file is linked there).
/// </summary>
internal sealed class LuceneIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly RAMDirectory directory = new();
    private readonly DirectoryReader reader;
    private readonly IndexSearcher searcher;

    /// <summary>
    /// Indexes the texts (number i is the i-th), merged into one segment as a read-only index would be; segments are merged
    /// only with their neighbours, so documents keep the order they were added in, which settles ties.
    /// </summary>
    public LuceneIndex(IReadOnlyList<string> texts)
    {
        using var analyzer = new PerFieldAnalyzerWrapper(new EnglishAnalyzer(Version), new Dictionary<string, Analyzer> { ["zh"] = new SmartChineseAnalyzer(Version) });
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(Version, analyzer) { Similarity = new BM25Similarity(), MergePolicy = new LogByteSizeMergePolicy() }))
        {
            for (var i = 0; i < texts.Count; i++)
            {
                writer.AddDocument(new Document
                {
                    new StringField("id", i.ToString(CultureInfo.InvariantCulture), Field.Store.YES),
                    new TextField("zh", texts[i], Field.Store.NO),
                    new TextField("en", texts[i], Field.Store.NO),
                });
            }

            writer.ForceMerge(1);
        }

        reader = DirectoryReader.Open(directory);
        searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
    }

    /// <summary>The best <paramref name="top"/> documents for the words <paramref name="words"/> reads in the text (Lucene's doc numbers).</summary>
    public TopDocs Top(TextIndex words, string text, int top)
    {
        var query = new BooleanQuery();
        foreach (var field in new[] { "zh", "en" })
        {
            foreach (var word in words.Terms(field, text).Distinct(StringComparer.Ordinal))
            {
                query.Add(new TermQuery(new Term(field, word)), Occur.SHOULD);
            }
        }

        return searcher.Search(query, top);
    }

    /// <summary>The best texts' numbers with their scores relative to the first.</summary>
    public Dictionary<int, double> Search(TextIndex words, string text, int top)
    {
        var hits = Top(words, text, top).ScoreDocs;
        return hits.ToDictionary(h => int.Parse(searcher.Doc(h.Doc).Get("id", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), h => (double)(h.Score / hits[0].Score));
    }

    public void Dispose()
    {
        reader.Dispose();
        directory.Dispose();
    }
}
