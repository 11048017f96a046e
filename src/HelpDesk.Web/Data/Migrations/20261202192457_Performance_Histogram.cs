using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Performance_Histogram : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "bucket",
                table: "report_facts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "business_minutes",
                table: "report_facts",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "quality_alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    scope = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    label = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    department_team_id = table.Column<int>(type: "integer", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    complaints = table.Column<long>(type: "bigint", nullable: false),
                    units = table.Column<long>(type: "bigint", nullable: false),
                    rate = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    threshold = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quality_alerts", x => x.id);
                    table.ForeignKey(
                        name: "fk_quality_alerts_teams_department_team_id",
                        column: x => x.department_team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_quality_alerts_department_team_id_raised_at",
                table: "quality_alerts",
                columns: new[] { "department_team_id", "raised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_quality_alerts_scope_subject_period_start",
                table: "quality_alerts",
                columns: new[] { "scope", "subject", "period_start" },
                unique: true);

            // Agent performance's histogram rollup and the complaint-rate indexes (Reporting.CreateHistogram).
            migrationBuilder.Sql(Reporting.CreateHistogram);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Reporting.DropHistogram);
            migrationBuilder.DropTable(
                name: "quality_alerts");

            migrationBuilder.DropColumn(
                name: "bucket",
                table: "report_facts");

            migrationBuilder.DropColumn(
                name: "business_minutes",
                table: "report_facts");
        }
    }
}
