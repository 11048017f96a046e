using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Infrastructure;

/// <summary>The shop's name as customers see it (<c>HelpDesk:ShopName</c>); staff pages keep the desk's own name.</summary>
public sealed class Brand(IOptions<HelpDeskOptions> options)
{
    public string ShopName(IStringLocalizer l) => options.Value.ShopName is { Length: > 0 } name ? name : l["brand.shop_default"];
}
