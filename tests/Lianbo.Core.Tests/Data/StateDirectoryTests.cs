using Lianbo.Core.Data;

namespace Lianbo.Core.Tests.Data;

public class StateDirectoryTests
{
    private static readonly Guid Leaked = Guid.Parse("81c4a13f-c640-4955-ae83-3117c613eda6");

    [Fact]
    public void A_legacy_installs_state_moves_out_of_the_shipped_data_and_the_published_key_stays_behind()
    {
        var root = Directory.CreateTempSubdirectory("lianbo-state-").FullName;
        var legacy = Path.Combine(root, "data");
        var state = Path.Combine(root, "var");
        Write(legacy, "lianbo.db", "platform");
        Write(legacy, "lianbo.db-wal", "wal");
        Write(legacy, "trade.duckdb", "trade");
        Write(legacy, "mail/2026-12-01.eml", "mail");
        Write(legacy, $"keys/key-{Leaked:D}.xml", "published");
        Write(legacy, "keys/key-00000000-0000-0000-0000-000000000001.xml", "own");
        Write(legacy, "reference/hs2022.csv", "shipped");

        var moved = StateDirectory.MoveLegacyState(state, legacy, [Leaked]);

        Assert.Equal(["lianbo.db", "lianbo.db-wal", "trade.duckdb", "mail/", "keys/"], moved);
        Assert.Equal("platform", File.ReadAllText(Path.Combine(state, "lianbo.db")));
        Assert.Equal("own", File.ReadAllText(Path.Combine(state, "keys", "key-00000000-0000-0000-0000-000000000001.xml")));
        Assert.False(File.Exists(Path.Combine(state, "keys", $"key-{Leaked:D}.xml")));
        Assert.False(File.Exists(Path.Combine(legacy, "lianbo.db")));
        Assert.True(File.Exists(Path.Combine(legacy, "reference", "hs2022.csv")));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Nothing_moves_when_the_state_directory_already_has_a_store_or_the_legacy_folder_has_none()
    {
        var root = Directory.CreateTempSubdirectory("lianbo-state-").FullName;
        var legacy = Path.Combine(root, "data");
        var state = Path.Combine(root, "var");
        Write(legacy, "reference/hs2022.csv", "shipped");
        Assert.Empty(StateDirectory.MoveLegacyState(state, legacy, [Leaked]));

        Write(legacy, "lianbo.db", "old");
        Write(state, "lianbo.db", "current");
        Assert.Empty(StateDirectory.MoveLegacyState(state, legacy, [Leaked]));
        Assert.Equal("current", File.ReadAllText(Path.Combine(state, "lianbo.db")));
        Assert.Empty(StateDirectory.MoveLegacyState(legacy, legacy, [Leaked]));
        Directory.Delete(root, recursive: true);
    }

    private static void Write(string directory, string name, string text)
    {
        var path = Path.Combine(directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
