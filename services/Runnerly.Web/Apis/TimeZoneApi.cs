using Microsoft.AspNetCore.Mvc;
using Runnerly.Web.Clients;
using Runnerly.Web.Formatting;

namespace Runnerly.Web.Apis;

/// <summary>
/// The browser's time zone, posted once by the pages' script: a new profile starts in UTC, so a runner in
/// Melbourne would find Monday morning's run missing from "this week". It only replaces UTC, and only once
/// per browser (a cookie), so a zone the runner chose in Settings stays theirs.
/// </summary>
internal static class TimeZoneApi
{
    public const string Cookie = "runnerly_zone";

    public static void MapTimeZoneApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/settings/time-zone", UseBrowserZoneAsync).RequireAuthorization();

    private static async Task<IResult> UseBrowserZoneAsync([FromForm] string? timeZone, HttpContext context, DataApi data, CancellationToken cancellationToken)
    {
        if (timeZone is null || !Places.TimeZones.Contains(timeZone))
        {
            return Results.BadRequest();
        }

        var changed = false;
        try
        {
            var profile = await data.ProfileAsync(cancellationToken);
            if (profile.TimeZone == "UTC" && timeZone != "UTC")
            {
                (changed, _) = await data.SaveProfileAsync(profile with { TimeZone = timeZone }, cancellationToken);
            }
        }
        catch (Exception e) when (ApiProblem.IsShownToRunner(e))
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable); // no cookie: the next page tries again
        }

        // Read by the script (not HttpOnly): it says "asked already", nothing secret.
        context.Response.Cookies.Append(Cookie, "asked", new CookieOptions
        {
            SameSite = SameSiteMode.Lax,
            Secure = RunnerSignIn.PublicUrlIsHttps(context.RequestServices),
            MaxAge = TimeSpan.FromDays(400),
        });
        return Results.Ok(new { changed });
    }
}
