using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <summary>The hotspots' windows of the standard periods (<see cref="HotspotsSql.CreateWindows"/>); SQL only, no model change.</summary>
    [DbContext(typeof(HelpDeskDbContext))]
    [Migration("20261203100100_Hotspots_TermWindows")]
    public partial class Hotspots_TermWindows : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(HotspotsSql.CreateWindows);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(HotspotsSql.DropWindows);
    }
}
