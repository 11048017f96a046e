using System.Text;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Data;

/// <summary>
/// PostgreSQL names in snake_case (tables, columns, keys, indexes), so hand-written SQL needs no quoting.
/// EFCore.NamingConventions does this too, but no version for EF Core 10 restores here.
/// </summary>
internal static class SnakeCaseNames
{
    public static void Apply(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (entity.IsOwned() && entity.IsMappedToJson())
            {
                continue;
            }

            if (entity.GetTableName() is { } table && entity.BaseType is null)
            {
                entity.SetTableName(ToSnake(table.StartsWith("AspNet", StringComparison.Ordinal) ? "identity_" + table[6..] : table));
            }

            foreach (var property in entity.GetProperties())
            {
                // Owned types stored with their owner share its key column; EF names that one after the owner's.
                if (entity.IsOwned() && property.IsPrimaryKey())
                {
                    continue;
                }

                if (property.GetColumnName() is { } column && column != "xmin")
                {
                    property.SetColumnName(ToSnake(column));
                }
            }
        }

        // Constraint and index names are derived from table names: rename them once every table has its name.
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => !(e.IsOwned() && e.IsMappedToJson())))
        {

            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnake(key.GetName()!));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(ToSnake(foreignKey.GetConstraintName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(ToSnake(index.GetDatabaseName()!));
            }
        }
    }

    public static string ToSnake(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (i > 0 && name[i - 1] != '_' && (previousIsLowerOrDigit || (nextIsLower && char.IsUpper(name[i - 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
