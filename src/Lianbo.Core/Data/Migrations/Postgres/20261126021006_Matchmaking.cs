using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Postgres
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
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    NeedHs = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    NeedStages = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OfferText = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    NeedText = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Provides = table.Column<int>(type: "integer", nullable: false),
                    Seeks = table.Column<int>(type: "integer", nullable: false),
                    TargetCountries = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    TargetRegions = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Excluded = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    AcceptsCompetitors = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
