using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Knowledge_AnswerVariants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "intent_id",
                table: "canned_answers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "retired_at",
                table: "canned_answers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "answer_intents",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    recommended_variant_id = table.Column<int>(type: "integer", nullable: true),
                    promoted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_answer_intents", x => x.id);
                    table.ForeignKey(
                        name: "fk_answer_intents_canned_answers_recommended_variant_id",
                        column: x => x.recommended_variant_id,
                        principalTable: "canned_answers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "answer_uses",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    variant_id = table.Column<int>(type: "integer", nullable: false),
                    intent_id = table.Column<int>(type: "integer", nullable: false),
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    message_id = table.Column<long>(type: "bigint", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    edit_distance = table.Column<double>(type: "double precision", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    customer_wrote_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reopened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    complained_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_answer_uses", x => x.id);
                    table.ForeignKey(
                        name: "fk_answer_uses_answer_intents_intent_id",
                        column: x => x.intent_id,
                        principalTable: "answer_intents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_answer_uses_canned_answers_variant_id",
                        column: x => x.variant_id,
                        principalTable: "canned_answers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_answer_uses_ticket_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "ticket_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_answer_uses_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_canned_answers_intent_id",
                table: "canned_answers",
                column: "intent_id");

            migrationBuilder.CreateIndex(
                name: "ix_answer_intents_recommended_variant_id",
                table: "answer_intents",
                column: "recommended_variant_id");

            migrationBuilder.CreateIndex(
                name: "ix_answer_uses_customer_id_used_at",
                table: "answer_uses",
                columns: new[] { "customer_id", "used_at" });

            migrationBuilder.CreateIndex(
                name: "ix_answer_uses_intent_id",
                table: "answer_uses",
                column: "intent_id");

            migrationBuilder.CreateIndex(
                name: "ix_answer_uses_message_id",
                table: "answer_uses",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_answer_uses_ticket_id_used_at",
                table: "answer_uses",
                columns: new[] { "ticket_id", "used_at" });

            migrationBuilder.CreateIndex(
                name: "ix_answer_uses_variant_id_used_at",
                table: "answer_uses",
                columns: new[] { "variant_id", "used_at" });

            // Every existing canned answer becomes the one variant of its own intent (same id, title and category);
            // admins regroup variants under one intent afterwards.
            migrationBuilder.Sql("""
                INSERT INTO answer_intents (id, name, category)
                OVERRIDING SYSTEM VALUE
                SELECT id, title, category FROM canned_answers;
                UPDATE canned_answers SET intent_id = id;
                SELECT setval(pg_get_serial_sequence('answer_intents', 'id'), coalesce((SELECT max(id) FROM answer_intents), 0) + 1, false);
                """);

            migrationBuilder.AddForeignKey(
                name: "fk_canned_answers_answer_intents_intent_id",
                table: "canned_answers",
                column: "intent_id",
                principalTable: "answer_intents",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_canned_answers_answer_intents_intent_id",
                table: "canned_answers");

            migrationBuilder.DropTable(
                name: "answer_uses");

            migrationBuilder.DropTable(
                name: "answer_intents");

            migrationBuilder.DropIndex(
                name: "ix_canned_answers_intent_id",
                table: "canned_answers");

            migrationBuilder.DropColumn(
                name: "intent_id",
                table: "canned_answers");

            migrationBuilder.DropColumn(
                name: "retired_at",
                table: "canned_answers");
        }
    }
}
