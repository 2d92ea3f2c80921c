using System.Net.Http.Json;
using System.Text.Json;

namespace Runnerly.Training.Tests;

public sealed class FitnessTests
{
    [Fact]
    public async Task A_known_race_effort_gives_the_published_vdot_predictions_and_paces()
    {
        await using var rig = await TrainingRig.StartAsync();
        await rig.Data.SaveProfileAsync("ada", timeZone: "Europe/Paris", sex: "female", maxHeartRate: 190, restingHeartRate: 50);
        var now = rig.Clock.GetUtcNow();
        for (var day = 2; day <= 50; day += 2)
        {
            await rig.Data.AddRunAsync("ada", now.AddDays(-day), 8_000, TimeSpan.FromMinutes(44), "Europe/Paris", averageHeartRate: 140); // easy runs
        }

        var fiveK = await rig.Data.AddRunAsync("ada", now.AddDays(-11).AddHours(1), 5_000, TimeSpan.FromMinutes(20), "Europe/Paris", averageHeartRate: 178);
        await rig.Data.AddRunAsync("ada", now.AddDays(-95), 10_000, TimeSpan.FromMinutes(38), "Europe/Paris"); // faster, but three months ago

        var fitness = await rig.GetAsync("ada", "/api/fitness");

        // Daniels & Gilbert's formula for 5K in 20:00 gives VDOT 49.81 (Daniels' table: VDOT 50 runs 19:57).
        Assert.Equal(49.8, fitness.GetProperty("vdot").GetDouble(), 1);
        Assert.Equal(fiveK, fitness.GetProperty("source").GetProperty("runId").GetGuid());
        var half = fitness.GetProperty("predictions").EnumerateArray().Single(p => p.GetProperty("distance").GetString() == "Half marathon");
        var marathon = fitness.GetProperty("predictions").EnumerateArray().Single(p => p.GetProperty("distance").GetString() == "Marathon");
        // Riegel (T2 = T1·(D2/D1)^1.06): 5K 20:00 → half 1:32:00, marathon 3:11:49.
        Assert.InRange(half.GetProperty("byRiegelSeconds").GetInt32(), 5_518, 5_522);
        Assert.InRange(marathon.GetProperty("byRiegelSeconds").GetInt32(), 11_507, 11_511);
        // Daniels' table at VDOT 50: half 1:31:35, marathon 3:10:49; 49.8 is a few seconds slower.
        Assert.InRange(half.GetProperty("byVdotSeconds").GetInt32(), 5_495, 5_540);
        Assert.InRange(marathon.GetProperty("byVdotSeconds").GetInt32(), 11_440, 11_540);
        // Threshold pace at VDOT 50 is 4:15/km.
        Assert.InRange(fitness.GetProperty("paces").GetProperty("threshold").GetDouble(), 254, 260);
        var trend = fitness.GetProperty("trend").EnumerateArray().ToList();
        Assert.Equal(12, trend.Count);
        Assert.Equal($"{now:yyyy-MM}", trend[^1].GetProperty("month").GetString());
        var threeMonthsAgo = trend.Single(t => t.GetProperty("month").GetString() == $"{now.AddDays(-95):yyyy-MM}");
        Assert.InRange(threeMonthsAgo.GetProperty("vdot").GetDouble(), 54.5, 55.5); // 10K in 38:00
        var load = fitness.GetProperty("load");
        Assert.True(load.GetProperty("chronic").GetDouble() > 0);
        Assert.True(load.GetProperty("acute").GetDouble() > 0);
        Assert.Equal(90, load.GetProperty("series").GetArrayLength());
    }

    [Fact]
    public async Task A_runner_without_runs_gets_an_answer_without_a_vdot()
    {
        await using var rig = await TrainingRig.StartAsync();

        var fitness = await rig.GetAsync("newcomer", "/api/fitness");

        Assert.Equal(JsonValueKind.Null, fitness.GetProperty("vdot").ValueKind);
        Assert.Empty(fitness.GetProperty("predictions").EnumerateArray());
        Assert.Equal(0, fitness.GetProperty("runsConsidered").GetInt32());
        Assert.Equal(0, fitness.GetProperty("load").GetProperty("chronic").GetDouble());
    }
}
