using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Commitments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeOnly>(
                name: "checklist_time",
                table: "teams",
                type: "time without time zone",
                nullable: false,
                defaultValue: new TimeOnly(18, 0, 0));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "reminded_at",
                table: "follow_up_tasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "kept_by_reference",
                table: "commitments",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "kept_via",
                table: "commitments",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "original_due_at",
                table: "commitments",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<int>(
                name: "reschedule_count",
                table: "commitments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "daily_checklists",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    team_id = table.Column<int>(type: "integer", nullable: false),
                    business_date = table.Column<DateOnly>(type: "date", nullable: false),
                    built_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_checklists", x => x.id);
                    table.ForeignKey(
                        name: "fk_daily_checklists_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "checklist_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    checklist_id = table.Column<long>(type: "bigint", nullable: false),
                    commitment_id = table.Column<long>(type: "bigint", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    section = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status_at_check = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    follow_up_task_id = table.Column<long>(type: "bigint", nullable: true),
                    tick = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ticked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_checklist_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_checklist_items_commitments_commitment_id",
                        column: x => x.commitment_id,
                        principalTable: "commitments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_checklist_items_daily_checklists_checklist_id",
                        column: x => x.checklist_id,
                        principalTable: "daily_checklists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_checklist_items_follow_up_tasks_follow_up_task_id",
                        column: x => x.follow_up_task_id,
                        principalTable: "follow_up_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_checklist_items_identity_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "identity_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_tasks_to_remind",
                table: "follow_up_tasks",
                column: "due_at",
                filter: "status = 'Open' AND reminded_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_checklist_items_checklist_id_owner_id",
                table: "checklist_items",
                columns: new[] { "checklist_id", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_checklist_items_commitment_id",
                table: "checklist_items",
                column: "commitment_id");

            migrationBuilder.CreateIndex(
                name: "ix_checklist_items_follow_up_task_id",
                table: "checklist_items",
                column: "follow_up_task_id");

            migrationBuilder.CreateIndex(
                name: "ix_checklist_items_owner_id",
                table: "checklist_items",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_daily_checklists_team_id_business_date",
                table: "daily_checklists",
                columns: new[] { "team_id", "business_date" },
                unique: true);

            // Promises made before this migration were promised for their current due time.
            migrationBuilder.Sql("UPDATE commitments SET original_due_at = due_at;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "checklist_items");

            migrationBuilder.DropTable(
                name: "daily_checklists");

            migrationBuilder.DropIndex(
                name: "ix_follow_up_tasks_to_remind",
                table: "follow_up_tasks");

            migrationBuilder.DropColumn(
                name: "checklist_time",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "reminded_at",
                table: "follow_up_tasks");

            migrationBuilder.DropColumn(
                name: "kept_by_reference",
                table: "commitments");

            migrationBuilder.DropColumn(
                name: "kept_via",
                table: "commitments");

            migrationBuilder.DropColumn(
                name: "original_due_at",
                table: "commitments");

            migrationBuilder.DropColumn(
                name: "reschedule_count",
                table: "commitments");
        }
    }
}
