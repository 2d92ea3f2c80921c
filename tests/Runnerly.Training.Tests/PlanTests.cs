using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net;

namespace Runnerly.Training.Tests;

public sealed class PlanTests
{
    internal static readonly string[] RunDays = ["tuesday", "thursday", "saturday", "sunday"];

    [Fact]
    public async Task A_plan_for_a_race_is_a_dated_list_of_runs_on_the_runner_s_days_from_today_to_race_day()
    {
        await using var rig = await TrainingRig.StartAsync();
        await rig.TrainedRunnerAsync("ada");
        var raceDay = rig.Today.AddDays(12 * 7);
        var race = await rig.AddRaceAsync("bruno", "Semi de Lyon", raceDay, 21_097.5);

        using var ada = rig.RunnerClient("ada");
        using var created = await ada.PostAsJsonAsync("/api/plans", new { raceId = race, runDays = RunDays, longRunDay = "sunday", goalTime = "1:45:00" });
        var plan = await created.Content.ReadFromJsonAsync<JsonElement>();
        using var again = await ada.PostAsJsonAsync("/api/plans", new { raceId = race, runDays = RunDays, longRunDay = "sunday" });
        var list = await rig.GetAsync("ada", "/api/plans");
        var detail = await rig.GetAsync("ada", $"/api/races/{race}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sessions = plan.GetProperty("weeks").EnumerateArray().SelectMany(w => w.GetProperty("sessions").EnumerateArray()).ToList();
        Assert.InRange(plan.GetProperty("weeks").GetArrayLength(), 12, 13);
        Assert.All(sessions, s => Assert.Contains(DateOnly.Parse(s.GetProperty("date").GetString()!).DayOfWeek.ToString().ToLowerInvariant(), RunDays));
        Assert.All(sessions, s => Assert.InRange(DateOnly.Parse(s.GetProperty("date").GetString()!), rig.Today, raceDay));
        Assert.All(sessions, s => Assert.Equal("pending", s.GetProperty("status").GetString()));
        Assert.Contains(sessions, s => s.GetProperty("kind").GetString() == "long" && s.GetProperty("description").GetString()!.Contains("km"));
        Assert.Contains(sessions, s => s.GetProperty("kind").GetString() is "threshold" or "interval");
        Assert.Equal(49.8, plan.GetProperty("vdot").GetDouble(), 1);
        Assert.StartsWith("https://runnerly.test/calendar/", plan.GetProperty("calendar").GetProperty("https").GetString());
        Assert.StartsWith("webcal://runnerly.test/calendar/", plan.GetProperty("calendar").GetProperty("webcal").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(plan.GetProperty("id").GetGuid(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("planId").GetGuid());
        Assert.Equal(plan.GetProperty("id").GetGuid(), list[0].GetProperty("id").GetGuid());
        Assert.True(detail.GetProperty("race").GetProperty("joined").GetBoolean()); // asking for a plan joins the race
        Assert.Equal(6_300, detail.GetProperty("me").GetProperty("goalSeconds").GetInt32());
    }

    [Fact]
    public async Task Each_past_session_is_graded_against_the_run_of_its_day_or_the_day_next_to_it()
    {
        await using var rig = await TrainingRig.StartAsync();
        await rig.TrainedRunnerAsync("ada");
        var race = await rig.AddRaceAsync("ada", "Lyon 10K", rig.Today.AddDays(10 * 7));
        using var ada = rig.RunnerClient("ada");
        var plan = await (await ada.PostAsJsonAsync("/api/plans", new { raceId = race, runDays = RunDays, longRunDay = "sunday" })).Content.ReadFromJsonAsync<JsonElement>();
        var first = plan.GetProperty("weeks").EnumerateArray().SelectMany(w => w.GetProperty("sessions").EnumerateArray()).Take(4).ToList();

        // As planned; a day early at the planned distance; nothing; 60 % of it.
        await RunAsync(rig, first[0], dayOffset: 0, share: 1.0);
        await RunAsync(rig, first[1], dayOffset: -1, share: 1.0);
        await RunAsync(rig, first[3], dayOffset: 0, share: 0.6);
        rig.Clock.SetUtcNow(new DateTimeOffset(DateOnly.Parse(first[3].GetProperty("date").GetString()!).AddDays(2).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));

        var graded = (await rig.GetAsync("ada", $"/api/plans/{plan.GetProperty("id").GetGuid()}"))
            .GetProperty("weeks").EnumerateArray().SelectMany(w => w.GetProperty("sessions").EnumerateArray()).Take(4).ToList();

        Assert.Equal(["done", "done", "missed", "partlyDone"], graded.Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, graded[2].GetProperty("run").ValueKind);
        Assert.Equal(DateOnly.Parse(first[1].GetProperty("date").GetString()!).AddDays(-1), DateOnly.Parse(graded[1].GetProperty("run").GetProperty("date").GetString()!));
    }

    [Fact]
    public async Task A_re_plan_keeps_the_history_and_the_calendar_updates_its_events_in_place()
    {
        await using var rig = await TrainingRig.StartAsync();
        await rig.TrainedRunnerAsync("ada");
        var race = await rig.AddRaceAsync("ada", "Marathon de Lyon", rig.Today.AddDays(16 * 7), 42_195);
        using var ada = rig.RunnerClient("ada");
        var plan = await (await ada.PostAsJsonAsync("/api/plans", new { raceId = race, runDays = RunDays, longRunDay = "sunday" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = plan.GetProperty("id").GetGuid();
        var feedUrl = new Uri(plan.GetProperty("calendar").GetProperty("https").GetString()!).PathAndQuery;
        var before = Calendar.Load(await rig.Service.CreateClient().GetStringAsync(feedUrl))!;

        rig.Clock.Advance(TimeSpan.FromDays(21)); // three weeks without a run
        var offered = await rig.GetAsync("ada", $"/api/plans/{id}");
        using var replan = await ada.PostAsync($"/api/plans/{id}/replan", null);
        var replanned = await replan.Content.ReadFromJsonAsync<JsonElement>();
        var after = Calendar.Load(await rig.Service.CreateClient().GetStringAsync(feedUrl))!;

        Assert.Contains("last two weeks", offered.GetProperty("replan").GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, replan.StatusCode);
        Assert.Equal([1, 2], replanned.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        var sessions = replanned.GetProperty("weeks").EnumerateArray().SelectMany(w => w.GetProperty("sessions").EnumerateArray()).ToList();
        var originalFirstWeeks = plan.GetProperty("weeks").EnumerateArray().SelectMany(w => w.GetProperty("sessions").EnumerateArray())
            .Where(s => DateOnly.Parse(s.GetProperty("date").GetString()!) < rig.Today).Select(s => s.GetProperty("description").GetString()).ToList();
        Assert.Equal(originalFirstWeeks, sessions.Where(s => DateOnly.Parse(s.GetProperty("date").GetString()!) < rig.Today).Select(s => s.GetProperty("description").GetString()));
        // Kept and graded: three weeks without a run (the plan's first day may count the runner's run of the day before; yesterday may still come).
        var started = DateOnly.Parse(sessions[0].GetProperty("date").GetString()!);
        Assert.All(sessions.Where(s => DateOnly.Parse(s.GetProperty("date").GetString()!) is var d && d > started.AddDays(1) && d < rig.Today.AddDays(-1)),
            s => Assert.Equal("missed", s.GetProperty("status").GetString()));

        // The same day keeps its event's UID; an event whose run changed has a higher SEQUENCE; none goes down.
        var beforeByUid = before.Events.ToDictionary(e => e.Uid!);
        var common = after.Events.Where(e => beforeByUid.ContainsKey(e.Uid!)).ToList();
        Assert.NotEmpty(common);
        Assert.All(common, e => Assert.True(e.Sequence >= beforeByUid[e.Uid!].Sequence));
        Assert.Contains(common, e => e.Summary != beforeByUid[e.Uid!].Summary && e.Sequence > beforeByUid[e.Uid!].Sequence);
        Assert.Single(after.Events, e => e.Summary == "Race: Marathon de Lyon");
    }

    [Fact]
    public async Task Of_two_re_plans_at_once_one_stands_and_the_other_is_told_its_change_was_not_made()
    {
        await using var rig = await TrainingRig.StartAsync();
        using var ada = rig.RunnerClient("ada");
        var id = await AdasHalfMarathonPlanFifteenDaysOnAsync(rig, ada);

        // A re-plan from her other device has written its version, not yet committed, when this one saves its own.
        using var refused = await rig.Service.Database.SecondOfTwoWritersAsync(VersionLikeTheLatest, new Dictionary<string, object> { ["plan"] = id },
            () => ada.PostAsJsonAsync($"/api/plans/{id}/replan", new { runDays = new[] { "monday", "wednesday", "friday", "saturday" }, longRunDay = "saturday" }));
        var after = await rig.GetAsync("ada", $"/api/plans/{id}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Your plan was re-planned a moment ago", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal([1, 2], after.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal(RunDays, after.GetProperty("runDays").EnumerateArray().Select(d => d.GetString())); // the refused change left nothing behind
    }

    [Fact]
    public async Task A_plan_deleted_with_its_account_while_re_planned_or_given_a_new_calendar_link_answers_404_not_500()
    {
        await using var rig = await TrainingRig.StartAsync();
        using var ada = rig.RunnerClient("ada");
        var id = await AdasHalfMarathonPlanFifteenDaysOnAsync(rig, ada);

        using var replanned = await rig.Service.Database.SecondOfTwoWritersAsync("""DELETE FROM plans WHERE "Id" = @plan""", new Dictionary<string, object> { ["plan"] = id },
            () => ada.PostAsJsonAsync($"/api/plans/{id}/replan", new { runDays = new[] { "monday", "wednesday", "friday", "saturday" }, longRunDay = "saturday" }));
        var second = await AdasHalfMarathonPlanFifteenDaysOnAsync(rig, ada);
        using var newLink = await rig.Service.Database.SecondOfTwoWritersAsync("""DELETE FROM plans WHERE "Id" = @plan""",
            new Dictionary<string, object> { ["plan"] = second }, () => ada.PostAsync($"/api/plans/{second}/calendar", null));

        Assert.Equal(HttpStatusCode.NotFound, replanned.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, newLink.StatusCode);
    }

    [Fact]
    public async Task A_re_plan_on_other_days_puts_the_weeks_from_today_on_those_days_and_keeps_the_past_on_the_old_ones()
    {
        await using var rig = await TrainingRig.StartAsync();
        using var ada = rig.RunnerClient("ada");
        var id = await AdasHalfMarathonPlanFifteenDaysOnAsync(rig, ada);

        string[] otherDays = ["monday", "wednesday", "friday", "saturday"];
        using var refused = await ada.PostAsJsonAsync($"/api/plans/{id}/replan", new { runDays = new[] { "monday", "funday", "friday" }, longRunDay = "friday" });
        using var misplaced = await ada.PostAsJsonAsync($"/api/plans/{id}/replan", new { runDays = otherDays, longRunDay = "sunday" });
        using var replan = await ada.PostAsJsonAsync($"/api/plans/{id}/replan", new { runDays = otherDays, longRunDay = "saturday" });
        var replanned = await replan.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("runDays", out _));
        Assert.Equal(HttpStatusCode.BadRequest, misplaced.StatusCode);
        Assert.True((await misplaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("longRunDay", out _));
        Assert.Equal(HttpStatusCode.OK, replan.StatusCode);
        Assert.Equal(otherDays, replanned.GetProperty("runDays").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("saturday", replanned.GetProperty("longRunDay").GetString());
        var sessions = replanned.GetProperty("weeks").EnumerateArray().SelectMany(w => w.GetProperty("sessions").EnumerateArray())
            .Select(s => (Date: DateOnly.Parse(s.GetProperty("date").GetString()!), Kind: s.GetProperty("kind").GetString())).ToList();
        var weekday = (DateOnly date) => date.DayOfWeek.ToString().ToLowerInvariant();
        Assert.All(sessions.Where(s => s.Date >= rig.Today), s => Assert.Contains(weekday(s.Date), otherDays));
        Assert.All(sessions.Where(s => s.Date >= rig.Today && s.Kind == "long"), s => Assert.Equal(DayOfWeek.Saturday, s.Date.DayOfWeek));
        Assert.Contains(sessions, s => s.Date >= rig.Today && s.Kind == "long");
        Assert.Contains(sessions, s => s.Date < rig.Today);
        Assert.All(sessions.Where(s => s.Date < rig.Today), s => Assert.Contains(weekday(s.Date), RunDays));
    }

    [Fact]
    public async Task The_calendar_feed_is_icalendar_with_all_day_sessions_and_the_race_and_a_new_link_revokes_the_old()
    {
        await using var rig = await TrainingRig.StartAsync();
        await rig.TrainedRunnerAsync("ada");
        var race = await rig.AddRaceAsync("ada", "Lyon 10K", rig.Today.AddDays(8 * 7));
        using var ada = rig.RunnerClient("ada");
        var plan = await (await ada.PostAsJsonAsync("/api/plans", new { raceId = race, runDays = RunDays, longRunDay = "sunday" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = plan.GetProperty("id").GetGuid();
        var oldFeed = new Uri(plan.GetProperty("calendar").GetProperty("https").GetString()!).PathAndQuery;
        using var anonymous = rig.Service.CreateClient(); // a calendar app: no token

        using var feed = await anonymous.GetAsync(oldFeed);
        var calendar = Calendar.Load(await feed.Content.ReadAsStringAsync())!;
        var links = await (await ada.PostAsync($"/api/plans/{id}/calendar", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var revoked = await anonymous.GetAsync(oldFeed);
        using var current = await anonymous.GetAsync(new Uri(links.GetProperty("https").GetString()!).PathAndQuery);

        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        var sessions = plan.GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty("sessions").GetArrayLength());
        Assert.Equal(sessions + 1, calendar.Events.Count);
        Assert.All(calendar.Events.Where(e => !e.Summary!.StartsWith("Race", StringComparison.Ordinal)), e => Assert.True(e.IsAllDay));
        Assert.Equal(1, calendar.Events.Select(e => e.Uid).Distinct().Count(uid => uid!.EndsWith("-race@runnerly", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Equal("text/html", revoked.Content.Headers.ContentType!.MediaType); // a page for a browser, not JSON
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task Too_little_time_gets_a_short_plan_with_a_warning_and_a_race_already_run_cannot_be_planned()
    {
        await using var rig = await TrainingRig.StartAsync();
        await rig.TrainedRunnerAsync("ada");
        var soon = await rig.AddRaceAsync("ada", "Marathon de Lyon", rig.Today.AddDays(20), 42_195);
        var past = await rig.AddRaceAsync("ada", "Vienne 5K", rig.Today.AddDays(1), 5_000, city: "Vienne");
        using var ada = rig.RunnerClient("ada");

        var shortPlan = await (await ada.PostAsJsonAsync("/api/plans", new { raceId = soon, runDays = RunDays, longRunDay = "sunday" })).Content.ReadFromJsonAsync<JsonElement>();
        rig.Clock.Advance(TimeSpan.FromDays(3));
        using var tooLate = await ada.PostAsJsonAsync("/api/plans", new { raceId = past, runDays = RunDays, longRunDay = "sunday" });
        var problem = await tooLate.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains(shortPlan.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "ShortPlan");
        Assert.Equal(HttpStatusCode.BadRequest, tooLate.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("raceId", out _));
    }

    [Theory]
    [InlineData("""{"runDays":["tuesday","thursday","sunday"],"longRunDay":"sunday"}""", "raceId")]
    [InlineData("""{"raceId":"RACE","runDays":["tuesday","sunday"],"longRunDay":"sunday"}""", "runDays")]
    [InlineData("""{"raceId":"RACE","runDays":["tuesday","thursday","Sunday"],"longRunDay":"Sunday"}""", "runDays")]
    [InlineData("""{"raceId":"RACE","runDays":["tuesday","thursday","saturday"],"longRunDay":"sunday"}""", "longRunDay")]
    [InlineData("""{"raceId":"RACE","runDays":["tuesday","thursday","sunday"],"longRunDay":"sunday","goalTime":"0:10:00"}""", "goalTime")]
    [InlineData("""{"raceId":"RACE","runDays":["tuesday","thursday","sunday"],"longRunDay":"sunday","recentRace":{"distanceMeters":"NaN","time":"20:00"}}""", "$.recentRace.distanceMeters")]
    [InlineData("""{"raceId":"RACE","runDays":["tuesday","thursday","sunday"],"longRunDay":"sunday","recentRace":{"distanceMeters":100,"time":"0:20"}}""", "recentRace")]
    [InlineData("""{"raceId":"RACE","runDays":["tuesday","thursday","sunday"],"longRunDay":"sunday"}""", "recentRace")] // no runs: fitness unknown
    public async Task A_request_the_plan_cannot_use_gets_a_400_naming_the_field(string body, string field)
    {
        await using var rig = await TrainingRig.StartAsync();
        var race = await rig.AddRaceAsync("ada", "Lyon 10K", rig.Today.AddDays(60));
        using var newcomer = rig.RunnerClient("newcomer");

        using var response = await newcomer.PostAsync("/api/plans", new StringContent(body.Replace("RACE", race.ToString()), System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Another_runner_s_plan_answers_404_and_leaving_the_race_archives_the_plan_and_its_calendar()
    {
        await using var rig = await TrainingRig.StartAsync();
        await rig.TrainedRunnerAsync("ada");
        var race = await rig.AddRaceAsync("ada", "Lyon 10K", rig.Today.AddDays(60));
        using var ada = rig.RunnerClient("ada");
        using var bruno = rig.RunnerClient("bruno");
        var plan = await (await ada.PostAsJsonAsync("/api/plans", new { raceId = race, runDays = RunDays, longRunDay = "sunday" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = plan.GetProperty("id").GetGuid();
        var feed = new Uri(plan.GetProperty("calendar").GetProperty("https").GetString()!).PathAndQuery;

        using var read = await bruno.GetAsync($"/api/plans/{id}");
        using var replan = await bruno.PostAsync($"/api/plans/{id}/replan", null);
        using var link = await bruno.PostAsync($"/api/plans/{id}/calendar", null);
        using var archive = await bruno.DeleteAsync($"/api/plans/{id}");
        using var leave = await ada.DeleteAsync($"/api/races/{race}/participation");
        var archived = await rig.GetAsync("ada", $"/api/plans/{id}");
        using var feedAfter = await rig.Service.CreateClient().GetAsync(feed);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { read.StatusCode, replan.StatusCode, link.StatusCode, archive.StatusCode });
        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        Assert.Equal("archived", archived.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, archived.GetProperty("calendar").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, feedAfter.StatusCode);
    }

    [Fact]
    public async Task The_monthly_report_reads_fitness_the_next_race_and_the_plan_s_month_with_its_own_scope()
    {
        await using var rig = await TrainingRig.StartAsync();
        await rig.TrainedRunnerAsync("ada");
        var race = await rig.AddRaceAsync("ada", "Semi de Lyon", rig.Today.AddDays(70), 21_097.5);
        using var ada = rig.RunnerClient("ada");
        (await ada.PostAsJsonAsync("/api/plans", new { raceId = race, runDays = RunDays, longRunDay = "sunday" })).EnsureSuccessStatusCode();
        rig.Clock.Advance(TimeSpan.FromDays(35)); // April has come and gone without a run
        using var reports = rig.ServiceClient("reports-worker", "training.read");
        using var other = rig.ServiceClient("strava-worker", "runs.read");

        var summary = await reports.GetFromJsonAsync<JsonElement>("/api/runners/ada/month-summary/2026/3");
        using var refused = await other.GetAsync("/api/runners/ada/month-summary/2026/3");

        Assert.Equal(49.8, summary.GetProperty("vdotMonthBefore").GetDouble(), 1);
        Assert.Equal(race, summary.GetProperty("nextRace").GetProperty("id").GetGuid());
        Assert.Equal("Semi de Lyon", summary.GetProperty("plan").GetProperty("raceName").GetString());
        Assert.True(summary.GetProperty("plan").GetProperty("missed").GetInt32() > 8);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    /// <summary>A trained runner's plan for a half marathon twelve weeks away, made fifteen days ago: its id.</summary>
    private static async Task<Guid> AdasHalfMarathonPlanFifteenDaysOnAsync(TrainingRig rig, HttpClient ada)
    {
        await rig.TrainedRunnerAsync("ada");
        var race = await rig.AddRaceAsync("ada", "Semi de Lyon", rig.Today.AddDays(12 * 7), 21_097.5);
        using var made = await ada.PostAsJsonAsync("/api/plans", new { raceId = race, runDays = RunDays, longRunDay = "sunday" });
        var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        rig.Clock.Advance(TimeSpan.FromDays(15));
        return id;
    }

    /// <summary>A copy of the plan's latest version, with its sessions, as the next version: what another re-plan writes.</summary>
    private const string VersionLikeTheLatest = """
            WITH latest AS (SELECT * FROM plan_versions WHERE "PlanId" = @plan ORDER BY "Number" DESC LIMIT 1),
            version AS (
                INSERT INTO plan_versions ("Id", "PlanId", "Number", "CreatedAt", "FromDate", "PeakWeeklyKm", "Reason", "StartWeeklyKm", "Vdot", "Warnings", "Weeks")
                SELECT gen_random_uuid(), "PlanId", "Number" + 1, "CreatedAt", "FromDate", "PeakWeeklyKm", 'Re-planned on another device', "StartWeeklyKm", "Vdot", "Warnings", "Weeks"
                FROM latest
                RETURNING "Id")
            INSERT INTO plan_sessions ("Id", "VersionId", "Sequence", "Date", "Kind", "Description", "DistanceMeters", "DurationSeconds", "WarmupMeters",
                "CooldownMeters", "Reps", "RepMeters", "RecoverySeconds", "PaceFastSecondsPerKm", "PaceSlowSecondsPerKm")
            SELECT gen_random_uuid(), version."Id", s."Sequence", s."Date", s."Kind", s."Description", s."DistanceMeters", s."DurationSeconds", s."WarmupMeters",
                s."CooldownMeters", s."Reps", s."RepMeters", s."RecoverySeconds", s."PaceFastSecondsPerKm", s."PaceSlowSecondsPerKm"
            FROM plan_sessions s, latest, version
            WHERE s."VersionId" = latest."Id"
            """;

    private static async Task RunAsync(TrainingRig rig, JsonElement session, int dayOffset, double share)
    {
        var date = DateOnly.Parse(session.GetProperty("date").GetString()!).AddDays(dayOffset);
        var meters = session.GetProperty("distanceMeters").GetDouble() * share;
        var start = new DateTimeOffset(date.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero);
        if (start.AddHours(2) > rig.Clock.GetUtcNow())
        {
            rig.Clock.SetUtcNow(start.AddHours(2)); // the run is uploaded after it was run; the clock only moves on
        }

        await rig.Data.AddRunAsync("ada", start, meters, TimeSpan.FromSeconds(session.GetProperty("durationSeconds").GetInt32() * share));
    }
}
