using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Binds check boxes (bool, bool?) so that a value that is not "true"/"false" is a message on the field — never an
/// exception when the page is shown again with what was posted (the check box helper cannot render "abc").
/// </summary>
public sealed class BooleanBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var posted = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (posted == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        if (bool.TryParse(posted.FirstValue, out var value))
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, posted);
            bindingContext.Result = ModelBindingResult.Success(value);
        }
        else if (string.IsNullOrEmpty(posted.FirstValue) && bindingContext.ModelMetadata.IsReferenceOrNullableType)
        {
            bindingContext.Result = ModelBindingResult.Success(null);
        }
        else
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, false, "false");
            bindingContext.ModelState.TryAddModelError(
                bindingContext.ModelName,
                bindingContext.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(posted.FirstValue ?? string.Empty, bindingContext.ModelName));
            bindingContext.Result = ModelBindingResult.Failed();
        }

        return Task.CompletedTask;
    }
}

public sealed class BooleanBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(bool) ? new BooleanBinder() : null;
}
