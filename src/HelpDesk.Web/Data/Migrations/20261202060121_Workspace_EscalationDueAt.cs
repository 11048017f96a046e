using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Workspace_EscalationDueAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sla_escalations_level_at",
                table: "sla_escalations");

            // Earlier escalations kept only when the monitor noticed: take the clock's deadline where the ticket's clock is
            // still in the same cycle, else the moment noticed (within a monitor tick of the deadline unless it was down).
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "due_at",
                table: "sla_escalations",
                type: "timestamp with time zone",
                nullable: true);
            migrationBuilder.Sql("""
                UPDATE sla_escalations e
                SET due_at = COALESCE(CASE e.metric
                    WHEN 'FirstResponse' THEN CASE WHEN s.first_response_started_at = e.clock_started_at THEN s.first_response_due_at END
                    WHEN 'NextResponse' THEN CASE WHEN s.next_response_started_at = e.clock_started_at THEN s.next_response_due_at END
                    WHEN 'Resolution' THEN CASE WHEN s.resolution_started_at = e.clock_started_at THEN s.resolution_due_at END
                END, e.at)
                FROM sla_escalations e2 LEFT JOIN ticket_slas s ON s.ticket_id = e2.ticket_id
                WHERE e2.id = e.id;
                """);
            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "due_at",
                table: "sla_escalations",
                type: "timestamp with time zone",
                nullable: false,
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_sla_escalations_level_due_at_id",
                table: "sla_escalations",
                columns: new[] { "level", "due_at", "id" },
                descending: new[] { false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sla_escalations_level_due_at_id",
                table: "sla_escalations");

            migrationBuilder.DropColumn(
                name: "due_at",
                table: "sla_escalations");

            migrationBuilder.CreateIndex(
                name: "ix_sla_escalations_level_at",
                table: "sla_escalations",
                columns: new[] { "level", "at" });
        }
    }
}
