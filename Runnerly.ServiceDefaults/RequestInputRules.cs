using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Refuses, before any endpoint sees it, what no endpoint can read: a body in a character set
/// .NET does not know (<c>charset=klingon</c>), and control characters (NUL included) in a query
/// or route value. Each answer is a ProblemDetails naming the header or parameter.
/// </summary>
public static class RequestInputRules
{
    // Not async: a request that passes goes straight on, without a state machine of its own around the rest of the pipeline.
    public static IApplicationBuilder UseRequestInputRules(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (UnreadableCharset(context.Request) is { } charset)
        {
            return RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "Content-Type",
                $"The character set '{Shorten(charset)}' is not one this service reads; send UTF-8 (charset=utf-8) or leave the charset out.");
        }

        if (ParameterWithControlCharacters(context) is { } parameter)
        {
            return RefuseAsync(context, StatusCodes.Status400BadRequest, parameter,
                "Control characters (such as NUL) are not allowed here.");
        }

        return next(context);
    });

    private static string? UnreadableCharset(HttpRequest request) =>
        request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Charset.HasValue && mediaType.Encoding is null
            ? mediaType.Charset.Value
            : null;

    private static string? ParameterWithControlCharacters(HttpContext context)
    {
        // Without a query string, reading Query would only build an empty collection.
        if (context.Request.QueryString.HasValue)
        {
            foreach (var (name, values) in context.Request.Query)
            {
                if (TextRules.HasControlCharacters(name) || values.Any(value => value is not null && TextRules.HasControlCharacters(value)))
                {
                    return TextRules.HasControlCharacters(name) ? "query" : name;
                }
            }
        }

        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && TextRules.HasControlCharacters(text))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Answers a ProblemDetails whose <c>errors</c> name the one field that was wrong.</summary>
    public static async Task RefuseAsync(HttpContext context, int status, string field, string problem)
    {
        context.Response.StatusCode = status;
        var details = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [problem] })
        {
            Status = status,
            Title = "The request is not valid",
            Detail = $"{field}: {problem}",
        };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details });
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
