using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Runnerly.Training.Tests;

public sealed class RaceCalendarTests
{
    [Fact]
    public async Task A_race_one_runner_adds_every_runner_sees_joins_and_only_its_author_changes()
    {
        await using var rig = await TrainingRig.StartAsync();
        var id = await rig.AddRaceAsync("ada", "Lyon Urban 10K", rig.Today.AddDays(40));
        using var bruno = rig.RunnerClient("bruno");
        using var ada = rig.RunnerClient("ada");

        var seen = (await rig.GetAsync("bruno", "/api/races")).GetProperty("items").EnumerateArray().Single();
        using var join = await bruno.PutAsJsonAsync($"/api/races/{id}/participation", new { goalTime = "45:30" });
        var anonymous = await rig.GetAsync("ada", $"/api/races/{id}");
        (await bruno.PutAsJsonAsync("/api/races/settings", new { showName = true, displayName = "Bruno" })).EnsureSuccessStatusCode();
        var named = await rig.GetAsync("ada", $"/api/races/{id}");
        using var deleteJoined = await ada.DeleteAsync($"/api/races/{id}");
        using var deleteByOther = await bruno.DeleteAsync($"/api/races/{id}");
        using var changeByOther = await bruno.PutAsJsonAsync($"/api/races/{id}", TrainingRig.Race("Bruno's 10K", rig.Today.AddDays(40)));
        rig.Clock.Advance(TimeSpan.FromHours(1));
        using var change = await ada.PutAsJsonAsync($"/api/races/{id}", TrainingRig.Race("Lyon Urban 10K by night", rig.Today.AddDays(41)));
        var changed = await rig.GetAsync("bruno", $"/api/races/{id}");

        Assert.Equal(id, seen.GetProperty("id").GetGuid());
        Assert.Equal(1, seen.GetProperty("participants").GetInt32()); // its author
        Assert.False(seen.GetProperty("joined").GetBoolean());
        Assert.Equal("10K", seen.GetProperty("standardDistance").GetString());
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        Assert.Equal(2730, (await join.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("goalSeconds").GetInt32());
        Assert.Equal(2, anonymous.GetProperty("race").GetProperty("participants").GetInt32());
        Assert.Empty(anonymous.GetProperty("participantNames").EnumerateArray()); // nobody chose to show a name yet
        Assert.Equal(["Bruno"], named.GetProperty("participantNames").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(1, named.GetProperty("otherParticipants").GetInt32());
        Assert.False(named.GetProperty("canDelete").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, deleteJoined.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deleteByOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, changeByOther.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal("Lyon Urban 10K by night", changed.GetProperty("race").GetProperty("name").GetString());
        Assert.True(changed.GetProperty("race").GetProperty("changedSinceJoined").GetBoolean());
        Assert.Equal(2730, changed.GetProperty("me").GetProperty("goalSeconds").GetInt32());

        using var leave = await bruno.DeleteAsync($"/api/races/{id}/participation");
        using var leaveAgain = await bruno.DeleteAsync($"/api/races/{id}/participation");
        using var delete = await ada.DeleteAsync($"/api/races/{id}");
        using var gone = await ada.GetAsync($"/api/races/{id}");
        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, leaveAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_race_deleted_while_its_author_was_changing_it_answers_404_not_500()
    {
        await using var rig = await TrainingRig.StartAsync();
        var id = await rig.AddRaceAsync("ada", "Lyon Urban 10K", rig.Today.AddDays(40));
        using var ada = rig.RunnerClient("ada");

        // Her delete in another tab holds the race, not yet committed, when this tab's change is saved.
        using var changed = await rig.Service.Database.SecondOfTwoWritersAsync("""DELETE FROM races WHERE "Id" = @id""", new Dictionary<string, object> { ["id"] = id },
            () => ada.PutAsJsonAsync($"/api/races/{id}", TrainingRig.Race("Lyon Urban 10K by night", rig.Today.AddDays(41))));

        Assert.Equal(HttpStatusCode.NotFound, changed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ada.GetAsync($"/api/races/{id}")).StatusCode);
    }

    [Fact]
    public async Task Race_settings_saved_while_the_account_is_deleted_answer_409_not_500()
    {
        await using var rig = await TrainingRig.StartAsync();
        using var ada = rig.RunnerClient("ada");
        (await ada.PutAsJsonAsync("/api/races/settings", new { showName = true, displayName = "Ada" })).EnsureSuccessStatusCode();

        // The account's deletion holds her settings, not yet committed, when her change is saved.
        using var saved = await rig.Service.Database.SecondOfTwoWritersAsync("""DELETE FROM race_runners WHERE "RunnerId" = 'ada'""", new Dictionary<string, object>(),
            () => ada.PutAsJsonAsync("/api/races/settings", new { showName = false, displayName = "Ada" }));

        Assert.Equal(HttpStatusCode.Conflict, saved.StatusCode);
        Assert.Equal("Your account is being deleted", (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_calendar_lists_upcoming_races_in_date_order_a_page_at_a_time_and_filters_by_distance_month_and_text()
    {
        await using var rig = await TrainingRig.StartAsync();
        var today = rig.Today;
        var lyonHalf = await rig.AddRaceAsync("ada", "Semi de Lyon", today.AddDays(60), 21_097.5);
        var parisMarathon = await rig.AddRaceAsync("ada", "Marathon de Paris", today.AddDays(42), 42_195, city: "Paris");
        var bordeauxTen = await rig.AddRaceAsync("ada", "Bordeaux 10K", today.AddDays(10), city: "Bordeaux");
        var lyonTrail = await rig.AddRaceAsync("bruno", "Lyon Urban Trail", today.AddDays(20), 23_000);
        var nantesFive = await rig.AddRaceAsync("bruno", "Nantes 5K", today.AddDays(5), 5_000, city: "Nantes");
        var berlin = await rig.AddRaceAsync("chiara", "Berlin Half", today.AddDays(30), 21_097.5, city: "Berlin", country: "DE", timeZone: "Europe/Berlin");
        var soon = await rig.AddRaceAsync("chiara", "Lille 10K", today.AddDays(1), city: "Lille");

        var pages = new List<Guid>();
        string? cursor = null;
        var calls = 0;
        do
        {
            var page = await rig.GetAsync("dev", $"/api/races?limit=3{(cursor is null ? "" : $"&cursor={cursor}")}");
            pages.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next").GetString();
            calls++;
        }
        while (cursor is not null);

        Assert.Equal([soon, nantesFive, bordeauxTen, lyonTrail, berlin, parisMarathon, lyonHalf], pages);
        Assert.Equal(3, calls);
        Assert.Equal([berlin, lyonHalf], await IdsAsync(rig, "/api/races?distance=half"));
        Assert.Equal([lyonTrail], await IdsAsync(rig, "/api/races?distance=other"));
        Assert.Equal([lyonTrail, lyonHalf], await IdsAsync(rig, "/api/races?q=LYON"));
        Assert.Equal([parisMarathon], await IdsAsync(rig, $"/api/races?month={today.AddDays(42):yyyy-MM}&distance=marathon"));

        rig.Clock.Advance(TimeSpan.FromDays(12)); // Lille, Nantes and Bordeaux have been run
        Assert.Equal([bordeauxTen, nantesFive, soon], await IdsAsync(rig, "/api/races?when=past"));
        Assert.Equal(4, (await IdsAsync(rig, "/api/races")).Count);
    }

    [Fact]
    public async Task A_look_alike_on_the_same_day_is_offered_instead_of_a_copy()
    {
        await using var rig = await TrainingRig.StartAsync();
        var day = rig.Today.AddDays(42);
        var existing = await rig.AddRaceAsync("ada", "Marathon de Paris", day, 42_195, city: "Paris");
        using var bruno = rig.RunnerClient("bruno");

        using var copy = await bruno.PostAsJsonAsync("/api/races", TrainingRig.Race("Paris Marathon", day, 42_195, city: "Paris"));
        var offered = await copy.Content.ReadFromJsonAsync<JsonElement>();
        var otherRace = await rig.AddRaceAsync("bruno", "Semi de Paris", day, 21_097.5, city: "Paris");
        var confirmed = await rig.AddRaceAsync("bruno", "Paris Marathon", day, 42_195, city: "Paris", confirmNotDuplicate: true);

        Assert.Equal(HttpStatusCode.Conflict, copy.StatusCode);
        Assert.Equal(existing, offered.GetProperty("lookAlikes")[0].GetProperty("id").GetGuid());
        Assert.NotEqual(existing, otherRace);
        Assert.NotEqual(existing, confirmed);
    }

    [Fact]
    public async Task A_runner_adds_at_most_five_races_a_day_and_is_told_when_the_next_one_fits()
    {
        await using var rig = await TrainingRig.StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            await rig.AddRaceAsync("ada", $"Race number {i}", rig.Today.AddDays(10 * i), city: $"Town {i}");
            rig.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        using var ada = rig.RunnerClient("ada");
        using var sixth = await ada.PostAsJsonAsync("/api/races", TrainingRig.Race("Race number 6", rig.Today.AddDays(70), city: "Town 6"));
        var problem = await sixth.Content.ReadFromJsonAsync<JsonElement>();
        rig.Clock.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(11)); // the first of the five is a day old
        var later = await rig.AddRaceAsync("ada", "Race number 6", rig.Today.AddDays(70), city: "Town 6");

        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(int.Parse(sixth.Headers.RetryAfter!.ToString())));
        Assert.Contains("5 races", problem.GetProperty("title").GetString());
        Assert.NotEqual(Guid.Empty, later);
    }

    [Fact]
    public async Task After_race_day_the_run_of_that_day_at_the_race_distance_is_the_runner_s_result()
    {
        await using var rig = await TrainingRig.StartAsync();
        var raceDay = rig.Today.AddDays(10);
        var id = await rig.AddRaceAsync("ada", "Lyon 10K", raceDay);
        using var bruno = rig.RunnerClient("bruno");
        (await bruno.PutAsJsonAsync($"/api/races/{id}/participation", new { goalTime = "47:00" })).EnsureSuccessStatusCode();

        rig.Clock.Advance(TimeSpan.FromDays(11));
        var start = new DateTimeOffset(raceDay.ToDateTime(new TimeOnly(9, 31)), TimeSpan.FromHours(1)); // Paris in winter
        await rig.Data.AddRunAsync("bruno", start.AddHours(-2), 2_400, TimeSpan.FromMinutes(14), "Europe/Paris"); // the warm-up
        var race = await rig.Data.AddRunAsync("bruno", start, 10_180, TimeSpan.FromSeconds(2_810), "Europe/Paris", elapsed: TimeSpan.FromSeconds(2_832));
        await rig.Data.AddRunAsync("bruno", start.AddDays(-1), 10_050, TimeSpan.FromMinutes(55), "Europe/Paris"); // the day before

        var mine = await rig.GetAsync("bruno", "/api/races/mine?when=past"); // finds the result and keeps it
        var detail = await rig.GetAsync("bruno", $"/api/races/{id}");
        using var carl = rig.RunnerClient("carl");
        using var lateJoin = await carl.PutAsJsonAsync($"/api/races/{id}/participation", new { });

        Assert.Equal(race, detail.GetProperty("me").GetProperty("result").GetProperty("runId").GetGuid());
        Assert.Equal(2_832, detail.GetProperty("me").GetProperty("result").GetProperty("seconds").GetInt32());
        Assert.Equal(2_832, mine[0].GetProperty("result").GetProperty("seconds").GetInt32());
        Assert.Equal(2_820, mine[0].GetProperty("goalSeconds").GetInt32());
        Assert.Equal(2, mine[0].GetProperty("race").GetProperty("participants").GetInt32()); // ada, who added it, and bruno
        Assert.Equal(HttpStatusCode.Conflict, lateJoin.StatusCode);
    }

    [Fact]
    public async Task A_deleted_account_leaves_its_places_and_settings_behind_but_not_races_others_joined()
    {
        await using var rig = await TrainingRig.StartAsync();
        var joinedByOthers = await rig.AddRaceAsync("ada", "Lyon 10K", rig.Today.AddDays(10));
        var alone = await rig.AddRaceAsync("ada", "Ada's 5K", rig.Today.AddDays(20), 5_000, city: "Vienne");
        var bruno = await rig.AddRaceAsync("bruno", "Bruno's Half", rig.Today.AddDays(30), 21_097.5, city: "Grenoble");
        using var adaClient = rig.RunnerClient("ada");
        using var brunoClient = rig.RunnerClient("bruno");
        (await brunoClient.PutAsJsonAsync($"/api/races/{joinedByOthers}/participation", new { })).EnsureSuccessStatusCode();
        (await adaClient.PutAsJsonAsync($"/api/races/{bruno}/participation", new { })).EnsureSuccessStatusCode();
        (await adaClient.PutAsJsonAsync("/api/races/settings", new { showName = true, displayName = "Ada" })).EnsureSuccessStatusCode();

        using var identity = rig.ServiceClient("identity-worker", "runners.delete");
        using var deleted = await identity.DeleteAsync("/api/runners/ada");
        using var again = await identity.DeleteAsync("/api/runners/ada");
        using var byRunner = await brunoClient.DeleteAsync("/api/runners/ada");

        var kept = await rig.GetAsync("bruno", $"/api/races/{joinedByOthers}");
        using var aloneGone = await brunoClient.GetAsync($"/api/races/{alone}");
        var brunosRace = await rig.GetAsync("bruno", $"/api/races/{bruno}");
        var settings = await rig.GetAsync("ada", "/api/races/settings");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byRunner.StatusCode);
        Assert.Equal(1, kept.GetProperty("race").GetProperty("participants").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, aloneGone.StatusCode);
        Assert.Equal(1, brunosRace.GetProperty("race").GetProperty("participants").GetInt32());
        Assert.Empty(brunosRace.GetProperty("participantNames").EnumerateArray());
        Assert.False(settings.GetProperty("showName").GetBoolean());
    }

    private static async Task<List<Guid>> IdsAsync(TrainingRig rig, string path) =>
        (await rig.GetAsync("dev", path)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
}
