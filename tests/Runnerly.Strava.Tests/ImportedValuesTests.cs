using System.Text.RegularExpressions;

namespace Runnerly.Strava.Tests;

public sealed class ImportedValuesTests
{
    [Fact]
    public async Task A_glitch_in_a_sensor_a_name_or_a_time_zone_loses_the_glitch_not_the_run()
    {
        await using var rig = await SyncRig.StartAsync();
        // Every listed activity as a glitchy device and an odd client would give it.
        rig.Service.Strava.RewritingAnswers = (request, json) => request.RequestUri!.AbsolutePath != "/api/v3/athlete/activities" ? json
            : Regex.Replace(Regex.Replace(Regex.Replace(Regex.Replace(json,
                "\"max_speed\":[0-9.]+", "\"max_speed\":55.5"),
                "\"average_heartrate\":[0-9.]+", "\"average_heartrate\":300"),
                "\"name\":\"", "\"name\":\"\\u0007"),
                "\"timezone\":\"[^\"]*\"", "\"timezone\":\"(GMT+01:00) Pacific Standard Time\"");

        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.WaitForBackfillAsync("runner-a");

        Assert.Equal(rig.Strava.ListedRunIds(1001), await rig.StravaRunIdsInDataAsync("runner-a"));
        Assert.All(await rig.Data.SourcedRunsAsync("runner-a"), run =>
        {
            Assert.Equal(run.GetProperty("averageSpeed").GetDouble(), run.GetProperty("maxSpeed").GetDouble());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("averageHeartRate").ValueKind);
            Assert.DoesNotContain('\u0007', run.GetProperty("name").GetString()!);
            Assert.Equal("UTC", run.GetProperty("timeZone").GetString());
        });
    }
}
