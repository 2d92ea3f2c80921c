namespace Runnerly.Testing.BadInput;

/// <summary>
/// The junk a client can send, by the kind of value a field wants: raw JSON for body fields (some
/// of it not valid JSON at all), and already percent-encoded text for query and route values.
/// </summary>
public static class BadValues
{
    private static readonly string[] NotANumber = ["\"NaN\"", "\"Infinity\"", "NaN", "-Infinity", "1e309", "5e-324", "-5e-324", "-1", "0", "1e308", "-0.0", "\"12\""];

    private static readonly string[] Integers = ["2147483648", "-2147483649", "9223372036854775808", "1.5", "1e2", "-1", "0", "\"1\""];

    private static readonly string[] Texts =
    [
        "\"\"", "\"   \"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00\"", "\"\\u0007\"", "\"\\u001b[31m\"", "\"\\u202e\"",
        $"\"{new string('x', 300)}\"", $"\"{new string('x', 100_001)}\"", "123",
    ];

    private static readonly string[] DateTimes =
    [
        "\"0001-01-01T00:00:00Z\"", "\"1899-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59-14:00\"", "\"0001-01-01T00:00:00+14:00\"",
        "\"2026-02-30T07:00:00Z\"", "\"2026-11-05T25:00:00Z\"", "\"2026-11-05\"", "\"yesterday\"", "1700000000", "\"\"",
    ];

    private static readonly string[] Dates = ["\"0001-01-01\"", "\"1899-12-31\"", "\"9999-12-31\"", "\"2026-02-30\"", "\"2026-13-01\"", "\"26-1-1\"", "\"\"", "20261105"];

    private static readonly string[] Ids = ["\"00000000-0000-0000-0000-000000000000\"", "\"not-an-id\"", "\"\"", "1"];

    private static readonly string[] WrongKinds = ["null", "true", "{}", "[]"];

    /// <summary>Objects carrying what no text column can hold, for fields stored as they come (jsonb).</summary>
    private static readonly string[] JunkObjects = ["{\"title\":\"\\u0000\"}", "{\"title\":\"\\ud800\"}", "{\"\\u0000\":1}", "{\"a\":{\"b\":[\"\\udfff\"]}}"];

    /// <summary>Raw JSON values to put where a value of <paramref name="schema"/>'s kind belongs; <paramref name="valid"/> (when known) adds enum tricks.</summary>
    public static IEnumerable<string> Json(ApiSchema schema, string? valid) => schema.Kind switch
    {
        "number" => NotANumber.Concat(WrongKinds),
        "integer" => Integers.Concat(WrongKinds),
        "boolean" => ["\"true\"", "1", "\"yes\"", .. WrongKinds],
        "array" => ["null", "{}", "\"x\"", "[]", "[null]", "[1]"],
        "object" => ["null", "[]", "\"x\"", "{}", "1", .. JunkObjects],
        "string" when schema.Format == "date-time" => DateTimes.Concat(WrongKinds),
        "string" when schema.Format == "date" => Dates.Concat(WrongKinds),
        "string" when schema.Format == "uuid" => Ids.Concat(WrongKinds),
        "string" => Texts.Concat(WrongKinds).Concat(Tricks(valid).Select(t => $"\"{t}\"")),
        _ => [.. WrongKinds, "\"x\"", "1", .. JunkObjects],
    };

    /// <summary>
    /// Query or route values (percent-encoded), whatever the parameter's kind. No NUL in a path: the
    /// test server cannot send one, and Kestrel refuses such a request before any service sees it.
    /// </summary>
    public static IEnumerable<string> Url(ApiSchema schema, string? valid, bool inPath) =>
    [
        "", "%20", .. inPath ? Array.Empty<string>() : ["%00", "a%00b"], "%ED%A0%80", "%FF", "-1", "0", "2147483648", "99999999999999999999", "1.5",
        "NaN", "Infinity", "abc", "0001-01-01", "9999-12-31", "2026-02-30", "00000000-0000-0000-0000-000000000000", new string('x', 5_000),
        .. schema.Format == "uuid" ? [] : Tricks(valid).Select(Uri.EscapeDataString),
    ];

    /// <summary>What a lenient parser takes for a valid name: padded, combined as flags, in another case, as a number.</summary>
    private static IEnumerable<string> Tricks(string? valid) => valid is not { Length: > 0 and < 40 } || valid.Any(c => c is '"' or '\\')
        ? []
        : new[] { $" {valid} ", $"{valid},{valid}", valid.ToUpperInvariant(), valid.ToLowerInvariant(), "1", "-1" }.Where(trick => trick != valid);
}
