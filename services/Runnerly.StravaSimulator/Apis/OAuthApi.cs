using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Runnerly.StravaSimulator.Model;
using Runnerly.StravaSimulator.World;

namespace Runnerly.StravaSimulator.Apis;

/// <summary>Strava's OAuth endpoints: the authorize page, the token exchange and refresh, deauthorization and revocation.</summary>
internal static class OAuthApi
{
    private static readonly string[] KnownScopes = ["read", "read_all", "profile:read_all", "profile:write", "activity:read", "activity:read_all", "activity:write"];

    public static void MapOAuthApi(this IEndpointRouteBuilder app)
    {
        var oauth = app.MapGroup("/oauth");
        oauth.MapGet("/authorize", AuthorizePage);
        oauth.MapPost("/authorize", Authorize).DisableAntiforgery();
        oauth.MapPost("/token", Token).DisableAntiforgery();
        oauth.MapPost("/deauthorize", Deauthorize).DisableAntiforgery();
        oauth.MapPost("/revoke", Revoke).DisableAntiforgery();
    }

    private static IResult AuthorizePage(StravaWorld world, [FromQuery(Name = "client_id")] string? clientId,
        [FromQuery(Name = "redirect_uri")] string? redirectUri, [FromQuery(Name = "response_type")] string? responseType,
        [FromQuery(Name = "scope")] string? scope, [FromQuery(Name = "state")] string? state)
    {
        if (clientId != world.Options.ClientId)
        {
            return Results.BadRequest(StravaJson.Fault("Bad Request", "Application", "client_id", "invalid"));
        }

        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            return Results.BadRequest(StravaJson.Fault("Bad Request", "Application", "redirect_uri", "invalid"));
        }

        if (responseType != "code")
        {
            return Results.BadRequest(StravaJson.Fault("Bad Request", "Application", "response_type", "invalid"));
        }

