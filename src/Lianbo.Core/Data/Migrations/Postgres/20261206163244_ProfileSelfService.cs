using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProfileSelfService : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "SetByParticipant",
                table: "OrganisationStages",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "DescriptionEn",
                table: "Organisations",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DescriptionZh",
                table: "Organisations",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LogoType",
                table: "Organisations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LogoUpdatedAt",
                table: "Organisations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SetByParticipant",
                table: "OrganisationProducts",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SetByParticipant",
                table: "OrganisationStages");

            migrationBuilder.DropColumn(
                name: "DescriptionEn",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "DescriptionZh",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "LogoType",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "LogoUpdatedAt",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "SetByParticipant",
                table: "OrganisationProducts");
        }
    }
}
