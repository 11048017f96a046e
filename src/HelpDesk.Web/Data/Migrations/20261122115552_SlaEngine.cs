using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SlaEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "pause_cap_minutes",
                table: "sla_policies",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    arguments = table.Column<List<string>>(type: "text[]", nullable: false),
                    ticket_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_notifications_identity_users_user_id",
                        column: x => x.user_id,
                        principalTable: "identity_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_notifications_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sla_escalations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    metric = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    level = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    clock_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_escalations", x => x.id);
                    table.ForeignKey(
                        name: "fk_sla_escalations_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ticket_slas",
                columns: table => new
                {
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    policy_id = table.Column<int>(type: "integer", nullable: true),
                    calendar_id = table.Column<int>(type: "integer", nullable: true),
                    first_response_target_minutes = table.Column<int>(type: "integer", nullable: false),
                    first_response_at_risk_percent = table.Column<int>(type: "integer", nullable: false),
                    first_response_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_response_elapsed_minutes = table.Column<double>(type: "double precision", nullable: false),
                    first_response_running_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_response_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_response_at_risk_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_response_stopped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_response_breached = table.Column<bool>(type: "boolean", nullable: false),
                    next_response_target_minutes = table.Column<int>(type: "integer", nullable: false),
                    next_response_at_risk_percent = table.Column<int>(type: "integer", nullable: false),
                    next_response_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_response_elapsed_minutes = table.Column<double>(type: "double precision", nullable: false),
                    next_response_running_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_response_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_response_at_risk_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_response_stopped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_response_breached = table.Column<bool>(type: "boolean", nullable: false),
                    resolution_target_minutes = table.Column<int>(type: "integer", nullable: false),
                    resolution_at_risk_percent = table.Column<int>(type: "integer", nullable: false),
                    resolution_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolution_elapsed_minutes = table.Column<double>(type: "double precision", nullable: false),
                    resolution_running_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolution_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolution_at_risk_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolution_stopped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolution_breached = table.Column<bool>(type: "boolean", nullable: false),
                    pause_reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    pause_ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_slas", x => x.ticket_id);
                    table.ForeignKey(
                        name: "fk_ticket_slas_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Tickets that exist already get an SLA row with no clock running (their history predates the engine).
            migrationBuilder.Sql("""
                INSERT INTO ticket_slas (ticket_id,
                    first_response_target_minutes, first_response_at_risk_percent, first_response_elapsed_minutes, first_response_breached,
                    next_response_target_minutes, next_response_at_risk_percent, next_response_elapsed_minutes, next_response_breached,
                    resolution_target_minutes, resolution_at_risk_percent, resolution_elapsed_minutes, resolution_breached, pause_reason)
                SELECT id, 0, 75, 0, false, 0, 75, 0, false, 0, 75, 0, false, 'None' FROM tickets;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_ticket_id",
                table: "notifications",
                column: "ticket_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_unread",
                table: "notifications",
                column: "user_id",
                filter: "read_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_user_id_created_at",
                table: "notifications",
                columns: new[] { "user_id", "created_at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_sla_escalations_level_at",
                table: "sla_escalations",
                columns: new[] { "level", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_sla_escalations_ticket_id_metric_level_clock_started_at",
                table: "sla_escalations",
                columns: new[] { "ticket_id", "metric", "level", "clock_started_at" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ticket_slas_policy_id",
                table: "ticket_slas",
                column: "policy_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "sla_escalations");

            migrationBuilder.DropTable(
                name: "ticket_slas");

            migrationBuilder.DropColumn(
                name: "pause_cap_minutes",
                table: "sla_policies");
        }
    }
}
