using System.Text;
using System.Text.Json.Nodes;

namespace Lianbo.Core.Tests.Chains;

/// <summary>
/// Chain files that must be refused, each with a piece of text the refusal shows (the line, the field or the reason):
/// shared by the command line's tests (exit 2) and the API's (400), which also check that nothing was stored. Every file
/// is named <see cref="FileName"/> and written on one line, so that a JSON error is on line 1.
/// </summary>
public static class ChainFileCorpus
{
    public const string FileName = "corpus.json";

    /// <summary>A small chain that imports: goods upstream, services downstream.</summary>
    public static JsonObject Good(string id = "corpus-chain") => JsonNode.Parse($$"""
        {
          "id": "{{id}}", "version": "2025.1", "kind": "chain", "order": 60, "nameZh": "语料链", "nameEn": "Corpus chain",
          "descriptionZh": "用于测试的链。", "descriptionEn": "A chain for the tests.", "colour": "#336699",
          "stages": [
            { "id": "cells", "nameZh": "电芯", "nameEn": "Cells", "position": "upstream", "kind": "goods",
              "products": [ { "hs2022": "850760", "hs1992": ["850780"], "rationale": "Lithium-ion cells for battery packs." } ] },
            { "id": "advice", "nameZh": "咨询", "nameEn": "Advice", "position": "downstream", "kind": "services" }
          ],
          "edges": [ { "from": "cells", "to": "advice" } ]
        }
        """)!.AsObject();

    public static IEnumerable<(string Name, byte[] File, string Shows)> Malformed()
    {
        var good = Good().ToJsonString();
        yield return ("not JSON", Utf8("{ this is not json"), FileName + ", line 1");
        yield return ("cut short", Utf8(good[..(good.Length / 2)]), FileName + ", line 1");
        yield return ("nested too deep", Utf8(new string('[', 5_000) + new string(']', 5_000)), FileName + ", line 1");
        yield return ("not UTF-8", [.. Encoding.UTF8.GetBytes(good[..40]), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(good[40..])], FileName + ", line 1");
        yield return ("a number as text", With(c => c["order"] = "sixty"), "$.order");
        yield return ("stages as an object", With(c => c["stages"] = new JsonObject()), "$.stages");
        yield return ("a field the schema lacks", With(c => c["colourCode"] = "blue"), "colourCode");
        yield return ("a required field missing", With(c => c.Remove("nameEn")), "nameEn");
        yield return ("an unknown kind", With(c => c["kind"] = "industry"), "$.kind");
        yield return ("a null stage", With(c => c["stages"]!.AsArray().Insert(0, null)), "stages[0]");
        yield return ("a null edge", With(c => c["edges"]!.AsArray().Add(null)), "edges[1]");
        yield return ("an empty array", Utf8("[]"), "the file holds no chain");
        yield return ("two stages with one id", With(c => c["stages"]![1]!["id"] = "cells"), "two stages have this id");
        yield return ("a cycle", With(c => c["edges"]!.AsArray().Add(new JsonObject { ["from"] = "advice", ["to"] = "cells" })), "the stages form a cycle");
        yield return ("an edge to no stage", With(c => c["edges"]![0]!["to"] = "nowhere"), "names a stage the chain does not have");
        yield return ("an unknown HS code", With(c => c["stages"]![0]!["products"]![0]!["hs2022"] = "850799"), "850799: not a 4- or 6-digit code of HS 2022");
        yield return ("a NUL in a name", With(c => c["nameEn"] = "Corpus\0chain"), "nameEn holds a control character");
        yield return ("one bad chain of two", Utf8(new JsonArray(Good("corpus-one"), Changed(Good("corpus-two"), c => c["stages"]![0]!["products"]![0]!["hs2022"] = "850799")).ToJsonString()),
            "850799: not a 4- or 6-digit code of HS 2022");
    }

    private static byte[] With(Action<JsonObject> change) => Utf8(Changed(Good(), change).ToJsonString());

    private static JsonObject Changed(JsonObject chain, Action<JsonObject> change)
    {
        change(chain);
        return chain;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
