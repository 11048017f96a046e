using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <summary>Drops the complaint rates' two unused indexes (<see cref="Reporting.DropRateIndexes"/>); SQL only, no model change.</summary>
    [DbContext(typeof(HelpDeskDbContext))]
    [Migration("20261203150000_Reports_DropRateIndexes")]
    public partial class Reports_DropRateIndexes : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Reporting.DropRateIndexes);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Reporting.RestoreRateIndexes);
    }
}
