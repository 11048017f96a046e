using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpDesk.Web.Data.Migrations
{
    /// <summary>The audit trail is append-only: the database itself refuses to change, delete or truncate entries.</summary>
    public partial class AuditTrailAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_entries is append-only';
                END $$;
                CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS audit_entries_no_change ON audit_entries;
                DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
                DROP FUNCTION IF EXISTS audit_entries_append_only();
                """);
        }
    }
}
