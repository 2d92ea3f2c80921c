using System.Net;
using Runnerly.Web.Clients;

namespace Runnerly.Web.Tests;

/// <summary>The training service's answers, as its JSON comes (camelCase ProblemDetails with their extensions).</summary>
public sealed class TrainingApiTests
{
    private static readonly RaceInput Lyon = new("Lyon Half", new DateOnly(2027, 4, 11), "09:30", "Europe/Paris", 21_097.5, "road", "Lyon", "FR", null, null, false);

    [Fact]
    public async Task A_look_alike_comes_back_as_a_choice_not_as_an_error()
    {
        var existing = Guid.NewGuid();
        var api = new TrainingApi(StubApi.Client(_ => StubApi.Problem($$"""
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"This race may be in the calendar already","status":409,
             "detail":"Join the existing race, or add yours again with confirmNotDuplicate if it is a different one.",
             "lookAlikes":[{"id":"{{existing}}","name":"Semi-marathon de Lyon","city":"Lyon","date":"2027-04-11","distanceMeters":21097.5}]}
            """, HttpStatusCode.Conflict)));

        var outcome = await api.SaveRaceAsync(null, Lyon, default);

        Assert.Null(outcome.SavedId);
        Assert.Empty(outcome.FieldErrors);
        var lookAlike = Assert.Single(outcome.LookAlikes);
        Assert.Equal(new LookAlike(existing, "Semi-marathon de Lyon", "Lyon", new DateOnly(2027, 4, 11), 21_097.5), lookAlike);
    }

    [Fact]
    public async Task Field_errors_come_back_by_field_and_a_bound_field_loses_its_json_path()
    {
        var api = new TrainingApi(StubApi.Client(_ => StubApi.Problem("""
            {"title":"One or more validation errors occurred.","status":400,
             "errors":{"name":["Give the race's name, 3 to 120 characters."],"$.distanceMeters":["The value is not a number."]}}
            """, HttpStatusCode.BadRequest)));

        var outcome = await api.SaveRaceAsync(Guid.NewGuid(), Lyon, default);

        Assert.Null(outcome.Problem);
        Assert.Equal("Give the race's name, 3 to 120 characters.", outcome.FieldErrors["name"]);
        Assert.Equal("The value is not a number.", outcome.FieldErrors["distanceMeters"]);
    }

    [Fact]
    public async Task Too_many_races_a_day_says_its_title_and_detail()
    {
        var api = new TrainingApi(StubApi.Client(_ => StubApi.Problem("""
            {"title":"You have added 5 races in the last 24 hours","status":429,
             "detail":"You can add another at 14:05 UTC. Races others added are in the calendar already.","retryAfterSeconds":3600}
            """, HttpStatusCode.TooManyRequests)));

        var outcome = await api.SaveRaceAsync(null, Lyon, default);

        Assert.Equal("You have added 5 races in the last 24 hours. You can add another at 14:05 UTC. Races others added are in the calendar already.", outcome.Problem);
    }

    [Fact]
    public async Task A_new_race_answers_with_its_id_and_sends_the_race_as_camel_case_json()
    {
        var id = Guid.NewGuid();
        string? sent = null;
        var api = new TrainingApi(StubApi.Client(request =>
        {
            sent = request.Content!.ReadAsStringAsync().Result;
            return StubApi.Json(new
            {
                race = new { id, name = "Lyon Half", date = "2027-04-11", timeZone = "Europe/Paris", distanceMeters = 21_097.5, surface = "road", city = "Lyon", country = "FR", participants = 1, joined = true },
                updatedAt = DateTimeOffset.UtcNow,
                addedByMe = true,
                canDelete = true,
                participantNames = Array.Empty<string>(),
                otherParticipants = 1,
            }, HttpStatusCode.Created);
        }));

        var outcome = await api.SaveRaceAsync(null, Lyon with { ConfirmNotDuplicate = true }, default);

        Assert.Equal(id, outcome.SavedId);
        Assert.Contains("\"distanceMeters\":21097.5", sent);
        Assert.Contains("\"startTime\":\"09:30\"", sent);
        Assert.Contains("\"confirmNotDuplicate\":true", sent);
    }

    [Fact]
    public async Task Deleting_a_race_others_joined_says_why_not()
    {
        var api = new TrainingApi(StubApi.Client(_ => StubApi.Problem("""
            {"title":"Other runners have joined this race","status":409,"detail":"1 other runner has joined it, so it stays in the calendar. You can still change it."}
            """, HttpStatusCode.Conflict)));

        Assert.Equal("Other runners have joined this race. 1 other runner has joined it, so it stays in the calendar. You can still change it.",
            await api.DeleteRaceAsync(Guid.NewGuid(), default));
    }

