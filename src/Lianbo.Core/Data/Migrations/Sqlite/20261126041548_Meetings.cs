using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Meetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MeetingRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FromOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Reply = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AwaitingOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenPairKey = table.Column<string>(type: "TEXT", maxLength: 96, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemindedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingRequests_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MeetingRequests_Organisations_FromOrganisationId",
                        column: x => x.FromOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MeetingRequests_Organisations_ToOrganisationId",
                        column: x => x.ToOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProcurementNeeds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BuyerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    NeedHs = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    NeedStages = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AvoidCountries = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SessionStartsAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SessionMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    VenueZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    VenueEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcurementNeeds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProcurementNeeds_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ProcurementNeeds_Organisations_BuyerOrganisationId",
                        column: x => x.BuyerOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Meetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OrganisationA = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationB = table.Column<Guid>(type: "TEXT", nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Meetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Meetings_MeetingRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "MeetingRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProposedSlots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProposedSlots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProposedSlots_MeetingRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "MeetingRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NeedSuppliers",
                columns: table => new
                {
                    NeedId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NeedSuppliers", x => new { x.NeedId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_NeedSuppliers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NeedSuppliers_ProcurementNeeds_NeedId",
                        column: x => x.NeedId,
                        principalTable: "ProcurementNeeds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Notices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: true),
                    NeedId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OtherOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    When = table.Column<long>(type: "INTEGER", nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notices_MeetingRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "MeetingRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notices_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notices_ProcurementNeeds_NeedId",
                        column: x => x.NeedId,
                        principalTable: "ProcurementNeeds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingRequests_EditionId",
                table: "MeetingRequests",
                column: "EditionId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingRequests_FromOrganisationId_Status",
                table: "MeetingRequests",
                columns: new[] { "FromOrganisationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingRequests_OpenPairKey",
                table: "MeetingRequests",
                column: "OpenPairKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeetingRequests_Status_ExpiresAt",
                table: "MeetingRequests",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingRequests_ToOrganisationId_Status",
                table: "MeetingRequests",
                columns: new[] { "ToOrganisationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_EditionId_Status",
                table: "Meetings",
                columns: new[] { "EditionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_RequestId",
                table: "Meetings",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NeedSuppliers_OrganisationId",
                table: "NeedSuppliers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_NeedId",
                table: "Notices",
                column: "NeedId");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_OrganisationId_Id",
                table: "Notices",
                columns: new[] { "OrganisationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_RequestId",
                table: "Notices",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_ProcurementNeeds_BuyerOrganisationId",
                table: "ProcurementNeeds",
                column: "BuyerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_ProcurementNeeds_EditionId_Status",
                table: "ProcurementNeeds",
                columns: new[] { "EditionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ProposedSlots_RequestId",
                table: "ProposedSlots",
                column: "RequestId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Meetings");

            migrationBuilder.DropTable(
                name: "NeedSuppliers");

            migrationBuilder.DropTable(
                name: "Notices");

            migrationBuilder.DropTable(
                name: "ProposedSlots");

            migrationBuilder.DropTable(
                name: "ProcurementNeeds");

            migrationBuilder.DropTable(
                name: "MeetingRequests");
        }
    }
}
