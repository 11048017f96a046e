using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <summary>The SLA rollup keeps each quarter hour in slots, so tickets opened at once do not queue on one row (SlaRollups.Slot).</summary>
    public partial class SlaRollups_Slots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SlaRollups.Slot);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SlaRollups.Unslot);
    }
}
