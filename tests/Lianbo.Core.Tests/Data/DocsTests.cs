using System.Text.RegularExpressions;

namespace Lianbo.Core.Tests.Data;

/// <summary>The README introduces and the guides explain: the README stays short, and no link between them is broken.</summary>
public partial class DocsTests
{
    [Fact]
    public void The_README_fits_on_a_few_screens()
    {
        var lines = File.ReadAllLines(Path.Combine(TestStore.RepositoryDirectory, "README.md")).Length;

        Assert.True(lines <= 200, $"README.md has {lines} lines; the guides in docs/ take the rest");
    }

    public static TheoryData<string> Documents() =>
        [.. new[] { "README.md", "CONTRIBUTING.md", "CHANGELOG.md", "data/README.md" }
            .Concat(Directory.EnumerateFiles(Path.Combine(TestStore.RepositoryDirectory, "docs"), "*.md").Select(f => Path.GetRelativePath(TestStore.RepositoryDirectory, f)))];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_leads_to_a_file_and_heading_that_exist(string document)
    {
        var path = Path.Combine(TestStore.RepositoryDirectory, document);
        var broken = new List<string>();
        foreach (Match link in Link().Matches(File.ReadAllText(path)))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal) || target.StartsWith('/'))
            {
                continue;
            }

            var (file, anchor) = target.Split('#', 2) is [var f, var a] ? (f, a) : (target, "");
            var linked = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(linked) && !Directory.Exists(linked))
            {
                broken.Add(target);
            }
            else if (anchor.Length > 0 && linked.EndsWith(".md", StringComparison.Ordinal) && !Anchors(linked).Contains(anchor))
            {
                broken.Add(target);
            }
        }

        Assert.True(broken.Count == 0, $"{document}: {string.Join(", ", broken)}");
    }

    // GitHub's heading anchors: lower case, punctuation dropped (letters of any script kept), spaces to hyphens,
    // a repeated heading numbered -1, -2…
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inCode = false;
        foreach (var line in File.ReadLines(markdown))
        {
            inCode ^= line.StartsWith("```", StringComparison.Ordinal);
            if (inCode || Heading().Match(line) is not { Success: true } heading)
            {
                continue;
            }

            var slug = Slug().Replace(heading.Groups[1].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            var anchor = slug;
            for (var n = 1; !anchors.Add(anchor); n++)
            {
                anchor = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\p{Mn}\s_-]")]
    private static partial Regex Slug();
}
