using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UnsdConcordance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Proxy",
                table: "ChainProduct",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "HsConversions",
                columns: table => new
                {
                    FromRevision = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    ToRevision = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    FromCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    ToCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HsConversions", x => new { x.FromRevision, x.ToRevision, x.FromCode });
                });

            migrationBuilder.CreateIndex(
                name: "IX_HsConversions_FromRevision_ToRevision_ToCode",
                table: "HsConversions",
                columns: new[] { "FromRevision", "ToRevision", "ToCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HsConversions");

            migrationBuilder.DropColumn(
                name: "Proxy",
                table: "ChainProduct");
        }
    }
}
