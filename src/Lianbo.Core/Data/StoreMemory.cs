using System.Collections.Concurrent;

namespace Lianbo.Core.Data;

/// <summary>
/// Small read-mostly values from the platform store (names of products, countries and stages; the editions' time zones)
/// kept in memory for the requests that show them on every call. A value is read again once this process has committed a
/// write to one of the tables it comes from (<see cref="TableWrites"/>), and at the latest after <see cref="Longest"/>,
/// for what another process (the command line, another web node) wrote. Not for anything that decides access or money.
/// </summary>
public sealed class StoreMemory(TableWrites writes, TimeProvider clock)
{
    /// <summary>How long a value may stand for another process's writes.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    private sealed record Entry(string Version, DateTimeOffset At, object Value);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The value under <paramref name="key"/>, read by <paramref name="load"/> when <paramref name="tables"/> changed or it is too old.</summary>
    public async Task<T> GetAsync<T>(string key, IReadOnlyCollection<string> tables, Func<CancellationToken, Task<T>> load, CancellationToken ct = default)
        where T : class
    {
        // Taken before the read: a write committed meanwhile leaves an older version beside the value, so the next call reads again.
        var version = writes.Version(tables);
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var kept) && kept.Version == version && now - kept.At < Longest)
        {
            return (T)kept.Value;
        }

        var value = await load(ct);
        _entries[key] = new Entry(version, now, value);
        return value;
    }
}

public static class StoreMemoryExtensions
{
    /// <summary>From <paramref name="memory"/> where there is one (the web app), else read now (the command line, tests).</summary>
    public static Task<T> GetOrLoadAsync<T>(this StoreMemory? memory, string key, IReadOnlyCollection<string> tables, Func<CancellationToken, Task<T>> load, CancellationToken ct = default)
        where T : class =>
        memory is null ? load(ct) : memory.GetAsync(key, tables, load, ct);
}
