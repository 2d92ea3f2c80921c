using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The first writer of ProblemDetails: a client that asks for HTML (a browser opening an address or posting a form; API
/// clients and scripts do not) gets the problem as a page in the app's look, with the same status and headers, instead of
/// JSON shown as text. Whatever answers the problem (the gateway's limits and input rules, a service's 404) needs no
/// page of its own.
/// </summary>
internal sealed class ProblemPageForBrowsers(IOptions<ProblemDetailsOptions> problemOptions) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => AsksForHtml(context.HttpContext.Request);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var request = context.HttpContext.Request;
        List<PageLink> links = [new("Runnerly's home page", "/")];
        if ((status is StatusCodes.Status429TooManyRequests || status >= 500) && HttpMethods.IsGet(request.Method))
        {
            links.Add(new("Try again", request.PathBase + request.Path + request.QueryString));
        }

        var title = problem.Title is { } own && !IsFrameworkTitle(own, status) ? own : DefaultTitle(status);
        var message = problem.Detail ?? DefaultMessage(status);
        var fields = Errors(problem).Where(error => !message.Contains(error, StringComparison.Ordinal));
        var page = AppPage.Html(title, AppPage.Text(message) + AppPage.List(fields) + AppPage.Actions(links));
        var response = context.HttpContext.Response;
        response.ContentType = AppPage.ContentType;
        return new ValueTask(response.WriteAsync(page, context.HttpContext.RequestAborted));
    }

    /// <summary>"field: what was wrong" for each field a validation problem names.</summary>
    private static IEnumerable<string> Errors(ProblemDetails problem) =>
        (problem is HttpValidationProblemDetails validation ? validation.Errors
            : problem.Extensions.TryGetValue("errors", out var errors) ? errors as IDictionary<string, string[]> : null)
        ?.SelectMany(field => field.Value.Select(what => $"{field.Key}: {what}")) ?? [];

    private static bool AsksForHtml(HttpRequest request)
    {
        if (request.Headers.Accept.Count == 0)
        {
            return false;
        }

        foreach (var accepted in request.GetTypedHeaders().Accept)
        {
            if (accepted.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && accepted.Quality is not 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The titles ASP.NET Core gives a bare status ("Not Found") or a validation problem: words for people replace them.</summary>
    private static bool IsFrameworkTitle(string title, int status) =>
        title == ReasonPhrases.GetReasonPhrase(status) || title == ValidationTitle;

    private static readonly string? ValidationTitle = new HttpValidationProblemDetails().Title;

    private static string DefaultTitle(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid",
        StatusCodes.Status401Unauthorized => "Sign-in needed",
        StatusCodes.Status403Forbidden => "This is not yours to see",
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => "There is no page here",
        >= 500 => "Something went wrong on our side",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    private static string DefaultMessage(int status) => status switch
    {
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => "There is nothing at this address. It may be mistyped, or what it showed has gone.",
        StatusCodes.Status401Unauthorized => "This address is only for a signed-in runner or app.",
        StatusCodes.Status403Forbidden => "This is not yours to see.",
        >= 500 => "Please try again in a moment. If it keeps happening, it is being looked at.",
        _ => "Please go back and try again.",
    };
}
