using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Catalog;

/// <summary>A product as the shop sells it; category and supplier drive complaint-rate analytics (R12).</summary>
public class Product
{
    private Product()
    {
        Sku = Name = Category = Supplier = string.Empty;
    }

    public Product(string sku, string name, string category, string supplier, bool excludedFromNoReasonReturn = false)
    {
        Sku = Guard.NotBlank(sku, "product.sku", 64);
        Name = Guard.NotBlank(name, "product.name", 200);
        Category = Guard.NotBlank(category, "product.category", 100);
        Supplier = Guard.NotBlank(supplier, "product.supplier", 200);
        ExcludedFromNoReasonReturn = excludedFromNoReasonReturn;
    }

    public long Id { get; private set; }

    public string Sku { get; private set; }

    public string Name { get; private set; }

    public string Category { get; private set; }

    public string Supplier { get; private set; }

    /// <summary>Goods such as opened personal-care items or customised goods have no 7-day no-reason return (R5).</summary>
    public bool ExcludedFromNoReasonReturn { get; private set; }
}
