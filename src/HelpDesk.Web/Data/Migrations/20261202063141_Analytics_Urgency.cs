using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Analytics_Urgency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "latest_urgency",
                table: "tickets",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "urgency",
                table: "tickets",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "urgency_reasons",
                table: "tickets",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "urgent_at",
                table: "tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "urgency",
                table: "ticket_messages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "urgency_reasons",
                table: "ticket_messages",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.CreateTable(
                name: "urgency_terms",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    text = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    weight = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_urgency_terms", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_urgency_terms_text",
                table: "urgency_terms",
                column: "text",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "urgency_terms");

            migrationBuilder.DropColumn(
                name: "latest_urgency",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "urgency",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "urgency_reasons",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "urgent_at",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "urgency",
                table: "ticket_messages");

            migrationBuilder.DropColumn(
                name: "urgency_reasons",
                table: "ticket_messages");
        }
    }
}
