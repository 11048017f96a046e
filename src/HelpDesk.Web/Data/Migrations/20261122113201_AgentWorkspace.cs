using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AgentWorkspace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_assignee_id_status_updated_at",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_team_id_status_updated_at",
                table: "tickets");

            // Priority becomes its ordinal number (Low 0 … Urgent 3) so the queue can sort by it.
            migrationBuilder.Sql("""
                ALTER TABLE tickets ALTER COLUMN priority TYPE integer USING
                    CASE priority WHEN 'Low' THEN 0 WHEN 'Normal' THEN 1 WHEN 'High' THEN 2 WHEN 'Urgent' THEN 3 END;
                """);

            // The tokenizer behind the search columns must exist before them.
            migrationBuilder.Sql(Search.CreateTokensFunction);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_deadline_at",
                table: "tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sla_state",
                table: "tickets",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_assigned_at",
                table: "team_members",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                table: "tickets",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "to_tsvector('simple', hd_search_tokens(subject))",
                stored: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                table: "ticket_messages",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "to_tsvector('simple', hd_search_tokens(body))",
                stored: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                table: "customers",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "to_tsvector('simple', hd_search_tokens(name))",
                stored: true);

            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    message_id = table.Column<long>(type: "bigint", nullable: true),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_attachments_ticket_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "ticket_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_attachments_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "canned_answers",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    times_used = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_canned_answers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "department_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    department_team_id = table.Column<int>(type: "integer", nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    requested_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    answer = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    answered_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_department_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_department_requests_identity_users_answered_by_id",
                        column: x => x.answered_by_id,
                        principalTable: "identity_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_department_requests_identity_users_requested_by_id",
                        column: x => x.requested_by_id,
                        principalTable: "identity_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_department_requests_teams_department_team_id",
                        column: x => x.department_team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_department_requests_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ticket_message_id = table.Column<long>(type: "bigint", nullable: true),
                    to_address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_outbox_messages_ticket_messages_ticket_message_id",
                        column: x => x.ticket_message_id,
                        principalTable: "ticket_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "attachment_contents",
                columns: table => new
                {
                    attachment_id = table.Column<long>(type: "bigint", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachment_contents", x => x.attachment_id);
                    table.ForeignKey(
                        name: "fk_attachment_contents_attachments_attachment_id",
                        column: x => x.attachment_id,
                        principalTable: "attachments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_active_assignee",
                table: "tickets",
                columns: new[] { "assignee_id", "updated_at", "id" },
                descending: new[] { false, true, true },
                filter: "status <> 'Resolved' AND status <> 'Closed'");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_active_team",
                table: "tickets",
                columns: new[] { "team_id", "updated_at", "id" },
                descending: new[] { false, true, true },
                filter: "status <> 'Resolved' AND status <> 'Closed'");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_next_deadline_at_id",
                table: "tickets",
                columns: new[] { "next_deadline_at", "id" },
                filter: "next_deadline_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_priority_updated_at_id",
                table: "tickets",
                columns: new[] { "priority", "updated_at", "id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_search_vector",
                table: "tickets",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_status_updated_at_id",
                table: "tickets",
                columns: new[] { "status", "updated_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_ticket_messages_search_vector",
                table: "ticket_messages",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_customers_search_vector",
                table: "customers",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_message_id",
                table: "attachments",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_ticket_id",
                table: "attachments",
                column: "ticket_id");

            migrationBuilder.CreateIndex(
                name: "ix_canned_answers_is_active_category",
                table: "canned_answers",
                columns: new[] { "is_active", "category" });

            migrationBuilder.CreateIndex(
                name: "ix_department_requests_answered_by_id",
                table: "department_requests",
                column: "answered_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_department_requests_department_team_id_status_requested_at",
                table: "department_requests",
                columns: new[] { "department_team_id", "status", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_department_requests_requested_by_id",
                table: "department_requests",
                column: "requested_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_department_requests_ticket_id",
                table: "department_requests",
                column: "ticket_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_due",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_ticket_message_id",
                table: "outbox_messages",
                column: "ticket_message_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attachment_contents");

            migrationBuilder.DropTable(
                name: "canned_answers");

            migrationBuilder.DropTable(
                name: "department_requests");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "attachments");

            migrationBuilder.DropIndex(
                name: "ix_tickets_active_assignee",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_active_team",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_next_deadline_at_id",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_priority_updated_at_id",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_search_vector",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_status_updated_at_id",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_ticket_messages_search_vector",
                table: "ticket_messages");

            migrationBuilder.DropIndex(
                name: "ix_customers_search_vector",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "search_vector",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "search_vector",
                table: "ticket_messages");

            migrationBuilder.DropColumn(
                name: "search_vector",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "next_deadline_at",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "sla_state",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "last_assigned_at",
                table: "team_members");

            migrationBuilder.Sql("""
                ALTER TABLE tickets ALTER COLUMN priority TYPE character varying(40) USING
                    CASE priority WHEN 0 THEN 'Low' WHEN 1 THEN 'Normal' WHEN 2 THEN 'High' ELSE 'Urgent' END;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_assignee_id_status_updated_at",
                table: "tickets",
                columns: new[] { "assignee_id", "status", "updated_at" },
                descending: new[] { false, false, true });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_team_id_status_updated_at",
                table: "tickets",
                columns: new[] { "team_id", "status", "updated_at" },
                descending: new[] { false, false, true });

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS hd_search_tokens(text);");
        }
    }
}
