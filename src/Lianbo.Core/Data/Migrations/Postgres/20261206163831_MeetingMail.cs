using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MeetingMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MailAttempts",
                table: "Notices",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "MailedAt",
                table: "Notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MeetingMailOff",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_Notices_MailedAt_CreatedAt",
                table: "Notices",
                columns: new[] { "MailedAt", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Notices_MailedAt_CreatedAt",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "MailAttempts",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "MailedAt",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "MeetingMailOff",
                table: "AspNetUsers");
        }
    }
}
