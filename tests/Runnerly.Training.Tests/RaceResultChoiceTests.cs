using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Training.Infrastructure;
using Runnerly.Training.Races;

namespace Runnerly.Training.Tests;

public sealed class RaceResultChoiceTests
{
    [Fact]
    public async Task A_runner_whose_watch_stopped_early_chooses_that_run_and_the_automatic_match_no_longer_changes_it()
    {
        await using var rig = await TrainingRig.StartAsync();
        var raceDay = rig.Today.AddDays(10);
        var id = await rig.AddRaceAsync("ada", "Lyon 10K", raceDay);
        using var bruno = rig.RunnerClient("bruno");
        (await bruno.PutAsJsonAsync($"/api/races/{id}/participation", new { goalTime = "47:00" })).EnsureSuccessStatusCode();
        using var tooEarly = await bruno.PutAsJsonAsync($"/api/races/{id}/result", new { runId = (Guid?)null });

        rig.Clock.Advance(TimeSpan.FromDays(11));
        var start = new DateTimeOffset(raceDay.ToDateTime(new TimeOnly(9, 31)), TimeSpan.FromHours(1)); // Paris in winter
        var stopped = await rig.Data.AddRunAsync("bruno", start, 7_400, TimeSpan.FromMinutes(35), "Europe/Paris", elapsed: TimeSpan.FromSeconds(2_874));
        var longBefore = await rig.Data.AddRunAsync("bruno", start.AddDays(-3), 10_000, TimeSpan.FromMinutes(50), "Europe/Paris");
        var unmatched = await rig.GetAsync("bruno", $"/api/races/{id}");
        var offered = await rig.GetAsync("bruno", $"/api/races/{id}/result/runs");

        using var notOffered = await bruno.PutAsJsonAsync($"/api/races/{id}/result", new { runId = longBefore });
        using var chosen = await bruno.PutAsJsonAsync($"/api/races/{id}/result", new { runId = stopped });
        await rig.Data.AddRunAsync("bruno", start.AddHours(3), 10_050, TimeSpan.FromMinutes(60), "Europe/Paris"); // would match the distance
        var kept = await rig.GetAsync("bruno", $"/api/races/{id}");
        var past = await rig.GetAsync("bruno", "/api/races/mine?when=past");

        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(JsonValueKind.Null, unmatched.GetProperty("me").GetProperty("result").ValueKind);
        Assert.Equal([stopped], offered.EnumerateArray().Select(run => run.GetProperty("runId").GetGuid()));
        Assert.Equal(offered.GetRawText(), unmatched.GetProperty("resultRuns").GetRawText()); // the race's page needs no second read
        Assert.Equal(HttpStatusCode.BadRequest, notOffered.StatusCode);
        Assert.True((await notOffered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("runId", out _));
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Equal(stopped, kept.GetProperty("me").GetProperty("result").GetProperty("runId").GetGuid());
        Assert.Equal(2_874, kept.GetProperty("me").GetProperty("result").GetProperty("seconds").GetInt32());
        Assert.True(kept.GetProperty("me").GetProperty("resultChosen").GetBoolean());
        Assert.True(kept.GetProperty("resultRuns").EnumerateArray().Single(run => run.GetProperty("runId").GetGuid() == stopped).GetProperty("isResult").GetBoolean());
        Assert.Equal(2_874, past[0].GetProperty("result").GetProperty("seconds").GetInt32());
    }

    [Fact]
    public async Task No_result_chosen_stays_none_until_the_runner_hands_it_back_to_the_automatic_match()
    {
        await using var rig = await TrainingRig.StartAsync();
        var (id, start) = await AdasRaceRunYesterdayAsync(rig);
        var paced = await rig.Data.AddRunAsync("ada", start, 10_020, TimeSpan.FromMinutes(58), "Europe/Paris"); // paced a friend: not her race
        using var ada = rig.RunnerClient("ada");
        var matched = await rig.GetAsync("ada", $"/api/races/{id}");

        using var none = await ada.PutAsJsonAsync($"/api/races/{id}/result", new { runId = (Guid?)null });
        var afterNone = await rig.GetAsync("ada", $"/api/races/{id}");
        using var again = await ada.DeleteAsync($"/api/races/{id}/result");
        var afterAgain = await rig.GetAsync("ada", $"/api/races/{id}");
        using var carl = rig.RunnerClient("carl");
        using var notJoined = await carl.GetAsync($"/api/races/{id}/result/runs");
        using var noSuchRace = await ada.PutAsJsonAsync($"/api/races/{Guid.NewGuid()}/result", new { runId = paced });

        Assert.Equal(paced, matched.GetProperty("me").GetProperty("result").GetProperty("runId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Equal(JsonValueKind.Null, afterNone.GetProperty("me").GetProperty("result").ValueKind);
        Assert.True(afterNone.GetProperty("me").GetProperty("resultChosen").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(paced, afterAgain.GetProperty("me").GetProperty("result").GetProperty("runId").GetGuid());
        Assert.False(afterAgain.GetProperty("me").GetProperty("resultChosen").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, notJoined.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noSuchRace.StatusCode);
    }

    [Fact]
    public async Task A_result_follows_its_run_a_corrected_time_shows_and_a_deleted_run_is_no_longer_the_result()
    {
        await using var rig = await TrainingRig.StartAsync();
        var (id, start) = await AdasRaceRunYesterdayAsync(rig);
        var raced = await rig.Data.AddRunAsync("ada", start, 10_020, TimeSpan.FromMinutes(49), "Europe/Paris", elapsed: TimeSpan.FromSeconds(2_980));
        var coolDown = await rig.Data.AddRunAsync("ada", start.AddHours(2), 10_400, TimeSpan.FromMinutes(62), "Europe/Paris");
        var matched = await rig.GetAsync("ada", $"/api/races/{id}");
        using var ada = rig.Data.RunnerClient("ada");

        // The watch's time was wrong: the runner corrects the run by hand.
        (await ada.PutAsJsonAsync($"/api/runs/{raced}", new
        {
            name = "Lyon 10K",
            sportType = "Run",
            startTime = start,
            timeZone = "Europe/Paris",
            distanceMeters = 10_020,
            movingTimeSeconds = 2_940,
            elapsedTimeSeconds = 2_950,
        })).EnsureSuccessStatusCode();
        var corrected = await rig.GetAsync("ada", $"/api/races/{id}");
        var listed = await rig.GetAsync("ada", "/api/races/mine?when=past");

        (await ada.DeleteAsync($"/api/runs/{raced}")).EnsureSuccessStatusCode();
        var afterDeletion = await rig.GetAsync("ada", $"/api/races/{id}");

        using var training = rig.RunnerClient("ada");
        (await training.PutAsJsonAsync($"/api/races/{id}/result", new { runId = coolDown })).EnsureSuccessStatusCode();
        (await ada.DeleteAsync($"/api/runs/{coolDown}")).EnsureSuccessStatusCode();
        var chosenDeleted = await rig.GetAsync("ada", $"/api/races/{id}");

        Assert.Equal(raced, Result(matched).GetProperty("runId").GetGuid());
        Assert.Equal(2_980, Result(matched).GetProperty("seconds").GetInt32());
        Assert.Equal(2_950, Result(corrected).GetProperty("seconds").GetInt32());
        Assert.Equal(2_950, listed[0].GetProperty("result").GetProperty("seconds").GetInt32());
        Assert.Equal(coolDown, Result(afterDeletion).GetProperty("runId").GetGuid()); // the other run at the race's distance
        Assert.False(afterDeletion.GetProperty("me").GetProperty("resultChosen").GetBoolean());
        Assert.Equal(JsonValueKind.Null, chosenDeleted.GetProperty("me").GetProperty("result").ValueKind);
        Assert.False(chosenDeleted.GetProperty("me").GetProperty("resultChosen").GetBoolean());
    }

    [Fact]
    public async Task A_choice_and_a_lookup_at_the_same_moment_leave_the_runners_choice()
    {
        await using var rig = await TrainingRig.StartAsync();
        var (id, start) = await AdasRaceRunYesterdayAsync(rig);
        var raced = await rig.Data.AddRunAsync("ada", start, 10_020, TimeSpan.FromMinutes(49), "Europe/Paris", elapsed: TimeSpan.FromSeconds(2_980));
        var stopped = await rig.Data.AddRunAsync("ada", start.AddHours(1), 7_400, TimeSpan.FromMinutes(35), "Europe/Paris");
        using var ada = rig.RunnerClient("ada");

        // A page reads her place in the race, she chooses her result, then that page's lookup of the result ends.
        await using (var lookup = await StaleParticipationAsync(rig, id))
        {
            (await ada.PutAsJsonAsync($"/api/races/{id}/result", new { runId = stopped })).EnsureSuccessStatusCode();
            await lookup.Results.RefreshAsync("ada", [(lookup.Race, lookup.Participation)], CancellationToken.None);
        }

        var afterLookup = await rig.GetAsync("ada", $"/api/races/{id}");

        // Her choice read her place in the race, a page's lookup saved a result, then her choice is saved.
        (await ada.DeleteAsync($"/api/races/{id}/result")).EnsureSuccessStatusCode();
        bool saved;
        await using (var choice = await StaleParticipationAsync(rig, id))
        {
            using var data = rig.Data.RunnerClient("ada");
            (await data.DeleteAsync($"/api/runs/{raced}")).EnsureSuccessStatusCode();
            var lookedUp = await rig.GetAsync("ada", $"/api/races/{id}");
            Assert.Equal(JsonValueKind.Null, Result(lookedUp).ValueKind); // the lookup saved "no result" meanwhile
            var run = (await choice.Results.CandidatesAsync("ada", choice.Race, CancellationToken.None)).Single(r => r.Id == stopped);
            saved = await choice.Results.SetResultAsync(choice.Participation, run, chosen: true, CancellationToken.None);
        }

        var afterChoice = await rig.GetAsync("ada", $"/api/races/{id}");

        Assert.Equal(stopped, Result(afterLookup).GetProperty("runId").GetGuid());
        Assert.True(afterLookup.GetProperty("me").GetProperty("resultChosen").GetBoolean());
        Assert.True(saved);
        Assert.Equal(stopped, Result(afterChoice).GetProperty("runId").GetGuid());
        Assert.True(afterChoice.GetProperty("me").GetProperty("resultChosen").GetBoolean());
    }

    [Fact]
    public async Task A_choice_saved_while_the_runner_leaves_the_race_says_she_did_not_join_it()
    {
        await using var rig = await TrainingRig.StartAsync();
        var (id, start) = await AdasRaceRunYesterdayAsync(rig);
        var raced = await rig.Data.AddRunAsync("ada", start, 10_020, TimeSpan.FromMinutes(49), "Europe/Paris");
        using var ada = rig.RunnerClient("ada");

        // Leaving the race (another tab) holds her place, not yet committed, when her choice is saved.
        using var chosen = await rig.Service.Database.SecondOfTwoWritersAsync("""DELETE FROM race_participations WHERE "RaceId" = @race""",
            new Dictionary<string, object> { ["race"] = id }, () => ada.PutAsJsonAsync($"/api/races/{id}/result", new { runId = raced }));

        Assert.Equal(HttpStatusCode.Conflict, chosen.StatusCode);
        Assert.Equal("You did not join this race", (await chosen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, (await rig.GetAsync("ada", $"/api/races/{id}")).GetProperty("me").ValueKind);
    }

    /// <summary>Ada's place in the race as one request reads it, before what the test does next.</summary>
    private static async Task<StaleRead> StaleParticipationAsync(TrainingRig rig, Guid raceId)
    {
        var scope = rig.Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        var race = await db.Races.AsNoTracking().SingleAsync(r => r.Id == raceId);
        var participation = await db.Participations.SingleAsync(p => p.RaceId == raceId && p.RunnerId == "ada");
        return new StaleRead(scope, scope.ServiceProvider.GetRequiredService<RaceResults>(), race, participation);
    }

    private sealed record StaleRead(AsyncServiceScope Scope, RaceResults Results, Model.Race Race, Model.RaceParticipation Participation) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }

    /// <summary>A 10K Ada added (and so joined), run yesterday: its id and its start, 9:31 in Lyon in winter.</summary>
    private static async Task<(Guid Race, DateTimeOffset Start)> AdasRaceRunYesterdayAsync(TrainingRig rig)
    {
        var raceDay = rig.Today.AddDays(10);
        var id = await rig.AddRaceAsync("ada", "Lyon 10K", raceDay);
        rig.Clock.Advance(TimeSpan.FromDays(11));
        return (id, new DateTimeOffset(raceDay.ToDateTime(new TimeOnly(9, 31)), TimeSpan.FromHours(1)));
    }

    private static JsonElement Result(JsonElement race) => race.GetProperty("me").GetProperty("result");
}
