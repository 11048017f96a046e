using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <summary>UnitsSold facts kept by triggers and the narrow rollup report_products_daily (<see cref="SalesFacts"/>); SQL only, no model change.</summary>
    [DbContext(typeof(HelpDeskDbContext))]
    [Migration("20261203100000_Reports_UnitsSold")]
    public partial class Reports_UnitsSold : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SalesFacts.Create);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SalesFacts.Drop);
    }
}
