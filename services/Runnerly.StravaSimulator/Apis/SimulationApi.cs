using Runnerly.StravaSimulator.Model;
using Runnerly.StravaSimulator.World;

namespace Runnerly.StravaSimulator.Apis;

/// <summary>
/// What only a simulator can do: make things happen on "Strava" — a new run, a renamed or
/// deleted one, an athlete disconnecting the app — each sent to the push subscription as Strava
/// would, and inject faults. <c>/sim/latest/*</c> act for the athlete who authorized last
/// (the dashboard's commands).
/// </summary>
internal static class SimulationApi
{
    public static void MapSimulationApi(this IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/sim").DisableAntiforgery();
        sim.MapPost("/athletes/{athleteId:long}/activities", NewRun);
        sim.MapPatch("/athletes/{athleteId:long}/activities/{activityId:long}", (long athleteId, long activityId, RenameRequest rename, StravaWorld world, PushSubscriptions push) =>
            Rename(athleteId, activityId, rename.Name, world, push));
        sim.MapDelete("/athletes/{athleteId:long}/activities/{activityId:long}", DeleteRun);
        sim.MapPost("/athletes/{athleteId:long}/deauthorize", Deauthorize);
        sim.MapPut("/faults", (FaultsRequest faults, StravaWorld world) =>
        {
            if (faults.ErrorRate is < 0 or > 1 || faults.LatencyMs is < 0 or > 60_000)
            {
                return Results.Problem(statusCode: 400, title: "error_rate is from 0 to 1, latency_ms from 0 to 60000");
            }

            return SetFaults(world, faults.ErrorRate, TimeSpan.FromMilliseconds(faults.LatencyMs));
        });

        var latest = sim.MapGroup("/latest");
        latest.MapPost("/new-run", (StravaWorld world, PushSubscriptions push, TimeProvider clock) => NewRun(world.LastAuthorizedAthlete, world, push, clock));
        latest.MapPost("/rename-run", async (StravaWorld world, PushSubscriptions push) =>
            world.Find(world.LastAuthorizedAthlete)?.Latest() is { } id ? await Rename(world.LastAuthorizedAthlete, id, "Renamed Run", world, push) : NoRuns());
        latest.MapPost("/delete-run", async (StravaWorld world, PushSubscriptions push) =>
            world.Find(world.LastAuthorizedAthlete)?.Latest() is { } id ? await DeleteRun(world.LastAuthorizedAthlete, id, world, push) : NoRuns());
        latest.MapPost("/deauthorize", (StravaWorld world, PushSubscriptions push) => Deauthorize(world.LastAuthorizedAthlete, world, push));
        sim.MapPost("/faults/on", (StravaWorld world) => SetFaults(world, 0.2, TimeSpan.FromMilliseconds(500)));
        sim.MapPost("/faults/off", (StravaWorld world) => SetFaults(world, 0, TimeSpan.Zero));
    }

    private static async Task<IResult> NewRun(long athleteId, StravaWorld world, PushSubscriptions push, TimeProvider clock)
    {
        if (world.Find(athleteId) is not { } athlete)
        {
            return UnknownAthlete(athleteId);
        }

        var run = athlete.AddRun(clock.GetUtcNow());
        var delivered = await push.SendAsync("activity", run.Id, "create", athleteId, []);
        return Results.Json(new { activity = StravaJson.SummaryActivity(run), delivered }, statusCode: 201);
    }

    private static async Task<IResult> Rename(long athleteId, long activityId, string name, StravaWorld world, PushSubscriptions push)
    {
        if (world.Find(athleteId)?.Rename(activityId, name) is not { } renamed)
        {
            return Results.Problem(statusCode: 404, title: $"Athlete {athleteId} has no activity {activityId}");
        }

        var delivered = await push.SendAsync("activity", activityId, "update", athleteId, new() { ["title"] = name });
        return Results.Json(new { activity = StravaJson.SummaryActivity(renamed), delivered });
    }

    private static async Task<IResult> DeleteRun(long athleteId, long activityId, StravaWorld world, PushSubscriptions push)
    {
        if (world.Find(athleteId)?.Remove(activityId) is not true)
        {
            return Results.Problem(statusCode: 404, title: $"Athlete {athleteId} has no activity {activityId}");
        }

        var delivered = await push.SendAsync("activity", activityId, "delete", athleteId, []);
        return Results.Json(new { deleted = activityId, delivered });
    }

    private static async Task<IResult> Deauthorize(long athleteId, StravaWorld world, PushSubscriptions push)
    {
        if (world.Find(athleteId) is null)
        {
            return UnknownAthlete(athleteId);
        }

        world.DeauthorizeAthlete(athleteId);
        var delivered = await push.SendAsync("athlete", athleteId, "update", athleteId, new() { ["authorized"] = "false" });
        return Results.Json(new { deauthorized = athleteId, delivered });
    }

    private static IResult SetFaults(StravaWorld world, double errorRate, TimeSpan latency)
    {
        (world.ErrorRate, world.Latency) = (errorRate, latency);
        return Results.Ok(new { errorRate, latencyMs = latency.TotalMilliseconds });
    }

    private static IResult UnknownAthlete(long athleteId) => Results.Problem(statusCode: 404, title: $"No athlete {athleteId}");

    private static IResult NoRuns() => Results.Problem(statusCode: 404, title: "The athlete has no activity");

    private sealed record RenameRequest(string Name);

    private sealed record FaultsRequest(double ErrorRate, int LatencyMs);
}