    [Fact]
    public async Task The_calendar_is_asked_for_with_its_filters_and_cursor()
    {
        Uri? asked = null;
        var api = new TrainingApi(StubApi.Client(request =>
        {
            asked = request.RequestUri;
            return StubApi.Json(new { items = Array.Empty<object>(), next = (string?)null });
        }));

        await api.RacesAsync(new RaceFilter("half", "2027-04", "lyon & co", Past: true), "abc", 20, default);

        Assert.Equal("/api/races?when=past&distance=half&month=2027-04&q=lyon%20%26%20co&cursor=abc&limit=20", asked!.PathAndQuery);
    }

    [Fact]
    public async Task A_re_plan_sends_the_new_days_only_when_they_change()
    {
        var sent = new List<string>();
        var api = new TrainingApi(StubApi.Client(request =>
        {
            sent.Add(request.Content!.ReadAsStringAsync().Result);
            return sent.Count == 1
                ? StubApi.JsonText("{}")
                : StubApi.Problem("""{"title":"One or more validation errors occurred.","status":400,"errors":{"longRunDay":["The long-run day must be one of the run days."]}}""",
                    HttpStatusCode.BadRequest);
        }));

        var same = await api.ReplanAsync(Guid.NewGuid(), null, null, default);
        var other = await api.ReplanAsync(Guid.NewGuid(), ["monday", "wednesday", "friday"], "sunday", default);

        Assert.Null(same);
        Assert.Equal("The long-run day must be one of the run days.", other);
        Assert.Equal(["""{"runDays":null,"longRunDay":null}""", """{"runDays":["monday","wednesday","friday"],"longRunDay":"sunday"}"""], sent);
    }

    [Fact]
    public async Task Asking_for_a_plan_without_fitness_in_the_runs_says_a_recent_race_is_needed()
    {
        var api = new TrainingApi(StubApi.Client(_ => StubApi.Problem("""
            {"title":"One or more validation errors occurred.","status":400,
             "errors":{"recentRace":["Your runs of the last 8 weeks do not show your fitness yet: give a recent race or hard run (distance and time)."]}}
            """, HttpStatusCode.BadRequest)));

        var outcome = await api.CreatePlanAsync(new PlanRequest(Guid.NewGuid(), ["tuesday", "thursday", "sunday"], "sunday", null, null), default);

        Assert.True(outcome.NeedsRecentRace);
        Assert.Null(outcome.PlanId);
        Assert.Null(outcome.Problem);
    }

    [Fact]
    public async Task Asking_for_a_second_plan_for_a_race_points_at_the_first()
    {
        var existing = Guid.NewGuid();
        var api = new TrainingApi(StubApi.Client(_ => StubApi.Problem($$"""
            {"title":"You have a plan for this race already","status":409,"detail":"Open it to re-plan from today, or archive it to start a new one.","planId":"{{existing}}"}
            """, HttpStatusCode.Conflict)));

        var outcome = await api.CreatePlanAsync(new PlanRequest(Guid.NewGuid(), ["tuesday", "thursday", "sunday"], "sunday", null, null), default);

        Assert.Equal(existing, outcome.ExistingPlanId);
        Assert.StartsWith("You have a plan for this race already.", outcome.Problem);
    }

    [Fact]
    public async Task A_plan_is_asked_for_with_the_service_s_field_names_and_answers_with_its_id()
    {
        var id = Guid.NewGuid();
        string? sent = null;
        var api = new TrainingApi(StubApi.Client(request =>
        {
            sent = request.Content!.ReadAsStringAsync().Result;
            return StubApi.Json(new
            {
                id,
                status = "active",
                race = new { id = Guid.NewGuid(), name = "Lyon Half", date = "2027-04-11", distanceMeters = 21_097.5, city = "Lyon", country = "FR" },
                runDays = new[] { "tuesday", "thursday", "sunday" },
                longRunDay = "sunday",
                vdot = 48.2,
                warnings = Array.Empty<object>(),
                versions = Array.Empty<object>(),
                weeks = Array.Empty<object>(),
                totals = new { done = 0, partlyDone = 0, missed = 0, pending = 0 },
                today = "2027-03-17",
            }, HttpStatusCode.Created);
        }));

        var outcome = await api.CreatePlanAsync(new PlanRequest(Guid.NewGuid(), ["tuesday", "thursday", "sunday"], "sunday", "1:45:00", new RecentEffort(10_000, "48:30")), default);

        Assert.Equal(id, outcome.PlanId);
        Assert.Contains("\"runDays\":[\"tuesday\",\"thursday\",\"sunday\"]", sent);
        Assert.Contains("\"longRunDay\":\"sunday\"", sent);
        Assert.Contains("\"recentRace\":{\"distanceMeters\":10000,\"time\":\"48:30\"}", sent);
    }
}
