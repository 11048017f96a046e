using System.Text.Json;
using System.Text.Json.Serialization;
using HelpDesk.Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Text from outside is checked where it comes in (<see cref="Text.IsClean"/>: no NUL or other control characters
/// but line breaks and tabs, no direction overrides, no broken surrogates): on pages each field says so, on the API
/// the body's field is named in a 400 — never a database error later.
/// </summary>
public sealed class CleanStringBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var posted = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (posted == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        var value = posted.FirstValue;
        if (value is not null && !Text.IsClean(value))
        {
            // Shown again without the offending characters, with a message on the field.
            var kept = new string(value.Where(c => Text.IsClean(c.ToString())).ToArray());
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, kept, kept);
            var l = bindingContext.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, l["binding.characters"]);
            bindingContext.Result = ModelBindingResult.Failed();
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, posted);
        bindingContext.Result = ModelBindingResult.Success(string.IsNullOrEmpty(value) && bindingContext.ModelMetadata.ConvertEmptyStringToNull ? null : value);
        return Task.CompletedTask;
    }
}

public sealed class CleanStringBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(string) && context.BindingInfo.BindingSource != BindingSource.Body ? new CleanStringBinder() : null;
}

/// <summary>Every string in a JSON body: refused (as a JSON error at its path) when it is not clean text.</summary>
public sealed class CleanStringJsonConverter : JsonConverter<string>
{
    public const string Refusal = "text.invalid_characters";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is null || Text.IsClean(value) ? value : throw new JsonException(Refusal);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
