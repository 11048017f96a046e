using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScaleOut_DeliveryAttemptFence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Model only, no schema change: outbox_messages.attempts and sms_messages.attempts became the concurrency
            // tokens that fence an outcome recorded after its lease ran out (see Infrastructure/LeasedDelivery).
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
