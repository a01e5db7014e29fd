using System.Diagnostics;

namespace Lianbo.Core.Tests.Data;

/// <summary>
/// No key, database, mail or upload is ever committed: tests/check-tree.sh says so for this tree (the README's
/// test command also runs it first), and it is shown here to catch each kind in a tree that holds one.
/// </summary>
public class RepositoryTreeTests
{
    [Fact]
    public void This_tree_holds_no_key_material_database_mail_or_upload()
    {
        var (code, output) = Check(TestStore.RepositoryDirectory);

        Assert.True(code == 0, output);
    }

    [Fact]
    public void Each_kind_of_state_in_a_tree_is_found_and_named()
    {
        var tree = Directory.CreateTempSubdirectory("lianbo-tree-").FullName;
        try
        {
            Git(tree, "init", "-q");
            File.WriteAllText(Path.Combine(tree, "README.md"), "fine\n");
            Directory.CreateDirectory(Path.Combine(tree, "data", "keys"));
            // A key ring file as Data Protection writes one, and a PEM key, under names that do not give them away.
            File.WriteAllText(Path.Combine(tree, "data", "keys", "ring.xml"), "<key id=\"x\"><descriptor><master" + "Key><value>AAAA</value></master" + "Key></descriptor></key>");
            File.WriteAllText(Path.Combine(tree, "notes.txt"), "-----BEGIN " + "PRIVATE KEY-----\nAAAA\n-----END " + "PRIVATE KEY-----\n");
            File.WriteAllBytes(Path.Combine(tree, "store.bin"), [.. "SQLite format 3\0"u8, 0, 1]);
            File.WriteAllText(Path.Combine(tree, "trade.duckdb"), "");
            File.WriteAllText(Path.Combine(tree, "welcome.eml"), "To: someone@example.test\r\n\r\nhello");
            Directory.CreateDirectory(Path.Combine(tree, "uploads"));
            File.WriteAllText(Path.Combine(tree, "uploads", "logo.png"), "png");
            Git(tree, "add", "README.md", "data", "notes.txt");

            var (code, output) = Check(tree);

            Assert.Equal(1, code);
            foreach (var file in new[] { "data/keys/ring.xml", "notes.txt", "store.bin", "trade.duckdb", "welcome.eml", "uploads/logo.png" })
            {
                Assert.Contains($"check-tree: {file}:", output, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("README.md", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    [Fact]
    public void An_ignored_state_directory_is_not_the_trees_business()
    {
        var tree = Directory.CreateTempSubdirectory("lianbo-tree-").FullName;
        try
        {
            Git(tree, "init", "-q");
            File.WriteAllText(Path.Combine(tree, ".gitignore"), "/var/\n");
            Directory.CreateDirectory(Path.Combine(tree, "var"));
            File.WriteAllText(Path.Combine(tree, "var", "lianbo.db"), "");

            Assert.Equal(0, Check(tree).Code);
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    private static (int Code, string Output) Check(string tree)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestStore.RepositoryDirectory, "tests", "check-tree.sh"), tree])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    private static void Git(string directory, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("git", args) { WorkingDirectory = directory, RedirectStandardOutput = true })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
