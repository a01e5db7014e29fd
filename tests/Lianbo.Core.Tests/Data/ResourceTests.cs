using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Lianbo.Core.Tests.Data;

/// <summary>Every message of every project exists in English and Chinese, with the same placeholders.</summary>
public partial class ResourceTests
{
    public static TheoryData<string> Files() =>
        [.. Directory.EnumerateFiles(Path.Combine(TestStore.RepositoryDirectory, "src"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".zh-Hans.resx", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(TestStore.RepositoryDirectory, f))];

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_text_has_its_Chinese_twin_with_the_same_placeholders(string file)
    {
        var english = Texts(Path.Combine(TestStore.RepositoryDirectory, file));
        var chinese = Texts(Path.Combine(TestStore.RepositoryDirectory, file[..^".resx".Length] + ".zh-Hans.resx"));

        Assert.NotEmpty(english);
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), chinese.Keys.Order(StringComparer.Ordinal));
        Assert.All(english, e => Assert.True(Placeholders(e.Value).SetEquals(Placeholders(chinese[e.Key])), $"{e.Key}: \"{e.Value}\" and \"{chinese[e.Key]}\" take different arguments"));
    }

    private static Dictionary<string, string> Texts(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    // The argument numbers a format string uses ({0}, {1:N0}); doubled braces are literal.
    private static HashSet<int> Placeholders(string text) =>
        [.. Placeholder().Matches(text.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal)).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
