using Microsoft.AspNetCore.Mvc;
using Runnerly.StravaSimulator.Model;
using Runnerly.StravaSimulator.World;

namespace Runnerly.StravaSimulator.Apis;

/// <summary>The parts of Strava's API v3 Runnerly uses, behind Strava's faults, rate limits and bearer tokens.</summary>
internal static class ApiV3
{
    public static void MapApiV3(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v3").AddEndpointFilter(StravaRules);
        api.MapGet("/athlete", (HttpContext context, StravaWorld world) =>
            Results.Json(StravaJson.SummaryAthlete(world.Find(Grant(context).AthleteId)!.Athlete)));
        api.MapGet("/athletes/{id:long}/stats", Stats);
        api.MapGet("/athlete/activities", Activities);
        api.MapGet("/activities/{id:long}", Activity);
    }

    /// <summary>Latency and errors as configured, then the rate limits (with their headers on every answer), then the token.</summary>
    private static async ValueTask<object?> StravaRules(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var world = context.RequestServices.GetRequiredService<StravaWorld>();
        if (world.Latency > TimeSpan.Zero)
        {
            await Task.Delay(world.Latency, context.RequestAborted);
        }

        var limits = context.RequestServices.GetRequiredService<RateLimitCounters>().Count(isRead: HttpMethods.IsGet(context.Request.Method));
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = limits.Limit;
        headers["X-RateLimit-Usage"] = limits.Usage;
        headers["X-ReadRateLimit-Limit"] = limits.ReadLimit;
        headers["X-ReadRateLimit-Usage"] = limits.ReadUsage;
        if (!limits.Allowed)
        {
            return Results.Json(StravaJson.Fault("Rate Limit Exceeded", "Application", "rate limit", "exceeded"), statusCode: 429);
        }

        if (world.ErrorRate > 0 && Random.Shared.NextDouble() < world.ErrorRate)
        {
            return Results.Json(StravaJson.Fault("Internal Server Error", "Application", "", "error"), statusCode: 500);
        }

        var token = OAuthApi.BearerToken(context.Request);
        if (token is null || world.Authenticate(token) is not { } grant)
        {
            return Results.Json(StravaJson.Fault("Authorization Error", "Athlete", "access_token", "invalid"), statusCode: 401);
        }

        context.Items[typeof(AccessGrant)] = grant;
        return await next(invocation);
    }

    private static AccessGrant Grant(HttpContext context) => (AccessGrant)context.Items[typeof(AccessGrant)]!;

    private static IResult Activities(HttpContext context, StravaWorld world, long? before, long? after, int? page,
        [FromQuery(Name = "per_page")] int? perPage)
    {
        var grant = Grant(context);
        if (!grant.CanReadActivities)
        {
            return MissingActivityScope();
        }

        var size = Math.Clamp(perPage ?? 30, 1, 200);
        var number = Math.Clamp(page ?? 1, 1, 1_000_000);
        var record = world.Find(grant.AthleteId)!;
        lock (record.Lock)
        {
            var selected = record.Activities
                .Where(a => before is null || a.StartDate.ToUnixTimeSeconds() < before)
                .Where(a => after is null || a.StartDate.ToUnixTimeSeconds() > after);
            // Newest first, except that Strava lists in ascending order when only "after" is given.
            selected = after is not null && before is null ? selected.OrderBy(a => a.StartDate) : selected.OrderByDescending(a => a.StartDate);
            // As Strava does: the page is cut first, then some of it is left out, so a page can be short and not the last.
            var pageOfAll = selected.Skip((int)Math.Min(int.MaxValue, (long)(number - 1) * size)).Take(size);
            return Results.Json(pageOfAll.Where(a => !a.LeftOutOfLists && grant.CanSee(a)).Select(StravaJson.SummaryActivity).ToList());
        }
    }

    private static IResult Activity(long id, HttpContext context, StravaWorld world)
    {
        var grant = Grant(context);
        if (!grant.CanReadActivities)
        {
            return MissingActivityScope();
        }

        var record = world.Find(grant.AthleteId)!;
        lock (record.Lock)
        {
            return record.Activities.FirstOrDefault(a => a.Id == id) is { } activity && grant.CanSee(activity)
                ? Results.Json(StravaJson.DetailedActivity(activity))
                : Results.Json(StravaJson.Fault("Record Not Found", "Activity", "id", "invalid"), statusCode: 404);
        }
    }

    /// <summary>
    /// Totals for runs, rides and swims: the last four weeks, this year and all time. As Strava
    /// documents, only activities visible to everyone count.
    /// </summary>
    private static IResult Stats(long id, HttpContext context, StravaWorld world, TimeProvider clock)
    {
        if (Grant(context).AthleteId != id)
        {
            return Results.Json(StravaJson.Fault("Authorization Error", "Athlete", "id", "invalid"), statusCode: 401);
        }

        var record = world.Find(id)!;
        var now = clock.GetUtcNow();
        lock (record.Lock)
        {
            var everyone = record.Activities.Where(a => a.Visibility == "everyone").ToList();
            var stats = new Dictionary<string, object?>
            {
                ["biggest_ride_distance"] = everyone.Where(a => a.SportType.Contains("Ride")).Select(a => a.Distance).DefaultIfEmpty().Max(),
                ["biggest_climb_elevation_gain"] = everyone.Select(a => a.TotalElevationGain).DefaultIfEmpty().Max(),
            };
            foreach (var (sport, matches) in new (string, Func<Activity, bool>)[]
            {
                ("ride", a => a.SportType.Contains("Ride")),
                ("run", a => a.SportType.Contains("Run")),
                ("swim", a => a.SportType == "Swim"),
            })
            {
                stats[$"recent_{sport}_totals"] = Totals(everyone.Where(a => matches(a) && a.StartDate > now.AddDays(-28)));
                stats[$"ytd_{sport}_totals"] = Totals(everyone.Where(a => matches(a) && a.StartDate.Year == now.Year));
                stats[$"all_{sport}_totals"] = Totals(everyone.Where(matches));
            }

            return Results.Json(stats);
        }
    }

    private static object Totals(IEnumerable<Activity> activities)
    {
        var list = activities.ToList();
        return new
        {
            count = list.Count,
            distance = Math.Round(list.Sum(a => a.Distance), 1),
            moving_time = list.Sum(a => a.MovingTime),
            elapsed_time = list.Sum(a => a.ElapsedTime),
            elevation_gain = Math.Round(list.Sum(a => a.TotalElevationGain), 1),
            achievement_count = 0,
        };
    }

    private static IResult MissingActivityScope() =>
        Results.Json(StravaJson.Fault("Authorization Error", "AccessToken", "activity:read_permission", "missing"), statusCode: 401);
}
