using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SecurityHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "AuditEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreatedFrom",
                table: "ApiTokens",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                // Tokens from before are not known to come from a sign-in: they may not make tokens nor delete the account.
                defaultValue: "Token");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Sequence",
                table: "AuditEntries",
                column: "Sequence",
                unique: true);

            // Still append-only, with one exception: an entry from before the chain, still without a hash, may be sealed
            // once (its chain columns set; see AuditChain.SealAsync). Any other change is refused.
            migrationBuilder.Sql("""DROP TRIGGER "AuditEntries_no_update";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries"
                WHEN OLD."Hash" IS NOT NULL OR NEW."Id" IS NOT OLD."Id" OR NEW."At" IS NOT OLD."At" OR NEW."ActorId" IS NOT OLD."ActorId"
                    OR NEW."ActorRole" IS NOT OLD."ActorRole" OR NEW."Action" IS NOT OLD."Action" OR NEW."EntityType" IS NOT OLD."EntityType"
                    OR NEW."EntityId" IS NOT OLD."EntityId" OR NEW."Before" IS NOT OLD."Before" OR NEW."After" IS NOT OLD."After"
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """);

            // Identity's lock per account is off (SignInThrottle locks per account and address); nobody stays locked by it.
            migrationBuilder.Sql("""UPDATE "AspNetUsers" SET "LockoutEnabled" = 0, "LockoutEnd" = NULL, "AccessFailedCount" = 0;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEntries_no_update";""");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Sequence",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "CreatedFrom",
                table: "ApiTokens");

            // Dropping columns rebuilds the table, which drops its triggers: both come back as AuditAppendOnly made them.
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEntries_no_delete";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """);
        }
    }
}
