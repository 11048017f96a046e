using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Satisfaction_Surveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "resolutions",
                table: "tickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Tickets resolved before the counter: once at least (their earlier resolutions are not counted again).
            migrationBuilder.Sql("UPDATE tickets SET resolutions = 1 WHERE resolved_at IS NOT NULL OR closed_at IS NOT NULL;");

            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    ticket_id = table.Column<long>(type: "bigint", nullable: true),
                    resolution = table.Column<int>(type: "integer", nullable: true),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    team_id = table.Column<int>(type: "integer", nullable: true),
                    sent_via = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    score = table.Column<int>(type: "integer", nullable: true),
                    comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_surveys", x => x.id);
                    table.CheckConstraint("ck_surveys_csat_resolution", "(kind = 'Csat') = (resolution IS NOT NULL AND ticket_id IS NOT NULL)");
                    table.CheckConstraint("ck_surveys_score", "score IS NULL OR (kind = 'Csat' AND score BETWEEN 1 AND 5) OR (kind = 'Nps' AND score BETWEEN 0 AND 10)");
                    table.ForeignKey(
                        name: "fk_surveys_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_surveys_identity_users_agent_id",
                        column: x => x.agent_id,
                        principalTable: "identity_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_surveys_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_surveys_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_surveys_agent_id",
                table: "surveys",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_customer_id_sent_at",
                table: "surveys",
                columns: new[] { "customer_id", "sent_at" },
                filter: "kind = 'Nps'");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_kind_answered_at",
                table: "surveys",
                columns: new[] { "kind", "answered_at" },
                filter: "answered_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_team_id",
                table: "surveys",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_ticket_id_resolution",
                table: "surveys",
                columns: new[] { "ticket_id", "resolution" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_surveys_token_hash",
                table: "surveys",
                column: "token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "surveys");

            migrationBuilder.DropColumn(
                name: "resolutions",
                table: "tickets");
        }
    }
}
