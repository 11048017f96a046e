using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Infrastructure;

/// <summary>Marker for the one shared string table: <c>IStringLocalizer&lt;Strings&gt;</c>.</summary>
public sealed class Strings;

/// <summary>
/// zh-CN (default) and en. Strings live in Resources/{area}.{culture}.json (flat key → text), embedded in the
/// assembly; a key missing from a culture falls back to zh-CN, then to the key itself (and is logged).
/// </summary>
public static class Localization
{
    public const string DefaultCulture = "zh-CN";
    public static readonly string[] Cultures = [DefaultCulture, "en"];

    public static IServiceCollection AddHelpDeskLocalization(this IServiceCollection services)
    {
        services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
        services.AddTransient(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(DefaultCulture);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;

            // The language switch's cookie first, then the browser's languages; no query-string switching.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        FluentValidation.ValidatorOptions.Global.LanguageManager.Culture = null; // follow CurrentUICulture

        // Validation is ours (FluentValidation and the domain), in the user's language: no implicit [Required]
        // for non-nullable strings, and model-binding failures ("abc" for a number) in our words too.
        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((options, factory) =>
        {
            var l = factory.Create(typeof(Strings));
            options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            var messages = options.ModelBindingMessageProvider;
            messages.SetAttemptedValueIsInvalidAccessor((value, _) => l["binding.invalid_value", value]);
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => l["binding.invalid_value", value]);
            messages.SetValueIsInvalidAccessor(value => l["binding.invalid_value", value]);
            messages.SetUnknownValueIsInvalidAccessor(_ => l["binding.invalid"]);
            messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["binding.invalid"]);
            messages.SetValueMustBeANumberAccessor(_ => l["binding.number"]);
            messages.SetNonPropertyValueMustBeANumberAccessor(() => l["binding.number"]);
            messages.SetValueMustNotBeNullAccessor(_ => l["binding.required"]);
            messages.SetMissingBindRequiredValueAccessor(_ => l["binding.required"]);
            messages.SetMissingKeyOrValueAccessor(() => l["binding.required"]);
            messages.SetMissingRequestBodyRequiredValueAccessor(() => l["binding.required"]);
        });
        return services;
    }

    /// <summary>"2 小时 5 分" / "25 分钟": a span of time as agents read it (its sign is the caller's business).</summary>
    public static string Duration(this IStringLocalizer localizer, TimeSpan span)
    {
        var minutes = (int)Math.Round(Math.Abs(span.TotalMinutes));
        return minutes >= 60 ? localizer["sla.duration.hours", minutes / 60, minutes % 60] : localizer["sla.duration.minutes", minutes];
    }

    /// <summary>Localized label of an enum member: key "enum.{Type}.{Member}".</summary>
    public static string Label<TEnum>(this IStringLocalizer localizer, TEnum value)
        where TEnum : struct, Enum => localizer[$"enum.{typeof(TEnum).Name}.{value}"];
}

public sealed class JsonStringLocalizerFactory(ILogger<JsonStringLocalizer> logger) : IStringLocalizerFactory
{
    private readonly JsonStringLocalizer _localizer = new(LoadTables(), logger);

    public IStringLocalizer Create(Type resourceSource) => _localizer;

    public IStringLocalizer Create(string baseName, string location) => _localizer;

    /// <summary>
    /// Every embedded <c>Resources/{area}.{culture}.json</c> merged per culture (strings.*.json holds the shared ones;
    /// a feature may keep its own file). A key defined twice for one culture is a mistake and stops the app.
    /// </summary>
    public static IReadOnlyDictionary<string, FrozenDictionary<string, string>> LoadTables()
    {
        var assembly = typeof(Strings).Assembly;
        const string prefix = "HelpDesk.Web.Resources.";
        return Localization.Cultures.ToDictionary(c => c, c =>
        {
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            var files = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith($".{c}.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                throw new InvalidOperationException($"No Resources/*.{c}.json is embedded.");
            }

            foreach (var file in files)
            {
                using var stream = assembly.GetManifestResourceStream(file)!;
                foreach (var (key, text) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!)
                {
                    if (!merged.TryAdd(key, text))
                    {
                        throw new InvalidOperationException($"The string {key} is defined twice for {c} ({file[prefix.Length..]}).");
                    }
                }
            }

            return merged.ToFrozenDictionary(StringComparer.Ordinal);
        });
    }
}

public sealed class JsonStringLocalizer(IReadOnlyDictionary<string, FrozenDictionary<string, string>> tables, ILogger logger) : IStringLocalizer
{
    public LocalizedString this[string name] => Find(name) is { } text
        ? new LocalizedString(name, text)
        : Missing(name);

    public LocalizedString this[string name, params object[] arguments] => Find(name) is { } text
        ? new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, text, arguments))
        : Missing(name);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        Table(CultureInfo.CurrentUICulture).Select(kv => new LocalizedString(kv.Key, kv.Value));

    private string? Find(string name) =>
        Table(CultureInfo.CurrentUICulture).GetValueOrDefault(name) ?? tables[Localization.DefaultCulture].GetValueOrDefault(name);

    private FrozenDictionary<string, string> Table(CultureInfo culture)
    {
        for (var c = culture; c != CultureInfo.InvariantCulture; c = c.Parent)
        {
            if (tables.TryGetValue(c.Name, out var table))
            {
                return table;
            }
        }

        return tables[Localization.DefaultCulture];
    }

    private LocalizedString Missing(string name)
    {
        logger.LogWarning("Missing localized string {Key}", name);
        return new LocalizedString(name, name, resourceNotFound: true);
    }
}
