using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Workspace_AssignOnReply : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "assign_on_first_reply",
                table: "teams",
                type: "boolean",
                nullable: false,
                defaultValue: true); // existing teams keep the new default: replying takes the ticket
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "assign_on_first_reply",
                table: "teams");
        }
    }
}
