using Runnerly.Web.Clients;

namespace Runnerly.Web.Apis;

/// <summary>The Settings page's Strava buttons, and the status the dashboard's progress bar asks for while the history comes in.</summary>
internal static class StravaConnectionApi
{
    public static void MapStravaConnectionApi(this IEndpointRouteBuilder app)
    {
        var strava = app.MapGroup("/settings/strava").RequireAuthorization().RequireFormToken();
        strava.MapPost("/connect", ConnectAsync);
        strava.MapPost("/disconnect", DisconnectAsync);

        app.MapGet("/dashboard/strava-status", async (StravaApi api, CancellationToken cancellationToken) => Results.Ok(await api.StatusAsync(cancellationToken)))
            .RequireAuthorization();
    }

    /// <summary>
    /// Starts the link at the strava service, sets its binding cookie for <c>/strava/callback</c>
    /// (docs/strava.md) and sends the runner to Strava.
    /// </summary>
    private static async Task<IResult> ConnectAsync(HttpContext context, StravaApi api, CancellationToken cancellationToken)
    {
        try
        {
            var start = await api.StartLinkAsync(cancellationToken);
            context.Response.Cookies.Append(start.BindingCookie, start.Binding, new CookieOptions
            {
                Path = "/strava/callback",
                HttpOnly = true,
                Secure = context.Request.IsHttps || RunnerSignIn.PublicUrlIsHttps(context.RequestServices),
                SameSite = SameSiteMode.Lax,
                Expires = start.ExpiresAt,
            });
            // A page that moves on, not a redirect: the form-action policy would stop a form's redirect to Strava's site.
            var strava = System.Net.WebUtility.HtmlEncode(start.AuthorizeUrl.ToString());
            return Results.Content($"""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="refresh" content="0;url={strava}"><title>To Strava — Runnerly</title></head>
                <body><p>Taking you to Strava… <a href="{strava}">Continue to Strava</a></p></body></html>
                """, "text/html; charset=utf-8");
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            return Results.Redirect("/settings?strava=unavailable");
        }
    }

    private static async Task<IResult> DisconnectAsync(StravaApi strava, CancellationToken cancellationToken)
    {
        try
        {
            return Results.Redirect(await strava.DisconnectAsync(cancellationToken) ? "/settings?strava=disconnected" : "/settings?strava=disconnecting");
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            return Results.Redirect("/settings?strava=unavailable");
        }
    }
}
