using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Words for a request the framework could not bind: the JSON field that was wrong
/// (<c>$.distanceMeters</c>) and what it should have been, as a ProblemDetails with
/// <c>errors</c> keyed by that field — never a C# type or parameter name.
/// </summary>
internal static partial class BadRequests
{
    public static void Describe(ProblemDetailsContext context, BadHttpRequestException bad)
    {
        context.HttpContext.Response.StatusCode = bad.StatusCode;
        var problem = context.ProblemDetails;
        problem.Status = bad.StatusCode;
        problem.Title = "The request is not valid";
        var (field, what) = FieldAndProblem(bad);
        problem.Detail = $"{field}: {what}";
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [what] };
    }

    /// <summary>A body routing refused for its content type (the endpoint reads JSON): the answer names the header.</summary>
    public static void DescribeUnsupportedMediaType(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is HttpValidationProblemDetails || context.ProblemDetails.Extensions.ContainsKey("errors"))
        {
            return;
        }

        const string what = "Send the body as JSON (Content-Type: application/json).";
        context.ProblemDetails.Detail = $"Content-Type: {what}";
        context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { ["Content-Type"] = [what] };
    }

    /// <summary>The JSON path or parameter that was wrong, and what it should have been.</summary>
    private static (string Field, string Problem) FieldAndProblem(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            // The reader's own complaint (a lone surrogate, invalid UTF-8) comes wrapped: it is about the text, not its type.
            var what = json.InnerException is InvalidOperationException ? "this text is not valid Unicode (half of a surrogate pair?)." : Expected(json.Message);
            return (string.IsNullOrEmpty(json.Path) ? "$" : json.Path, what);
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ("Content-Type", "Send the body as JSON (Content-Type: application/json).");
        }

        var parameter = ParameterSignature().Match(bad.Message);
        var (type, name) = parameter.Success ? (parameter.Groups[1].Value, parameter.Groups[2].Value) : ("", "");
        if (bad.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) && parameter.Success)
        {
            return (name, ExpectedParameter(type));
        }

        if (bad.Message.Contains("from body", StringComparison.Ordinal) || bad.Message.Contains("request body", StringComparison.Ordinal)
            || bad.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return ("$", bad.InnerException is null && bad.Message.StartsWith("Required", StringComparison.Ordinal)
                ? "A JSON body is required."
                : "The body could not be read as UTF-8 JSON.");
        }

        return parameter.Success ? (name, "This parameter is required.") : ("request", Plain(bad.Message));
    }

    private static string ExpectedParameter(string type) => type.TrimEnd('?') switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" => "expected a whole number.",
        "double" or "float" or "decimal" => "expected a number.",
        "bool" => "expected true or false.",
        "DateOnly" => "expected a date such as 2026-12-02.",
        "DateTimeOffset" or "DateTime" => "expected a date and time such as 2026-12-02T07:30:00+01:00.",
        "TimeOnly" or "TimeSpan" => "expected a time such as 07:30.",
        "Guid" => "expected an id such as 0192f7a4-3c1d-7b2e-9a51-6f0d2c8e4b13.",
        _ => "this value could not be read.",
    };

    private static string Expected(string message)
    {
        var type = ConvertedTo().Match(message) is { Success: true } match ? match.Groups[1].Value : null;
        return type switch
        {
            "Double" or "Single" or "Decimal" => "expected a finite number (NaN, Infinity and numbers in quotes are refused).",
            "Int32" or "Int64" or "Int16" => "expected a whole number.",
            "Boolean" => "expected true or false.",
            "String" => "expected a string.",
            "DateTimeOffset" or "DateTime" => "expected a date and time such as 2026-12-02T07:30:00+01:00.",
            "DateOnly" => "expected a date such as 2026-12-02.",
            "TimeOnly" or "TimeSpan" => "expected a time such as 07:30.",
            "Guid" => "expected an id such as 0192f7a4-3c1d-7b2e-9a51-6f0d2c8e4b13.",
            not null when type.StartsWith("List", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "expected a list.",
            not null => "this value has the wrong type.",
            null when message.Contains("invalid", StringComparison.OrdinalIgnoreCase) || message.Contains("end of data", StringComparison.OrdinalIgnoreCase) =>
                "this is not valid JSON.",
            null => "this value could not be read.",
        };
    }

    /// <summary>"Failed to read parameter "RunInput input" from the request body as JSON." → words without the C# signature.</summary>
    private static string Plain(string message) => ParameterSignature().Replace(message, "$2")
        .Replace("from the request body as JSON", "from the JSON body", StringComparison.Ordinal);

    [GeneratedRegex(@"could not be converted to (?:System\.)?(?:Nullable`1\[)?(?:System\.)?([\w`\[\]\.]+?)\]?\.", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("\"([\\w<>\\[\\]?, .`]+) (\\w+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterSignature();
}