        var requested = Scopes(scope);
        var page = new StringBuilder($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Authorize — Strava simulator</title>
            <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}button{font-size:1rem;padding:.6rem 1.2rem;margin:.3rem}label{display:block;margin:.4rem 0}</style>
            </head><body>
            <h1>Authorize Runnerly</h1>
            <p>Strava simulator: choose an athlete and what the application may see.</p>
            <form method="post" action="/oauth/authorize">
            <input type="hidden" name="client_id" value="{{Html(clientId)}}">
            <input type="hidden" name="redirect_uri" value="{{Html(redirectUri!)}}">
            <input type="hidden" name="state" value="{{Html(state ?? "")}}">
            <label for="athlete">Athlete</label>
            <select id="athlete" name="athlete">
            """);
        foreach (var athleteId in world.AthleteIds)
        {
            var athlete = world.Find(athleteId)!.Athlete;
            page.Append($"""<option value="{athleteId}">{athleteId} — {Html(athlete.FirstName)} {Html(athlete.LastName)}, {Html(athlete.City)}</option>""");
        }

        page.Append("</select><fieldset><legend>Scopes</legend>");
        foreach (var requestedScope in requested)
        {
            page.Append($"""<label><input type="checkbox" name="scope" value="{Html(requestedScope)}" checked> {Html(requestedScope)}</label>""");
        }

        page.Append("""</fieldset><button name="action" value="authorize">Authorize</button><button name="action" value="cancel">Cancel</button></form></body></html>""");
        return Results.Content(page.ToString(), "text/html; charset=utf-8");
    }

    private static async Task<IResult> Authorize(HttpRequest request, StravaWorld world)
    {
        if (!request.HasFormContentType)
        {
            return Results.BadRequest(StravaJson.Fault("Bad Request", "Application", "form", "invalid"));
        }

        var form = await request.ReadFormAsync();
        var (clientId, redirectUri, state) = (form["client_id"].ToString(), form["redirect_uri"].ToString(), form["state"].ToString());
        _ = long.TryParse(form["athlete"], out var athleteId);
        if (clientId != world.Options.ClientId || world.Find(athleteId) is null || !Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            return Results.BadRequest(StravaJson.Fault("Bad Request", "Application", "client_id", "invalid"));
        }

        if (form["action"] != "authorize")
        {
            return Results.Redirect(WithQuery(redirectUri, ("state", state), ("error", "access_denied")));
        }

        // Strava always grants "read"; the other scopes are the boxes left ticked.
        var granted = new[] { "read" }.Concat(form["scope"].OfType<string>().Where(KnownScopes.Contains)).Distinct().ToArray();
        var code = world.IssueCode(athleteId, granted);
        return Results.Redirect(WithQuery(redirectUri, ("state", state), ("code", code), ("scope", string.Join(',', granted))));
    }

    private static async Task<IResult> Token(HttpRequest request, StravaWorld world, TimeProvider clock)
    {
        var parameters = await Parameters(request);
        if (parameters("client_id") != world.Options.ClientId || parameters("client_secret") != world.Options.ClientSecret)
        {
            return Results.BadRequest(StravaJson.Fault("Bad Request", "Application", "id", "invalid"));
        }

        switch (parameters("grant_type"))
        {
            case "authorization_code":
                var exchanged = world.Exchange(parameters("code") ?? "");
                return exchanged is null
                    ? Results.BadRequest(StravaJson.Fault("Bad Request", "AuthorizationCode", "code", "invalid"))
                    : Results.Json(TokenResponse(exchanged, world.Find(exchanged.AthleteId)!.Athlete, clock));
            case "refresh_token":
                var refreshed = world.Refresh(parameters("refresh_token") ?? "");
                return refreshed is null
                    ? Results.BadRequest(StravaJson.Fault("Bad Request", "RefreshToken", "refresh_token", "invalid"))
                    : Results.Json(TokenResponse(refreshed, athlete: null, clock));
            default:
                return Results.BadRequest(StravaJson.Fault("Bad Request", "Application", "grant_type", "invalid"));
        }
    }

    private static async Task<IResult> Deauthorize(HttpRequest request, StravaWorld world)
    {
        var parameters = await Parameters(request);
        var token = parameters("access_token") ?? BearerToken(request);
        return token is not null && world.Deauthorize(token)
            ? Results.Json(new { access_token = token })
            : Results.Json(StravaJson.Fault("Authorization Error", "Athlete", "access_token", "invalid"), statusCode: 401);
    }

    /// <summary>The announced replacement of deauthorize: client credentials in HTTP Basic, the token in the body.</summary>
    private static async Task<IResult> Revoke(HttpRequest request, StravaWorld world)
    {
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{world.Options.ClientId}:{world.Options.ClientSecret}"));
        if (request.Headers.Authorization.ToString() != $"Basic {expected}")
        {
            return Results.Json(StravaJson.Fault("Authorization Error", "Application", "client", "invalid"), statusCode: 401);
        }

        var token = (await Parameters(request))("token");
        return token is not null && world.Deauthorize(token) ? Results.Ok() : Results.BadRequest(StravaJson.Fault("Bad Request", "Token", "token", "invalid"));
    }

    private static object TokenResponse(Tokens tokens, Model.Athlete? athlete, TimeProvider clock)
    {
        var response = new Dictionary<string, object?>
        {
            ["token_type"] = "Bearer",
            ["expires_at"] = tokens.ExpiresAt.ToUnixTimeSeconds(),
            ["expires_in"] = (long)(tokens.ExpiresAt - clock.GetUtcNow()).TotalSeconds,
            ["refresh_token"] = tokens.RefreshToken,
            ["access_token"] = tokens.AccessToken,
        };
        if (athlete is not null)
        {
            response["athlete"] = StravaJson.SummaryAthlete(athlete);
        }

        return response;
    }

    /// <summary>Strava takes OAuth parameters from the query string or a form body alike.</summary>
    private static async Task<Func<string, string?>> Parameters(HttpRequest request)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync() : null;
        return name => form?[name].FirstOrDefault() ?? request.Query[name].FirstOrDefault();
    }

    internal static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    private static string[] Scopes(string? scope) =>
        (scope ?? "read").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string WithQuery(string uri, params (string Name, string Value)[] parameters) =>
        uri + (uri.Contains('?') ? "&" : "?") + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
