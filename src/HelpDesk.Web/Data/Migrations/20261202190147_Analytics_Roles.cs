using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <summary>
    /// The staff roles are data every installation needs, not demo data: each role that is missing is created (the read-only
    /// Analyst is new; a database made before this has the others from the demo seeder, or none in a fresh production).
    /// </summary>
    public partial class Analytics_Roles : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                INSERT INTO identity_roles (id, name, normalized_name, concurrency_stamp)
                SELECT gen_random_uuid(), r.name, upper(r.name), gen_random_uuid()::text
                FROM (VALUES ('Agent'), ('Supervisor'), ('Admin'), ('Analyst')) AS r(name)
                WHERE NOT EXISTS (SELECT 1 FROM identity_roles x WHERE x.normalized_name = upper(r.name));
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM identity_roles WHERE normalized_name = 'ANALYST' AND NOT EXISTS (SELECT 1 FROM identity_user_roles u WHERE u.role_id = identity_roles.id);");
        }
    }
}
