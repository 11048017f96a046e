using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

// raw capture LOG FROM_BYTE OUT: the statements (with their parameters) PostgreSQL logged after FROM_BYTE, as one page.
// raw run FILE CONNECTION CONNECTIONS SECONDS: replays that page's statements in a loop on CONNECTIONS connections
// for SECONDS and prints "p50_ms p95_ms p99_ms requests_per_s requests".
return args switch
{
    ["capture", var log, var from, var output] => Capture(log, long.Parse(from, CultureInfo.InvariantCulture), output),
    ["run", var file, var connection, var connections, var seconds] => await RunAsync(file, connection, int.Parse(connections, CultureInfo.InvariantCulture), int.Parse(seconds, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: raw capture LOG FROM_BYTE OUT | raw run FILE CONNECTION CONNECTIONS SECONDS");
    return 2;
}

static int Capture(string log, long from, string output)
{
    using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
    stream.Seek(from, SeekOrigin.Begin);
    var lines = new StreamReader(stream, Encoding.UTF8).ReadToEnd().Split('\n');
    var prefix = Patterns.Prefix();
    var entries = new List<(string Kind, StringBuilder Text)>();
    foreach (var line in lines)
    {
        var m = prefix.Match(line);
        if (m.Success)
        {
            entries.Add((m.Groups[1].Value, new StringBuilder(line[m.Length..])));
        }
        else if (entries.Count > 0)
        {
            entries[^1].Text.Append('\n').Append(line);
        }
    }

    var statements = new List<Statement>();
    foreach (var (kind, text) in entries)
    {
        var s = text.ToString();
        if (kind == "LOG" && Patterns.Execute().Match(s) is { Success: true } e)
        {
            statements.Add(new Statement(e.Groups[1].Value, []));
        }
        else if (kind == "LOG" && s.StartsWith("statement: ", StringComparison.Ordinal))
        {
            statements.Add(new Statement(s["statement: ".Length..], []));
        }
        else if (kind == "DETAIL" && s.StartsWith("parameters: ", StringComparison.OrdinalIgnoreCase) && statements.Count > 0)
        {
            statements[^1] = statements[^1] with { Parameters = ParseParameters(s["parameters: ".Length..]) };
        }
    }

    statements.RemoveAll(st => st.Sql.TrimStart().StartsWith("DISCARD", StringComparison.OrdinalIgnoreCase));
    File.WriteAllText(output, System.Text.Json.JsonSerializer.Serialize(statements));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{statements.Count} statements"));
    return statements.Count > 0 ? 0 : 1;
}

static List<string?> ParseParameters(string text)
{
    // $1 = 'value', $2 = NULL ('' inside a value is a quote)
    var values = new List<string?>();
    var i = 0;
    while (i < text.Length)
    {
        var eq = text.IndexOf(" = ", i, StringComparison.Ordinal);
        if (eq < 0)
        {
            break;
        }

        i = eq + 3;
        if (text.AsSpan(i).StartsWith("NULL"))
        {
            values.Add(null);
            i += 4;
        }
        else
        {
            var value = new StringBuilder();
            i++;
            while (i < text.Length)
            {
                if (text[i] == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                {
                    value.Append('\'');
                    i += 2;
                }
                else if (text[i] == '\'')
                {
                    i++;
                    break;
                }
                else
                {
                    value.Append(text[i++]);
                }
            }

            values.Add(value.ToString());
        }

        i = text.IndexOf(", $", i, StringComparison.Ordinal) is var next and >= 0 ? next + 2 : text.Length;
    }

    return values;
}

static async Task<int> RunAsync(string file, string connection, int connections, int seconds)
{
    var statements = System.Text.Json.JsonSerializer.Deserialize<List<Statement>>(await File.ReadAllTextAsync(file))!;
    await using var source = NpgsqlDataSource.Create(connection);
    for (var warm = 0; warm < 5; warm++)
    {
        await PageAsync(source, statements);
    }

    var latencies = new List<double>[connections];
    var until = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
    var workers = Enumerable.Range(0, connections).Select(async w =>
    {
        latencies[w] = [];
        while (Stopwatch.GetTimestamp() < until)
        {
            var start = Stopwatch.GetTimestamp();
            await PageAsync(source, statements);
            latencies[w].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }).ToList();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(workers);
    var all = latencies.SelectMany(l => l).Order().ToList();
    double P(double q) => all.Count == 0 ? 0 : all[Math.Min(all.Count - 1, (int)(q * all.Count))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{P(0.5):F1} {P(0.95):F1} {P(0.99):F1} {all.Count / clock.Elapsed.TotalSeconds:F1} {all.Count}"));
    return 0;
}

static async Task PageAsync(NpgsqlDataSource source, List<Statement> statements)
{
    await using var conn = await source.OpenConnectionAsync();
    foreach (var st in statements)
    {
        await using var cmd = new NpgsqlCommand(st.Sql, conn);
        foreach (var p in st.Parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)p ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown });
        }

        await using var reader = await cmd.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    _ = reader.GetValue(c);
                }
            }
        }
        while (await reader.NextResultAsync());
    }
}

internal sealed record Statement(string Sql, List<string?> Parameters);

internal static partial class Patterns
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] (\w+):  ")]
    public static partial Regex Prefix();

    [GeneratedRegex(@"^execute [^:]*: (.*)$", RegexOptions.Singleline)]
    public static partial Regex Execute();
}
