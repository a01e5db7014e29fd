namespace Lianbo.Matching.Tests;

public class TextIndexTests
{
    // Words of offers and needs in both languages, common ones included ("and", "of", 的), so that texts share words,
    // differ in length and often score the same.
    private static readonly string[] Phrases =
    [
        "lithium-ion battery cells", "battery cells and modules", "磷酸铁锂动力电池电芯", "三元电池", "cathode materials of nickel and cobalt",
        "refined lithium carbonate", "锂矿", "spodumene concentrate", "car-grade chips and sensors", "车规级芯片", "electric motors for vehicles",
        "dairy products and milk powder", "乳制品", "cold-chain logistics", "冷链物流", "solar cells and modules", "光伏组件", "industrial robots",
        "工业机器人", "we buy", "we supply", "buyers of", "reliable export quality", "优质 出口 认证", "long-term partners", "的", "and", "of the",
    ];

    private static List<string> Texts(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => string.Join(random.Next(3) == 0 ? "，" : " ",
            Enumerable.Range(0, random.Next(1, 6)).Select(_ => Phrases[random.Next(Phrases.Length)])))];
    }

    private static Guid Id(int i) => new(i + 1, 0, 0, new byte[8]);

    [Fact]
    public void A_search_scores_and_ranks_as_Lucenes_BM25_over_the_same_texts()
    {
        var texts = Texts(400, seed: 1);
        using var index = new TextIndex();
        for (var i = 0; i < texts.Count; i++)
        {
            index.Upsert(Id(i), index.Analyse(texts[i]));
        }

        using var lucene = new LuceneIndex(texts);
        foreach (var query in Texts(30, seed: 2).Concat(texts.Take(10)))
        {
            foreach (var top in new[] { 1, 10, 200 })
            {
                Assert.Equal(lucene.Search(index, query, top).ToDictionary(h => Id(h.Key), h => h.Value), index.Search(query, top));
            }
        }
    }

    [Fact]
    public void Texts_written_alike_many_times_rank_as_in_Lucene_ties_by_the_order_they_were_added()
    {
        // A few dozen distinct texts, each written by many organisations in turn (and the same words in another order):
        // the index lists each form once, yet every document of a form must rank where Lucene ranks it. Texts that differ
        // only in a word no query asks for score the same: their documents interleave in the ties.
        string[] fillers = ["alpha", "bravo", "charlie", "delta", "echo"];
        var distinct = Texts(40, seed: 7).Concat(Phrases.Take(4).SelectMany(p => fillers.Select(f => $"{p} {f}"))).ToList();
        var random = new Random(8);
        var texts = Enumerable.Range(0, 3000).Select(_ => distinct[random.Next(distinct.Count)])
            .Select(t => random.Next(4) == 0 ? string.Join(" ", t.Split(' ').Reverse()) : t).ToList();
        using var index = new TextIndex();
        for (var i = 0; i < texts.Count; i++)
        {
            index.Upsert(Id(i), index.Analyse(texts[i]));
        }

        using var lucene = new LuceneIndex(texts);
        foreach (var query in Texts(30, seed: 9).Concat(distinct.Take(5)).Concat(Phrases.Take(4)))
        {
            foreach (var top in new[] { 1, 7, 200, 1000 })
            {
                Assert.Equal(lucene.Search(index, query, top).ToDictionary(h => Id(h.Key), h => h.Value), index.Search(query, top));
            }
        }
    }

    [Fact]
    public void After_texts_are_replaced_and_removed_a_search_answers_as_an_index_of_the_texts_left()
    {
        // Enough replacements for the replaced texts to be compacted away at least once.
        var random = new Random(3);
        var texts = Texts(1200, seed: 4);
        // Half of the replacements repeat a text already written, so that forms lose and regain documents.
        var replacements = Texts(2400, seed: 5).Select((t, i) => i % 2 == 0 ? texts[random.Next(texts.Count)] : t).ToList();
        var current = new List<(Guid Id, string Text)>();
        using var edited = new TextIndex();
        for (var i = 0; i < texts.Count; i++)
        {
            edited.Upsert(Id(i), edited.Analyse(texts[i]));
            current.Add((Id(i), texts[i]));
        }

        foreach (var text in replacements)
        {
            var id = Id(random.Next(texts.Count));
            current.RemoveAll(t => t.Id == id);
            if (random.Next(10) > 0)
            {
                edited.Upsert(id, edited.Analyse(text));
                current.Add((id, text));
            }
            else
            {
                edited.Upsert(id, null);
            }
        }

        using var rebuilt = new TextIndex();
        foreach (var (id, text) in current)
        {
            rebuilt.Upsert(id, rebuilt.Analyse(text));
        }

        foreach (var query in Texts(40, seed: 6))
        {
            Assert.Equal(rebuilt.Search(query, 20), edited.Search(query, 20));
        }
    }

    [Fact]
    public void Texts_of_one_form_leave_the_statistics_as_they_came_whichever_is_replaced_first()
    {
        // The same words in another order and with other separators: one form. Replacing either text (and writing the
        // second again) must leave the index as if built from what is left.
        var words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike 锂矿";
        List<string> texts = [words, string.Join("，", words.Split(' ').Reverse()), .. Texts(50, seed: 13)];
        using var edited = new TextIndex();
        for (var i = 0; i < texts.Count; i++)
        {
            edited.Upsert(Id(i), edited.Analyse(texts[i]));
        }

        edited.Upsert(Id(0), null);
        edited.Upsert(Id(1), null);
        edited.Upsert(Id(1), edited.Analyse(texts[1]));

        using var rebuilt = new TextIndex();
        for (var i = 2; i < texts.Count; i++)
        {
            rebuilt.Upsert(Id(i), rebuilt.Analyse(texts[i]));
        }

        rebuilt.Upsert(Id(1), rebuilt.Analyse(texts[1]));
        foreach (var query in Texts(20, seed: 14).Append("alpha mike 锂矿"))
        {
            Assert.Equal(rebuilt.Search(query, 30), edited.Search(query, 30));
        }
    }

    [Fact]
    public void A_remembered_search_answers_as_a_fresh_one_and_is_forgotten_when_a_text_changes()
    {
        var random = new Random(10);
        var texts = Texts(600, seed: 11);
        var queries = Texts(12, seed: 12);
        // Room for five answers: remembering more forgets the others.
        using var remembering = new TextIndex(answers: 5);
        using var fresh = new TextIndex();
        for (var i = 0; i < texts.Count; i++)
        {
            remembering.Upsert(Id(i), remembering.Analyse(texts[i]));
            fresh.Upsert(Id(i), fresh.Analyse(texts[i]));
        }

        for (var round = 0; round < 300; round++)
        {
            var query = queries[random.Next(queries.Count)];
            Assert.Equal(fresh.Search(query, 10), remembering.Search(query, 10));
            if (round % 7 == 0)
            {
                // A text that answers the query itself: a stale answer would miss it.
                var (id, text) = (Id(random.Next(texts.Count + 50)), random.Next(3) == 0 ? query : texts[random.Next(texts.Count)]);
                remembering.Upsert(id, remembering.Analyse(text));
                fresh.Upsert(id, fresh.Analyse(text));
            }
        }
    }
}
