using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Runnerly.Training.Tests;

/// <summary>Every bad race gets a 400 naming the field; nothing bad is stored; nothing answers 5xx.</summary>
public sealed class RaceValidationTests(TrainingRig rig) : IClassFixture<TrainingRig>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static TheoryData<string, string, object?> BadFields => new()
    {
        { "name", "name", "" },
        { "name", "name", "A\u0000B race" },
        { "name", "name", new string('x', 121) },
        { "date", "date", null },
        { "date", "date", "2020-01-01" }, // in the past
        { "date", "date", "2031-01-01" }, // more than three years ahead
        { "timeZone", "timeZone", "Pacific Standard Time" }, // a Windows id PostgreSQL does not know
        { "timeZone", "timeZone", "localtime" },
        { "timeZone", "timeZone", "posix/Europe/Paris" },
        { "startTime", "startTime", "25:00" },
        { "distanceMeters", "distanceMeters", 999.0 },
        { "distanceMeters", "distanceMeters", 250_001.0 },
        { "distanceMeters", "distanceMeters", 5e-324 },
        { "surface", "surface", "Road" }, // enum names are exact
        { "surface", "surface", "road,trail" },
        { "city", "city", " " },
        { "city", "city", "Lyon\u0007" },
        { "country", "country", "France" },
        { "country", "country", "ZZ" },
        { "website", "website", "javascript:alert(1)" },
        { "website", "website", "ftp://race.example/" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_gets_a_400_naming_it_and_nothing_is_stored(string field, string errorKey, object? value)
    {
        var race = JsonSerializer.SerializeToNode(TrainingRig.Race("Valid race name", rig.Today.AddDays(30), city: $"Check {field}"), Web)!.AsObject();
        race[field] = JsonSerializer.SerializeToNode(value);

        using var client = rig.RunnerClient($"validator-{field}");
        using var response = await client.PostAsync("/api/races", new StringContent(race.ToJsonString(), Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out _), problem.ToString());
        Assert.Empty((await rig.GetAsync("anyone", $"/api/races?q=Check%20{field}")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"name":"Race","distanceMeters":"NaN"}""", "$.distanceMeters")]
    [InlineData("""{"name":"Race","distanceMeters":"Infinity"}""", "$.distanceMeters")]
    [InlineData("""{"name":"Race","distanceMeters":"10000"}""", "$.distanceMeters")]
    [InlineData("""{"name":"Race","date":"not a date"}""", "$.date")]
    [InlineData("""{"name":"Race","date":"2026-02-30"}""", "$.date")]
    [InlineData("""{"name":12}""", "$.name")]
    [InlineData("""{"name":"Race","confirmNotDuplicate":"yes"}""", "$.confirmNotDuplicate")]
    [InlineData("""{"name":"Race",""", "$")]
    [InlineData("""{"name":"Race","description":"bad \ud800 surrogate"}""", "$.description")]
    public async Task Json_the_service_cannot_read_gets_a_400_naming_the_field(string body, string field)
    {
        using var client = rig.RunnerClient("json-tester");
        using var response = await client.PostAsync("/api/races", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain("RaceInput", problem.ToString()); // words for a client developer, not a C# type
    }

    [Theory]
    [InlineData("/api/races?limit=0")]
    [InlineData("/api/races?limit=101")]
    [InlineData("/api/races?when=tomorrow")]
    [InlineData("/api/races?distance=ultra")]
    [InlineData("/api/races?month=2027-13")]
    [InlineData("/api/races?month=0001-01")]
    [InlineData("/api/races?cursor=not-a-cursor")]
    [InlineData("/api/races?cursor=LTE6MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA")] // negative day number
    [InlineData("/api/races/mine?when=soon")]
    public async Task Bad_query_parameters_get_a_400_never_a_500(string path)
    {
        using var client = rig.RunnerClient("query-tester");
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("4:00:00")]   // 24 minutes a kilometre is a walk
    [InlineData("0:05:00")]   // beyond any world record
    [InlineData("45:61")]
    [InlineData("forty")]
    public async Task A_goal_that_is_not_a_running_time_is_refused(string goal)
    {
        var id = await rig.AddRaceAsync("goal-setter-" + goal, "Goal 10K", rig.Today.AddDays(90), city: "Goals", confirmNotDuplicate: true);
        using var client = rig.RunnerClient("goal-tester");
        using var response = await client.PutAsJsonAsync($"/api/races/{id}/participation", new { goalTime = goal });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("goalTime", out _));
    }

    [Fact]
    public async Task Without_a_runner_s_token_the_calendar_answers_401_and_a_worker_s_token_403()
    {
        using var anonymous = rig.Service.CreateClient();
        using var worker = rig.ServiceClient("reports-worker", "runs.read");

        using var noToken = await anonymous.GetAsync("/api/races");
        using var workerToken = await worker.GetAsync("/api/races");

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, workerToken.StatusCode);
    }
}
