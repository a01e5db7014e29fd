using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Reports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BuiltReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Edition = table.Column<int>(type: "integer", nullable: true),
                    Lang = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Format = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Progress = table.Column<int>(type: "integer", nullable: false),
                    StepKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Bytes = table.Column<long>(type: "bigint", nullable: true),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BuiltReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportScenarioMarks",
                columns: table => new
                {
                    Year = table.Column<int>(type: "integer", nullable: false),
                    RunId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    MarkedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    MarkedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportScenarioMarks", x => new { x.Year, x.RunId });
                    table.ForeignKey(
                        name: "FK_ReportScenarioMarks_ScenarioRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "ScenarioRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BuiltReportFiles",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BuiltReportFiles", x => new { x.ReportId, x.Kind });
                    table.ForeignKey(
                        name: "FK_BuiltReportFiles_BuiltReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "BuiltReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BuiltReports_CreatedAt",
                table: "BuiltReports",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_BuiltReports_Status",
                table: "BuiltReports",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_ReportScenarioMarks_RunId",
                table: "ReportScenarioMarks",
                column: "RunId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BuiltReportFiles");

            migrationBuilder.DropTable(
                name: "ReportScenarioMarks");

            migrationBuilder.DropTable(
                name: "BuiltReports");
        }
    }
}
