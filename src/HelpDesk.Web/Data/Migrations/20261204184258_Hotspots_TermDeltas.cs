using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <summary>Writers append term deltas, the rollup job counts them (HotspotsSql.CreateDeltas); down counts what is left first.</summary>
    public partial class Hotspots_TermDeltas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(HotspotsSql.CreateDeltas);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(HotspotsSql.Fold.Replace("@batch", "ALL", StringComparison.Ordinal) + ";\n" + HotspotsSql.DropDeltas);
    }
}
