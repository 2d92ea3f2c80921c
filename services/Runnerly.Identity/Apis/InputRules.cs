using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Runnerly.Identity.Apis;

/// <summary>
/// Refuses, before OpenIddict, Identity or a page looks anything up, a query or form value no
/// column can hold and no runner can type: NUL and other control characters, half of a surrogate
/// pair (PostgreSQL refuses 0x00 in text, which was a 500). Each caller gets the answer it reads:
/// an OAuth <c>invalid_request</c> on <c>/connect/*</c>; on an account page the page itself saying
/// which field was wrong (<see cref="RefusedInput"/>); elsewhere a ProblemDetails naming the field.
/// A form body that cannot be read at all (cut off, over the form limits) is refused the same way.
/// </summary>
internal static class InputRules
{
    public const string UnreadableText = "holds characters that cannot be read (NUL, another control character or half of a surrogate pair)";

    /// <summary>Runs first: the service defaults' own query check would answer pages with JSON.</summary>
    public static IApplicationBuilder UseInputRules(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var field = UnreadableField(request.Query);
        IEnumerable<KeyValuePair<string, StringValues>>? readableForm = null;
        if (field is null && request.HasFormContentType)
        {
            request.EnableBuffering();
            try
            {
                field = UnreadableField(await request.ReadFormAsync(context.RequestAborted));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or ArgumentException)
            {
                // ASP.NET Core's form reader refuses NUL itself, without saying where: find the field in the raw body.
                var raw = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
                    ? await RawFormAsync(request, context.RequestAborted)
                    : [];
                field = UnreadableField(raw);
                if (field is null)
                {
                    await RefuseAsync(context, "form", "could not be read: send it as application/x-www-form-urlencoded, within the form limits.");
                    return;
                }

                readableForm = raw;
            }
        }

        if (field is null)
        {
            await next(context);
        }
        else if (IsPage(request.Path) && request.Method is "GET" or "POST")
        {
            // The page shows itself with the reason; the bad value never reaches binding or the database.
            request.Query = new QueryCollection(Readable(request.Query));
            if (request.HasFormContentType)
            {
                request.Form = readableForm is null
                    ? new FormCollection(Readable(request.Form), request.Form.Files)
                    : new FormCollection(Readable(readableForm));
            }

            context.Features.Set(new RefusedInput(field));
            await next(context);
        }
        else
        {
            await RefuseAsync(context, field, UnreadableText + ".");
        }
    });

    private static bool IsPage(PathString path) => path.StartsWithSegments("/identity");

    private static string? UnreadableField(IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        foreach (var (name, value) in values)
        {
            if (TextRules.HasControlCharacters(name))
            {
                return "(a field's name)";
            }

            if (value.Any(v => v is not null && TextRules.HasControlCharacters(v)))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The body's fields decoded leniently (a value that is not valid percent-encoding stays as it is).</summary>
    private static async Task<List<KeyValuePair<string, StringValues>>> RawFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(cancellationToken);
        return body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(parts => Decode(parts[0]), parts => Decode(parts.Length > 1 ? parts[1] : ""))
            .Select(field => new KeyValuePair<string, StringValues>(field.Key, new StringValues(field.ToArray())))
            .ToList();

        static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }

    private static Dictionary<string, StringValues> Readable(IEnumerable<KeyValuePair<string, StringValues>> values) =>
        values.Where(v => !TextRules.HasControlCharacters(v.Key) && !v.Value.Any(text => text is not null && TextRules.HasControlCharacters(text)))
            .ToDictionary(v => v.Key, v => v.Value);

    private static async Task RefuseAsync(HttpContext context, string field, string problem)
    {
        if (context.Request.Path.StartsWithSegments("/connect"))
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status400BadRequest;
            // What OpenIddict answers for a malformed request: clients already read this shape.
            response.Headers.CacheControl = "no-store";
            response.Headers.Pragma = "no-cache";
            response.ContentType = "application/json;charset=UTF-8";
            await JsonSerializer.SerializeAsync(response.Body, new Dictionary<string, string>
            {
                [Parameters.Error] = Errors.InvalidRequest,
                [Parameters.ErrorDescription] = $"The '{field}' parameter {problem}",
            }, cancellationToken: context.RequestAborted);
            return;
        }

        await RequestInputRules.RefuseAsync(context, StatusCodes.Status400BadRequest, field, problem);
    }
}

/// <summary>A page request whose field <see cref="Field"/> was refused and taken out; the page says so.</summary>
internal sealed record RefusedInput(string Field);
