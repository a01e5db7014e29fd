using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lianbo.Core.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "MailedAt",
                table: "Notices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MeetingMailOff",
                table: "AspNetUsers",
                type: "INTEGER",
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
