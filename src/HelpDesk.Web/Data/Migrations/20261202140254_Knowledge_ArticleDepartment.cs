using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Knowledge_ArticleDepartment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "department_id",
                table: "articles",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_department_id_updated_at_id",
                table: "articles",
                columns: new[] { "department_id", "updated_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.AddForeignKey(
                name: "fk_articles_teams_department_id",
                table: "articles",
                column: "department_id",
                principalTable: "teams",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_articles_teams_department_id",
                table: "articles");

            migrationBuilder.DropIndex(
                name: "ix_articles_department_id_updated_at_id",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "department_id",
                table: "articles");
        }
    }
}
