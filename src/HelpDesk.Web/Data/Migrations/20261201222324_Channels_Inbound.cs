using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Channels_Inbound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "reply_channel",
                table: "tickets",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            // Tickets so far: replies go out on the channel they came in by, as before.
            migrationBuilder.Sql("UPDATE tickets SET reply_channel = channel;");

            migrationBuilder.AddColumn<bool>(
                name: "auto_submitted",
                table: "outbox_messages",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "in_reply_to",
                table: "outbox_messages",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "message_id_header",
                table: "outbox_messages",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "references",
                table: "outbox_messages",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reply_to",
                table: "outbox_messages",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "channel_keys",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_keys", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "inbound_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    external_id = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    sender = table.Column<string>(type: "character varying(220)", maxLength: 220, nullable: true),
                    source = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    reason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ticket_id = table.Column<long>(type: "bigint", nullable: true),
                    ticket_message_id = table.Column<long>(type: "bigint", nullable: true),
                    related_ticket_id = table.Column<long>(type: "bigint", nullable: true),
                    references = table.Column<string>(type: "text", nullable: true),
                    conversation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    safe_html = table.Column<string>(type: "text", nullable: true),
                    quoted = table.Column<string>(type: "text", nullable: true),
                    auth_results = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    raw = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_inbound_messages_ticket_messages_ticket_message_id",
                        column: x => x.ticket_message_id,
                        principalTable: "ticket_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_inbound_messages_tickets_related_ticket_id",
                        column: x => x.related_ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_inbound_messages_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "mailbox_states",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    uid_validity = table.Column<long>(type: "bigint", nullable: false),
                    last_uid = table.Column<long>(type: "bigint", nullable: false),
                    polled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mailbox_states", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_channel_conversation_id",
                table: "inbound_messages",
                columns: new[] { "channel", "conversation", "id" },
                filter: "conversation IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_channel_external_id",
                table: "inbound_messages",
                columns: new[] { "channel", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_related_ticket_id",
                table: "inbound_messages",
                column: "related_ticket_id");

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_sender_received_at",
                table: "inbound_messages",
                columns: new[] { "sender", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_ticket_id_sender",
                table: "inbound_messages",
                columns: new[] { "ticket_id", "sender" });

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_ticket_message_id",
                table: "inbound_messages",
                column: "ticket_message_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_keys");

            migrationBuilder.DropTable(
                name: "inbound_messages");

            migrationBuilder.DropTable(
                name: "mailbox_states");

            migrationBuilder.DropColumn(
                name: "reply_channel",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "auto_submitted",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "in_reply_to",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "message_id_header",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "references",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "reply_to",
                table: "outbox_messages");
        }
    }
}
