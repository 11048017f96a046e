using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AfterSalesBudgetIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_after_sales_cases_requested_by_id",
                table: "after_sales_cases");

            migrationBuilder.CreateIndex(
                name: "ix_after_sales_cases_requested_by_id_requested_at",
                table: "after_sales_cases",
                columns: new[] { "requested_by_id", "requested_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_after_sales_cases_requested_by_id_requested_at",
                table: "after_sales_cases");

            migrationBuilder.CreateIndex(
                name: "ix_after_sales_cases_requested_by_id",
                table: "after_sales_cases",
                column: "requested_by_id");
        }
    }
}
