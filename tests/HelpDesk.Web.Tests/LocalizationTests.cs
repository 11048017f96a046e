using System.Text.RegularExpressions;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Infrastructure;

namespace HelpDesk.Web.Tests;

/// <summary>Every user-visible string exists in zh-CN and en.</summary>
public sealed partial class LocalizationTests
{
    private static readonly IReadOnlyDictionary<string, System.Collections.Frozen.FrozenDictionary<string, string>> Tables = JsonStringLocalizerFactory.LoadTables();

    [Fact]
    public void Both_languages_have_the_same_keys_and_no_empty_text()
    {
        var chinese = Tables["zh-CN"];
        var english = Tables["en"];

        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.DoesNotContain(chinese.Concat(english), kv => string.IsNullOrWhiteSpace(kv.Value));
    }

    [Fact]
    public void Every_domain_enum_member_has_a_label()
    {
        var missing = typeof(Ticket).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.IsPublic)
            .SelectMany(t => Enum.GetNames(t).Select(n => $"enum.{t.Name}.{n}"))
            .Where(key => !Tables["zh-CN"].ContainsKey(key))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_rule_the_domain_can_break_has_a_message()
    {
        var source = SourceFiles("src/HelpDesk.Domain", "*.cs");
        var keys = source.SelectMany(text => DomainExceptionKey().Matches(text).Select(m => m.Groups[1].Value))
            .Concat(source.SelectMany(text => GuardCall().Matches(text).SelectMany(m => GuardKeys(m.Groups[1].Value, m.Groups[2].Value))))
            .Distinct()
            .ToList();

        Assert.True(keys.Count > 30, $"only {keys.Count} keys found: is the scan still right?");
        var missing = keys.Where(k => !Tables["zh-CN"].ContainsKey(k)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_literal_key_the_pages_use_exists()
    {
        var keys = SourceFiles("src/HelpDesk.Web", "*.cshtml").Concat(SourceFiles("src/HelpDesk.Web", "*.cs"))
            .SelectMany(text => LiteralKey().Matches(text).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        Assert.True(keys.Count > 40, $"only {keys.Count} keys found: is the scan still right?");
        var missing = keys.Where(k => !Tables["zh-CN"].ContainsKey(k)).ToList();
        Assert.Empty(missing);
    }

    private static IEnumerable<string> GuardKeys(string method, string prefix) => method switch
    {
        "NotBlank" => [prefix + ".required", prefix + ".too_long"],
        "NotNegative" => [prefix + ".negative"],
        "Positive" => [prefix + ".not_positive"],
        _ => [],
    };

    private static List<string> SourceFiles(string folder, string pattern)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "HelpDesk.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("HelpDesk.sln not found above the test output");
        }

        return Directory.EnumerateFiles(Path.Combine(root.FullName, folder), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
    }

    [GeneratedRegex(@"DomainException\(""([a-z_.]+)""")]
    private static partial Regex DomainExceptionKey();

    [GeneratedRegex(@"Guard\.(NotBlank|NotNegative|Positive)\([^;]*?""([a-z_.]+)""")]
    private static partial Regex GuardCall();

    [GeneratedRegex(@"(?:\bL|localizer)\[""([a-z_][a-z_.0-9]*)""[\],]")]
    private static partial Regex LiteralKey();
}
