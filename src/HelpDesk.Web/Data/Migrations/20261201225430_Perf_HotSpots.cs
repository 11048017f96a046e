using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Perf_HotSpots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_shipments_order_id",
                table: "shipments");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_active_sla",
                table: "tickets",
                columns: new[] { "team_id", "priority", "channel", "sla_state" },
                filter: "status <> 'Resolved' AND status <> 'Closed'");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_created_at",
                table: "tickets",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_shipments_order_id_shipped_at_id",
                table: "shipments",
                columns: new[] { "order_id", "shipped_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_commitments_owner_id_due_at",
                table: "commitments",
                columns: new[] { "owner_id", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_commitments_owner_id_made_at",
                table: "commitments",
                columns: new[] { "owner_id", "made_at" });

            // Phone tails: the last 4+ digits are a prefix of the reversed number (TicketSearch.PhoneTail).
            migrationBuilder.Sql("CREATE INDEX ix_customer_contacts_phone_tail ON customer_contacts (reverse(value) text_pattern_ops) WHERE kind = 'Phone';");

            // The SLA dashboard's daily rollups, kept by triggers, filled from what is there.
            migrationBuilder.Sql(SlaRollups.Create);
            migrationBuilder.Sql(SlaRollups.Rebuild);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SlaRollups.Drop);
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_customer_contacts_phone_tail;");

            migrationBuilder.DropIndex(
                name: "ix_tickets_active_sla",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_tickets_created_at",
                table: "tickets");

            migrationBuilder.DropIndex(
                name: "ix_shipments_order_id_shipped_at_id",
                table: "shipments");

            migrationBuilder.DropIndex(
                name: "ix_commitments_owner_id_due_at",
                table: "commitments");

            migrationBuilder.DropIndex(
                name: "ix_commitments_owner_id_made_at",
                table: "commitments");

            migrationBuilder.CreateIndex(
                name: "ix_shipments_order_id",
                table: "shipments",
                column: "order_id");
        }
    }
}
