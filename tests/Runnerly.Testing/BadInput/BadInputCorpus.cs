using System.Net.Http.Headers;
using System.Text.Json;

namespace Runnerly.Testing.BadInput;

/// <summary>
/// Walks every operation a service's OpenAPI document describes with bad input — broken JSON,
/// wrong types, NaN and huge numbers, NUL and lone surrogates, impossible dates, enum tricks,
/// overlong strings, missing and extra fields, junk in queries and routes — and checks each
/// answer: never a 5xx; every 4xx a ProblemDetails (or a page, for the operations browsers land on), and a GET
/// opened in a browser a page in the app's look; every 400 for a body, query or route naming the field. New
/// endpoints are walked as they are added. Returns what went wrong, one line per request, so a test can show all of it at once.
/// </summary>
public sealed class BadInputCorpus
{
    /// <summary>The client (with the right token) to call an operation with.</summary>
    public required Func<ApiOperation, HttpClient> ClientFor { get; init; }

    /// <summary>A valid value for a route or query parameter of an operation (null to leave an optional query parameter out).</summary>
    public required Func<ApiOperation, ApiParameter, string?> ValidValue { get; init; }

    /// <summary>A valid JSON body per operation ("POST /api/runs"), broken one thing at a time.</summary>
    public IReadOnlyDictionary<string, string> ValidBodies { get; init; } = new Dictionary<string, string>();

    /// <summary>Operations a browser lands on, whose refusals may be pages for people (text/html) rather than ProblemDetails.</summary>
    public IReadOnlySet<string> PageOperations { get; init; } = new HashSet<string>();

    /// <summary>How many requests the last walk made.</summary>
    public int Requests { get; private set; }

    public async Task<IReadOnlyList<string>> WalkAsync(ApiDescription api)
    {
        var problems = new List<string>();
        foreach (var operation in api.Operations)
        {
            foreach (var badRequest in BadRequestCases.For(operation, ValidValue, ValidBodies.GetValueOrDefault(operation.ToString())))
            {
                Requests++;
                if (await CheckAsync(badRequest) is { } problem)
                {
                    problems.Add($"{badRequest}: {problem}");
                }

                if (badRequest.Operation.Method == "GET")
                {
                    Requests++;
                    if (await CheckInBrowserAsync(badRequest) is { } pageProblem)
                    {
                        problems.Add($"{badRequest} in a browser: {pageProblem}");
                    }
                }
            }
        }

        return problems;
    }

    /// <summary>Every GET the document describes, with valid values, still answers 2xx (the bad input poisoned nothing).</summary>
    public async Task<IReadOnlyList<string>> ReadEverythingAsync(ApiDescription api, IReadOnlySet<string>? notReads = null)
    {
        var problems = new List<string>();
        foreach (var operation in api.Operations.Where(o => o.Method == "GET" && notReads?.Contains(o.ToString()) != true))
        {
            var url = operation.Parameters.Aggregate((Path: operation.Path, Query: new List<string>()), (url, parameter) =>
                ValidValue(operation, parameter) is not { } value ? url
                : parameter.In == "path" ? (url.Path.Replace($"{{{parameter.Name}}}", Uri.EscapeDataString(value), StringComparison.Ordinal), url.Query)
                : (url.Path, [.. url.Query, $"{parameter.Name}={Uri.EscapeDataString(value)}"]));
            var problem = await ServesAsync(ClientFor(operation), url.Query.Count == 0 ? url.Path : $"{url.Path}?{string.Join('&', url.Query)}");
            if (problem is not null)
            {
                problems.Add($"{operation}: {problem}");
            }
        }

        return problems;
    }

