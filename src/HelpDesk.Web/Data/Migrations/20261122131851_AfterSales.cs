using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AfterSales : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_after_sales_cases_requested_by_id",
                table: "after_sales_cases");

            migrationBuilder.AddColumn<decimal>(
                name: "refunded_amount",
                table: "after_sales_lines",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "approvals",
                table: "after_sales_cases",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "compensation_form",
                table: "after_sales_cases",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "refunded_amount",
                table: "after_sales_cases",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<int>(
                name: "required_approvals",
                table: "after_sales_cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "steps",
                table: "after_sales_cases",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "why",
                table: "after_sales_cases",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "after_sales_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    agent_limit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    double_approval_threshold = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    daily_compensation_budget = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_after_sales_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    key_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "after_sales_settings",
                columns: new[] { "id", "agent_limit", "daily_compensation_budget", "double_approval_threshold" },
                values: new object[] { 1, 500m, 200m, 2000m });

            migrationBuilder.CreateIndex(
                name: "ix_after_sales_cases_requested_by_id_requested_at",
                table: "after_sales_cases",
                columns: new[] { "requested_by_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_key_hash",
                table: "api_keys",
                column: "key_hash",
                unique: true);

            // Cases recorded before: quality problems, with the history they have.
            migrationBuilder.Sql("UPDATE after_sales_cases SET why = 'QualityProblem', steps = '[]', approvals = '[]';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "after_sales_settings");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropIndex(
                name: "ix_after_sales_cases_requested_by_id_requested_at",
                table: "after_sales_cases");

            migrationBuilder.DropColumn(
                name: "refunded_amount",
                table: "after_sales_lines");

            migrationBuilder.DropColumn(
                name: "approvals",
                table: "after_sales_cases");

            migrationBuilder.DropColumn(
                name: "compensation_form",
                table: "after_sales_cases");

            migrationBuilder.DropColumn(
                name: "refunded_amount",
                table: "after_sales_cases");

            migrationBuilder.DropColumn(
                name: "required_approvals",
                table: "after_sales_cases");

            migrationBuilder.DropColumn(
                name: "steps",
                table: "after_sales_cases");

            migrationBuilder.DropColumn(
                name: "why",
                table: "after_sales_cases");

            migrationBuilder.CreateIndex(
                name: "ix_after_sales_cases_requested_by_id",
                table: "after_sales_cases",
                column: "requested_by_id");
        }
    }
}
