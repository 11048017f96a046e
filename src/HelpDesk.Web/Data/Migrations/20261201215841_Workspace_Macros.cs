using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Workspace_Macros : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "adds_tags",
                table: "canned_answers",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]"); // existing answers add no tags

            migrationBuilder.AddColumn<string>(
                name: "sets_status",
                table: "canned_answers",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "takes_ticket",
                table: "canned_answers",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "adds_tags",
                table: "canned_answers");

            migrationBuilder.DropColumn(
                name: "sets_status",
                table: "canned_answers");

            migrationBuilder.DropColumn(
                name: "takes_ticket",
                table: "canned_answers");
        }
    }
}