    /// <summary>Null when <paramref name="url"/> answers 2xx; otherwise what it answered.</summary>
    public static async Task<string?> ServesAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return response.IsSuccessStatusCode ? null : $"GET {url} answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync())}";
    }

    private async Task<string?> CheckAsync(BadRequestCase badRequest)
    {
        using var request = new HttpRequestMessage(new HttpMethod(badRequest.Operation.Method), badRequest.Url);
        if (badRequest.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = badRequest.ContentType is null ? null : MediaTypeHeaderValue.Parse(badRequest.ContentType);
        }

        var (response, failure) = await SendAsync(badRequest, request);
        using (response)
        {
            if (response is null)
            {
                return failure;
            }

            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                return $"{status} {Shorten(text)}";
            }

            if (status < 400)
            {
                return null;
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (PageOperations.Contains(badRequest.Operation.ToString()) && mediaType == "text/html")
            {
                return null;
            }

            return mediaType != "application/problem+json" ? $"{status} answered as {mediaType ?? "nothing"}, not a ProblemDetails"
                : ProblemDetailsProblem(status, text, badRequest);
        }
    }

    /// <summary>The same address opened in a browser: a refusal is a page in the app's look that names the field, never JSON.</summary>
    private async Task<string?> CheckInBrowserAsync(BadRequestCase badRequest)
    {
        using var request = BrowserPages.Request(HttpMethod.Get, badRequest.Url);
        var (response, failure) = await SendAsync(badRequest, request);
        using (response)
        {
            if (response is null)
            {
                return failure;
            }

            var status = (int)response.StatusCode;
            var html = await response.Content.ReadAsStringAsync();
            if (status < 400)
            {
                return null;
            }

            if (status >= 500 || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                return $"{status} answered as {response.Content.Headers.ContentType?.MediaType ?? "nothing"}: {Shorten(html)}";
            }

            if (PageOperations.Contains(badRequest.Operation.ToString()))
            {
                return null;
            }

            if (!html.Contains(BrowserPages.AppStyleSheet, StringComparison.Ordinal))
            {
                return $"{status}, a page not in the app's look: {Shorten(html)}";
            }

            return status == 400 && badRequest.Field is { } field && !System.Net.WebUtility.HtmlDecode(html).Contains(field, StringComparison.OrdinalIgnoreCase)
                ? $"{status}, a page not naming {field}: {Shorten(html)}"
                : null;
        }
    }

    /// <summary>The answer, or (null) how the service failed to give one.</summary>
    private async Task<(HttpResponseMessage? Response, string? Failure)> SendAsync(BadRequestCase badRequest, HttpRequestMessage request)
    {
        try
        {
            return (await ClientFor(badRequest.Operation).SendAsync(request), null);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            return (null, $"the service failed: {e.GetBaseException().Message}");
        }
    }

    private static string? ProblemDetailsProblem(int status, string text, BadRequestCase badRequest)
    {
        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return $"{status} with a body that is not JSON: {Shorten(text)}";
        }

        if (!problem.TryGetProperty("status", out var statusField) || statusField.GetInt32() != status || !problem.TryGetProperty("title", out _))
        {
            return $"{status} with a ProblemDetails missing its status or title: {Shorten(text)}";
        }

        if (status is not (400 or 415 or 422))
        {
            return null;
        }

        if (!problem.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object || !errors.EnumerateObject().Any())
        {
            return $"{status} without errors naming the field: {Shorten(text)}";
        }

        return badRequest.Field is not { } field || errors.EnumerateObject().Any(e => Names(e.Name, field))
            ? null
            : $"{status} naming {string.Join(", ", errors.EnumerateObject().Select(e => e.Name))}, not {field}";
    }

    /// <summary>Whether an error key (<c>$.runs[0].run.name</c>, <c>runs[0].run.name</c>) names the field, a field within it, or the object or list it is in.</summary>
    private static bool Names(string key, string field)
    {
        if (field == "$")
        {
            return true; // the whole body was wrong: any field it names will do
        }

        var plain = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key;
        return plain.Equals(field, StringComparison.OrdinalIgnoreCase) || plain.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase)
            || plain.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase) || field.StartsWith(plain + ".", StringComparison.OrdinalIgnoreCase)
            || field.StartsWith(plain + "[", StringComparison.OrdinalIgnoreCase)
            || plain.EndsWith("." + field, StringComparison.OrdinalIgnoreCase);
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
