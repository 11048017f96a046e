using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <summary>The hotspots' term tables and the drill-down's index (<see cref="HotspotsSql"/>); SQL only, no model change.</summary>
    [DbContext(typeof(HelpDeskDbContext))]
    [Migration("20261202200000_Hotspots_TicketTerms")]
    public partial class Hotspots_TicketTerms : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(HotspotsSql.Create);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(HotspotsSql.Drop);
    }
}
