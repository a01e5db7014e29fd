using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Expo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsDemo",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IsFortuneGlobal500",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IsIndustryLeader",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Key",
                table: "Organisations",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Size",
                table: "Organisations",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "Editions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ThemeZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ThemeEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CityZh = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CityEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    VenueZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    VenueEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FloorAreaM2 = table.Column<double>(type: "REAL", nullable: false),
                    GuestCountryIso3 = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    GuestProvinceZh = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    GuestProvinceEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IsDemo = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Editions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Editions_Countries_GuestCountryIso3",
                        column: x => x.GuestCountryIso3,
                        principalTable: "Countries",
                        principalColumn: "Iso3",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OrganisationProducts",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hs = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganisationProducts", x => new { x.OrganisationId, x.Hs });
                    table.ForeignKey(
                        name: "FK_OrganisationProducts_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrganisationStages",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChainId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganisationStages", x => new { x.OrganisationId, x.ChainId, x.StageId });
                    table.ForeignKey(
                        name: "FK_OrganisationStages_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EditionSupporter",
                columns: table => new
                {
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EditionSupporter", x => new { x.EditionId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_EditionSupporter_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EditionSupporter_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExpoEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TitleZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChainId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CityZh = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CityEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CountryIso3 = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    OrganisationsReached = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpoEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExpoEvents_Countries_CountryIso3",
                        column: x => x.CountryIso3,
                        principalTable: "Countries",
                        principalColumn: "Iso3",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExpoEvents_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExpoOutcomes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OrganisationA = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationB = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChainId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Value = table.Column<decimal>(type: "TEXT", precision: 20, scale: 2, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    MeetingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SignedOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpoOutcomes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExpoOutcomes_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExpoOutcomes_Organisations_OrganisationA",
                        column: x => x.OrganisationA,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExpoOutcomes_Organisations_OrganisationB",
                        column: x => x.OrganisationB,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Halls",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Halls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Halls_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Initiatives",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TitleZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TextZh = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    TextEn = table.Column<string>(type: "TEXT", maxLength: 40000, nullable: false),
                    PublishedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Initiatives", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Initiatives_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JointExhibits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChainId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JointExhibits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JointExhibits_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupportProgrammes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ForLdc = table.Column<bool>(type: "INTEGER", nullable: false),
                    ForLldc = table.Column<bool>(type: "INTEGER", nullable: false),
                    ForSids = table.Column<bool>(type: "INTEGER", nullable: false),
                    RegionCodes = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportProgrammes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportProgrammes_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Zones",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChainId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AreaM2 = table.Column<double>(type: "REAL", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Zones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Zones_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InitiativeEndorsement",
                columns: table => new
                {
                    InitiativeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InitiativeEndorsement", x => new { x.InitiativeId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_InitiativeEndorsement_Initiatives_InitiativeId",
                        column: x => x.InitiativeId,
                        principalTable: "Initiatives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_InitiativeEndorsement_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JointExhibitMember",
                columns: table => new
                {
                    JointExhibitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JointExhibitMember", x => new { x.JointExhibitId, x.Position });
                    table.ForeignKey(
                        name: "FK_JointExhibitMember_JointExhibits_JointExhibitId",
                        column: x => x.JointExhibitId,
                        principalTable: "JointExhibits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_JointExhibitMember_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Exhibitors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ZoneId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Exhibitors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Exhibitors_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Exhibitors_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Exhibitors_Zones_ZoneId",
                        column: x => x.ZoneId,
                        principalTable: "Zones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Booths",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    HallId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ZoneId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SizeM2 = table.Column<double>(type: "REAL", nullable: false),
                    ExhibitorId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Booths", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Booths_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Booths_Exhibitors_ExhibitorId",
                        column: x => x.ExhibitorId,
                        principalTable: "Exhibitors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Booths_Halls_HallId",
                        column: x => x.HallId,
                        principalTable: "Halls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Booths_Zones_ZoneId",
                        column: x => x.ZoneId,
                        principalTable: "Zones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExhibitorPartners",
                columns: table => new
                {
                    ExhibitorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExhibitorPartners", x => new { x.ExhibitorId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_ExhibitorPartners_Exhibitors_ExhibitorId",
                        column: x => x.ExhibitorId,
                        principalTable: "Exhibitors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExhibitorPartners_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Launches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExhibitorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TitleZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Launches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Launches_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Launches_Exhibitors_ExhibitorId",
                        column: x => x.ExhibitorId,
                        principalTable: "Exhibitors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_Key",
                table: "Organisations",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Booths_EditionId_Code",
                table: "Booths",
                columns: new[] { "EditionId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Booths_ExhibitorId",
                table: "Booths",
                column: "ExhibitorId");

            migrationBuilder.CreateIndex(
                name: "IX_Booths_HallId",
                table: "Booths",
                column: "HallId");

            migrationBuilder.CreateIndex(
                name: "IX_Booths_ZoneId",
                table: "Booths",
                column: "ZoneId");

            migrationBuilder.CreateIndex(
                name: "IX_Editions_GuestCountryIso3",
                table: "Editions",
                column: "GuestCountryIso3");

            migrationBuilder.CreateIndex(
                name: "IX_Editions_Number",
                table: "Editions",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EditionSupporter_OrganisationId",
                table: "EditionSupporter",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_ExhibitorPartners_OrganisationId",
                table: "ExhibitorPartners",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Exhibitors_EditionId_OrganisationId",
                table: "Exhibitors",
                columns: new[] { "EditionId", "OrganisationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Exhibitors_OrganisationId",
                table: "Exhibitors",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Exhibitors_ZoneId",
                table: "Exhibitors",
                column: "ZoneId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpoEvents_CountryIso3",
                table: "ExpoEvents",
                column: "CountryIso3");

            migrationBuilder.CreateIndex(
                name: "IX_ExpoEvents_EditionId",
                table: "ExpoEvents",
                column: "EditionId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpoOutcomes_EditionId_Kind",
                table: "ExpoOutcomes",
                columns: new[] { "EditionId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ExpoOutcomes_OrganisationA",
                table: "ExpoOutcomes",
                column: "OrganisationA");

            migrationBuilder.CreateIndex(
                name: "IX_ExpoOutcomes_OrganisationB",
                table: "ExpoOutcomes",
                column: "OrganisationB");

            migrationBuilder.CreateIndex(
                name: "IX_Halls_EditionId_Code",
                table: "Halls",
                columns: new[] { "EditionId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InitiativeEndorsement_OrganisationId",
                table: "InitiativeEndorsement",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Initiatives_EditionId",
                table: "Initiatives",
                column: "EditionId");

            migrationBuilder.CreateIndex(
                name: "IX_JointExhibitMember_OrganisationId",
                table: "JointExhibitMember",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_JointExhibits_EditionId",
                table: "JointExhibits",
                column: "EditionId");

            migrationBuilder.CreateIndex(
                name: "IX_Launches_EditionId",
                table: "Launches",
                column: "EditionId");

            migrationBuilder.CreateIndex(
                name: "IX_Launches_ExhibitorId",
                table: "Launches",
                column: "ExhibitorId");

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationProducts_Hs",
                table: "OrganisationProducts",
                column: "Hs");

            migrationBuilder.CreateIndex(
                name: "IX_SupportProgrammes_EditionId",
                table: "SupportProgrammes",
                column: "EditionId");

            migrationBuilder.CreateIndex(
                name: "IX_Zones_EditionId_Code",
                table: "Zones",
                columns: new[] { "EditionId", "Code" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Booths");

            migrationBuilder.DropTable(
                name: "EditionSupporter");

            migrationBuilder.DropTable(
                name: "ExhibitorPartners");

            migrationBuilder.DropTable(
                name: "ExpoEvents");

            migrationBuilder.DropTable(
                name: "ExpoOutcomes");

            migrationBuilder.DropTable(
                name: "InitiativeEndorsement");

            migrationBuilder.DropTable(
                name: "JointExhibitMember");

            migrationBuilder.DropTable(
                name: "Launches");

            migrationBuilder.DropTable(
                name: "OrganisationProducts");

            migrationBuilder.DropTable(
                name: "OrganisationStages");

            migrationBuilder.DropTable(
                name: "SupportProgrammes");

            migrationBuilder.DropTable(
                name: "Halls");

            migrationBuilder.DropTable(
                name: "Initiatives");

            migrationBuilder.DropTable(
                name: "JointExhibits");

            migrationBuilder.DropTable(
                name: "Exhibitors");

            migrationBuilder.DropTable(
                name: "Zones");

            migrationBuilder.DropTable(
                name: "Editions");

            migrationBuilder.DropIndex(
                name: "IX_Organisations_Key",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "IsDemo",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "IsFortuneGlobal500",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "IsIndustryLeader",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Key",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Size",
                table: "Organisations");
        }
    }
}
