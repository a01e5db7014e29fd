using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Postgres
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "AuditEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "AuditEntries",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreatedFrom",
                table: "ApiTokens",
                type: "character varying(16)",
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
            // once (its chain columns set; see AuditChain.SealAsync). Any other change is refused; deletes and truncation as before.
            migrationBuilder.Sql("""
                DROP TRIGGER "AuditEntries_append_only" ON "AuditEntries";
                CREATE TRIGGER "AuditEntries_append_only" BEFORE DELETE OR TRUNCATE ON "AuditEntries"
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                CREATE FUNCTION audit_entries_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD."Hash" IS NOT NULL
                        OR (NEW."Id", NEW."At", NEW."ActorId", NEW."ActorRole", NEW."Action", NEW."EntityType", NEW."EntityId", NEW."Before", NEW."After")
                        IS DISTINCT FROM (OLD."Id", OLD."At", OLD."ActorId", OLD."ActorRole", OLD."Action", OLD."EntityType", OLD."EntityId", OLD."Before", OLD."After")
                    THEN
                        RAISE EXCEPTION 'the audit log is append-only';
                    END IF;
                    RETURN NEW;
                END; $$;
                CREATE TRIGGER "AuditEntries_seal_only" BEFORE UPDATE ON "AuditEntries"
                FOR EACH ROW EXECUTE FUNCTION audit_entries_seal_only();
                """);

            // Identity's lock per account is off (SignInThrottle locks per account and address); nobody stays locked by it.
            migrationBuilder.Sql("""UPDATE "AspNetUsers" SET "LockoutEnabled" = false, "LockoutEnd" = NULL, "AccessFailedCount" = 0;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "AuditEntries_seal_only" ON "AuditEntries";
                DROP FUNCTION IF EXISTS audit_entries_seal_only();
                DROP TRIGGER "AuditEntries_append_only" ON "AuditEntries";
                CREATE TRIGGER "AuditEntries_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "AuditEntries"
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                """);

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
        }
    }
}
