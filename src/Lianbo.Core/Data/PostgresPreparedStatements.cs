using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Lianbo.Core.Data;

/// <summary>
/// Keeps Npgsql's automatic preparation safe after a statement fails. When a statement that was being prepared fails
/// inside a transaction, Npgsql 10 still believes it prepared, and the next use of it on that pooled connection reads
/// the answer out of step ("Received unexpected backend message DataRow": npgsql/npgsql#6391, open). So once a command
/// on a connection fails or is cancelled, the connection forgets every prepared statement (<c>DEALLOCATE ALL</c> and
/// Npgsql's own list) as soon as it is out of the transaction: at once when there was none, at the rollback, and at
/// the latest when it goes back to the pool. Failures are rare (a conflict, a refused value), so the cost is too.
/// </summary>
public sealed class PostgresPreparedStatements : IDbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor
{
    // Connections whose statements must be forgotten once their transaction ends.
    private readonly ConditionalWeakTable<DbConnection, object> _toForget = [];

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Failed(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(command);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Failed(command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(command);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => RolledBack(eventData);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RolledBack(eventData);
        return Task.CompletedTask;
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ForgetIfMarked(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ForgetIfMarked(connection);
        return ValueTask.FromResult(result);
    }

    private void Failed(DbCommand command)
    {
        if (command.Connection is not NpgsqlConnection connection || !Prepares(connection))
        {
            return;
        }

        if (command.Transaction is null)
        {
            Forget(connection);
        }
        else
        {
            _toForget.AddOrUpdate(connection, this);
        }
    }

    private void RolledBack(TransactionEndEventData eventData)
    {
        if (eventData.Context?.Database.GetDbConnection() is { } connection)
        {
            ForgetIfMarked(connection);
        }
    }

    private void ForgetIfMarked(DbConnection connection)
    {
        if (_toForget.Remove(connection) && connection is NpgsqlConnection npgsql)
        {
            Forget(npgsql);
        }
    }

    private static bool Prepares(NpgsqlConnection connection) => new NpgsqlConnectionStringBuilder(connection.ConnectionString).MaxAutoPrepare > 0;

    // A connection left broken by the failure has nothing to forget: the pool throws it away.
    private static void Forget(NpgsqlConnection connection)
    {
        if (connection.FullState == System.Data.ConnectionState.Open)
        {
            connection.UnprepareAll();
        }
    }
}
