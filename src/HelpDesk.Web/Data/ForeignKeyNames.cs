using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace HelpDesk.Web.Data;

/// <summary>
/// Names every foreign key after its final table and column names, <c>fk_{table}_{principal table}_{columns}</c>,
/// as the schema has always had them. EFCore.NamingConventions derives them from the names before
/// <c>ToTable</c> ("asp_net_users") and from property rather than column names; this runs after it.
/// </summary>
internal sealed class ForeignKeyNames : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entity in modelBuilder.Metadata.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var foreignKey in entity.GetDeclaredForeignKeys())
            {
                if (foreignKey.PrincipalEntityType.GetTableName() is not { } principal || foreignKey.PrincipalEntityType.GetTableName() == table && entity.IsOwned())
                {
                    continue;
                }

                var columns = foreignKey.Properties.Select(p => p.GetColumnName(store));
                foreignKey.SetConstraintName($"fk_{table}_{principal}_{string.Join('_', columns)}");
            }
        }
    }
}
