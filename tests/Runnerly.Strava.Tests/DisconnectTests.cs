using System.Net;

namespace Runnerly.Strava.Tests;

public sealed class DisconnectTests
{
    [Fact]
    public async Task Disconnecting_revokes_the_grant_deletes_the_strava_runs_and_keeps_the_runner_s_own()
    {
        await using var rig = await SyncRig.StartAsync();
        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.WaitForBackfillAsync("runner-a");
        await rig.WaitForQuietAsync();
        await WebhookTests.AddManualRunAsync(rig, "runner-a");

        using var response = await rig.Service.RunnerClient("runner-a").DeleteAsync("/api/strava/link");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(rig.Strava.HasGrant(1001));
        Assert.Empty(await rig.StravaRunIdsInDataAsync("runner-a"));
        Assert.Single(await rig.Data.SourcedRunsAsync("runner-a", source: "manual"));
        Assert.False((await rig.Service.StatusAsync("runner-a")).GetProperty("connected").GetBoolean());
        Assert.Equal(0, await rig.ScalarAsync("SELECT count(*) FROM strava_links"));
    }

    [Fact]
    public async Task With_strava_down_a_disconnection_is_accepted_stops_the_import_and_completes_by_itself_later()
    {
        await using var rig = await SyncRig.StartAsync();
        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.WaitForBackfillAsync("runner-a");
        await rig.WaitForQuietAsync();
        rig.Service.Strava.Refusing = _ => true;

        using var response = await rig.Service.RunnerClient("runner-a").DeleteAsync("/api/strava/link");
        var status = await rig.Service.StatusAsync("runner-a");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(status.GetProperty("connected").GetBoolean());
        Assert.True(status.GetProperty("disconnecting").GetBoolean());
        Assert.True(rig.Strava.HasGrant(1001));

        // Once every attempt made while Strava was down has written its back-off, the clock goes past it.
        await rig.WaitForNoLinkHeldAsync();
        rig.Service.Strava.Refusing = null;
        await rig.AdvanceClockPastHoldsAndBackOffsAsync();
        await SyncRig.WaitUntilAsync(async () => await rig.ScalarAsync("SELECT count(*) FROM strava_links") == 0, "the disconnection completed");

        Assert.False(rig.Strava.HasGrant(1001));
        Assert.Empty(await rig.StravaRunIdsInDataAsync("runner-a"));
    }

    [Fact]
    public async Task A_deleted_account_gets_503_while_strava_is_down_and_204_once_strava_has_been_told()
    {
        await using var rig = await SyncRig.StartAsync();
        await rig.Service.LinkAsync("leaving-runner", 1007);
        using var identity = rig.Service.CreateClient();
        identity.DefaultRequestHeaders.Authorization = new("Bearer", rig.Service.Tokens.Service("identity-worker", "strava", "runners.delete"));
        rig.Service.Strava.Refusing = _ => true;

        using var whileDown = await identity.DeleteAsync("/api/runners/leaving-runner");
        rig.Service.Strava.Refusing = null;
        // Identity's outbox calls again until it is told the work is done (each call tries at once, whatever the worker's back-off).
        await SyncRig.WaitUntilAsync(async () =>
        {
            using var again = await identity.DeleteAsync("/api/runners/leaving-runner");
            return again.StatusCode == HttpStatusCode.NoContent;
        }, "a 204");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.False(rig.Strava.HasGrant(1007));
        Assert.Equal(0, await rig.ScalarAsync("SELECT count(*) FROM strava_links"));
    }
}
