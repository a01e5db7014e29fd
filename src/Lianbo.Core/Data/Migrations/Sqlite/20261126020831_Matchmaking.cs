using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Matchmaking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MatchProfiles",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NeedHs = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    NeedStages = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    OfferText = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    NeedText = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Provides = table.Column<int>(type: "INTEGER", nullable: false),
                    Seeks = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetCountries = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    TargetRegions = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Excluded = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    AcceptsCompetitors = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MatchProfiles", x => x.OrganisationId);
                    table.ForeignKey(
                        name: "FK_MatchProfiles_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MatchProfiles");
        }
    }
}
