using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Customers_Merge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "merged_into_id",
                table: "customers",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "customer_merge_suggestions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    other_customer_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_merge_suggestions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customer_merges",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source_id = table.Column<long>(type: "bigint", nullable: false),
                    target_id = table.Column<long>(type: "bigint", nullable: false),
                    source_tier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    target_tier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    merged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    merged_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    merged_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ticket_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    order_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    contact_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    undone_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    undone_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_merges", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_customer_merge_suggestions_customer_id_other_customer_id",
                table: "customer_merge_suggestions",
                columns: new[] { "customer_id", "other_customer_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customer_merge_suggestions_other_customer_id",
                table: "customer_merge_suggestions",
                column: "other_customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_merges_source_id",
                table: "customer_merges",
                column: "source_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_merges_target_id",
                table: "customer_merges",
                column: "target_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customer_merge_suggestions");

            migrationBuilder.DropTable(
                name: "customer_merges");

            migrationBuilder.DropColumn(
                name: "merged_into_id",
                table: "customers");
        }
    }
}
