using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Chains : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Chains",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DescriptionZh = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DescriptionEn = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Colour = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IsBuiltIn = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Chains", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChainEdge",
                columns: table => new
                {
                    ChainId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FromStage = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ToStage = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainEdge", x => new { x.ChainId, x.FromStage, x.ToStage });
                    table.ForeignKey(
                        name: "FK_ChainEdge_Chains_ChainId",
                        column: x => x.ChainId,
                        principalTable: "Chains",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChainStage",
                columns: table => new
                {
                    ChainId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Position = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainStage", x => new { x.ChainId, x.StageId });
                    table.ForeignKey(
                        name: "FK_ChainStage_Chains_ChainId",
                        column: x => x.ChainId,
                        principalTable: "Chains",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChainProduct",
                columns: table => new
                {
                    ChainId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hs2022 = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Hs1992 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Rationale = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainProduct", x => new { x.ChainId, x.StageId, x.Hs2022 });
                    table.ForeignKey(
                        name: "FK_ChainProduct_ChainStage_ChainId_StageId",
                        columns: x => new { x.ChainId, x.StageId },
                        principalTable: "ChainStage",
                        principalColumns: new[] { "ChainId", "StageId" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChainProduct_Hs2022",
                table: "ChainProduct",
                column: "Hs2022");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChainEdge");

            migrationBuilder.DropTable(
                name: "ChainProduct");

            migrationBuilder.DropTable(
                name: "ChainStage");

            migrationBuilder.DropTable(
                name: "Chains");
        }
    }
}
