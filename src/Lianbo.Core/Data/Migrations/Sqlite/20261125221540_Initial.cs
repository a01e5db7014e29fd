using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Countries",
                columns: table => new
                {
                    Iso3 = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Iso2 = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Numeric = table.Column<int>(type: "INTEGER", nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OfficialNameEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    OfficialNameZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RegionCode = table.Column<int>(type: "INTEGER", nullable: true),
                    RegionEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RegionZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SubRegionCode = table.Column<int>(type: "INTEGER", nullable: true),
                    SubRegionEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SubRegionZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IsLdc = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsLldc = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsSids = table.Column<bool>(type: "INTEGER", nullable: false),
                    IncomeGroup = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Countries", x => x.Iso3);
                });

            migrationBuilder.CreateTable(
                name: "CountryGroups",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IsBuiltIn = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CountryGroups", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "HsCodes",
                columns: table => new
                {
                    Revision = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    DescriptionEn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    Section = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HsCodes", x => new { x.Revision, x.Code });
                });

            migrationBuilder.CreateTable(
                name: "HsSections",
                columns: table => new
                {
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Roman = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HsSections", x => x.Number);
                });

            migrationBuilder.CreateTable(
                name: "ReferenceFiles",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    LoadedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferenceFiles", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "CountryGroupMembers",
                columns: table => new
                {
                    GroupCode = table.Column<string>(type: "TEXT", nullable: false),
                    Iso3 = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CountryGroupMembers", x => new { x.GroupCode, x.Iso3 });
                    table.ForeignKey(
                        name: "FK_CountryGroupMembers_Countries_Iso3",
                        column: x => x.Iso3,
                        principalTable: "Countries",
                        principalColumn: "Iso3",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CountryGroupMembers_CountryGroups_GroupCode",
                        column: x => x.GroupCode,
                        principalTable: "CountryGroups",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Countries_Iso2",
                table: "Countries",
                column: "Iso2",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Countries_Numeric",
                table: "Countries",
                column: "Numeric",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Countries_RegionCode",
                table: "Countries",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_CountryGroupMembers_Iso3",
                table: "CountryGroupMembers",
                column: "Iso3");

            migrationBuilder.CreateIndex(
                name: "IX_HsCodes_Revision_ParentCode",
                table: "HsCodes",
                columns: new[] { "Revision", "ParentCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CountryGroupMembers");

            migrationBuilder.DropTable(
                name: "HsCodes");

            migrationBuilder.DropTable(
                name: "HsSections");

            migrationBuilder.DropTable(
                name: "ReferenceFiles");

            migrationBuilder.DropTable(
                name: "Countries");

            migrationBuilder.DropTable(
                name: "CountryGroups");
        }
    }
}
