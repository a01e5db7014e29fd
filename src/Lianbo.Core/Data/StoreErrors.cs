using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lianbo.Core.Data;

/// <summary>Recognises the store refusing a write, whichever provider refused it.</summary>
public static class StoreErrors
{
    // SQLite reports SQLITE_CONSTRAINT (19) with the extended code SQLITE_CONSTRAINT_UNIQUE (2067) or _PRIMARYKEY (1555).
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
