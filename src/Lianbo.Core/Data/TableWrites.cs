using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lianbo.Core.Data;

/// <summary>
/// What this process has written to the platform store, table by table: a version per table that moves on every
/// committed write, and events around each commit, for what keeps answers in memory (the recommender, the web app's cache
/// of public reads). Fed by <see cref="TableWriteInterceptor"/> and <see cref="TableCommitInterceptor"/>, which see every
/// statement Entity Framework sends (SaveChanges, ExecuteUpdate/ExecuteDelete, raw SQL) on either database.
/// Writes made by another process are not seen here unless something reports them (<see cref="CommittedElsewhere"/>: on
/// PostgreSQL the web nodes tell one another).
/// </summary>
public sealed partial class TableWrites
{
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConditionalWeakTable<DbTransaction, HashSet<string>> _pending = [];

    /// <summary>Raised before a transaction that wrote these tables commits (what is being computed may hold old data).</summary>
    public event Action<IReadOnlyCollection<string>>? Committing;

    /// <summary>Raised after these tables' writes are committed, here or elsewhere, on the writer's (or reporter's) thread.</summary>
    public event Action<IReadOnlyCollection<string>>? Committed;

    /// <summary>Raised after this process's own writes to these tables are committed (for telling other processes).</summary>
    public event Action<IReadOnlyCollection<string>>? CommittedHere;

    /// <summary>Another process committed writes to these tables: the versions move on and the events are raised as for a write here.</summary>
    public void CommittedElsewhere(IReadOnlyCollection<string> tables)
    {
        Committing?.Invoke(tables);
        Commit(tables, here: false);
    }

    /// <summary>The versions of these tables together: it changes whenever one of them was written.</summary>
    public string Version(IEnumerable<string> tables) => string.Join('/', tables.Select(t => _versions.GetValueOrDefault(t)));

    /// <summary>The tables an INSERT, UPDATE or DELETE at the start of one of the SQL's statements writes to.</summary>
    public static IReadOnlyCollection<string> Written(string sql)
    {
        HashSet<string>? tables = null;
        foreach (Match match in WriteStatement().Matches(sql))
        {
            (tables ??= new(StringComparer.OrdinalIgnoreCase)).Add(match.Groups[1].Value);
        }

        return tables ?? (IReadOnlyCollection<string>)[];
    }

    internal void Executed(DbCommand command)
    {
        var tables = Written(command.CommandText);
        if (tables.Count == 0)
        {
            return;
        }

        if (command.Transaction is { } transaction)
        {
            _pending.GetValue(transaction, _ => new(StringComparer.OrdinalIgnoreCase)).UnionWith(tables);
        }
        else
        {
            Committing?.Invoke(tables);
            Commit(tables, here: true);
        }
    }

    internal void BeforeCommit(DbTransaction transaction)
    {
        if (_pending.TryGetValue(transaction, out var tables))
        {
            Committing?.Invoke(tables);
        }
    }

    internal void AfterCommit(DbTransaction transaction)
    {
        if (_pending.TryGetValue(transaction, out var tables))
        {
            _pending.Remove(transaction);
            Commit(tables, here: true);
        }
    }

    internal void RolledBack(DbTransaction transaction) => _pending.Remove(transaction);

    private void Commit(IReadOnlyCollection<string> tables, bool here)
    {
        foreach (var table in tables)
        {
            _versions.AddOrUpdate(table, 1, (_, v) => v + 1);
        }

        Committed?.Invoke(tables);
        if (here)
        {
            CommittedHere?.Invoke(tables);
        }
    }

    [GeneratedRegex("""(?:^|;)\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+(?:"?\w+"?\.)?"?(\w+)"?""", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex WriteStatement();
}

/// <summary>Hands every executed statement to <see cref="TableWrites"/>.</summary>
public sealed class TableWriteInterceptor(TableWrites writes) : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        writes.Executed(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        writes.Executed(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        writes.Executed(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        writes.Executed(command);
        return ValueTask.FromResult(result);
    }
}

/// <summary>Tells <see cref="TableWrites"/> when a transaction that wrote commits or rolls back.</summary>
public sealed class TableCommitInterceptor(TableWrites writes) : DbTransactionInterceptor
{
    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        writes.BeforeCommit(transaction);
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        writes.BeforeCommit(transaction);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => writes.AfterCommit(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        writes.AfterCommit(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => writes.RolledBack(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        writes.RolledBack(transaction);
        return Task.CompletedTask;
    }
}
