using System.Net.Http.Json;
using System.Text.Json;
using Runnerly.Testing.BadInput;

namespace Runnerly.Training.Tests;

/// <summary>The shared bad-input corpus over every operation the training service's OpenAPI document describes, with the data service beside it.</summary>
public sealed class BadInputCorpusTests
{
    private const string RunnerId = "corpus-runner";

    [Fact]
    public async Task Bad_input_anywhere_gets_a_4xx_naming_the_field_and_every_read_still_serves()
    {
        await using var rig = await TrainingRig.StartAsync();
        await rig.TrainedRunnerAsync(RunnerId);
        var raceDay = rig.Today.AddDays(70);
        var race = await rig.AddRaceAsync(RunnerId, "Corpus 10K", raceDay);
        using var runner = rig.RunnerClient(RunnerId);
        var plan = await (await runner.PostAsJsonAsync("/api/plans", new { raceId = race, runDays = new[] { "tuesday", "thursday", "sunday" }, longRunDay = "sunday" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var feed = new Uri(plan.GetProperty("calendar").GetProperty("https").GetString()!).Segments[^1];
        using var service = rig.ServiceClient("corpus-worker", "runners.delete training.read");
        using var anonymous = rig.Service.CreateClient();
        // The race as it is: a change that goes through leaves the plan's goal a 10K goal.
        var raceJson = JsonSerializer.Serialize(TrainingRig.Race("Corpus 10K", raceDay) with { ConfirmNotDuplicate = true }, JsonSerializerOptions.Web);
        var runDays = """["tuesday","thursday","saturday","sunday"]""";
        var api = await ApiDescription.ReadAsync(anonymous);
        var corpus = new BadInputCorpus
        {
            ClientFor = operation => operation.Path.StartsWith("/api/runners", StringComparison.Ordinal) ? service
                : operation.Path.StartsWith("/calendar", StringComparison.Ordinal) ? anonymous
                : runner,
            ValidValue = (operation, parameter) => (parameter.Name, parameter.In) switch
            {
                ("id", _) when operation.Path.StartsWith("/api/plans", StringComparison.Ordinal) => plan.GetProperty("id").GetString(),
                ("id", _) => race.ToString(),
                ("feed", _) => feed,
                ("runnerId", _) => RunnerId,
                ("year", _) => rig.Today.Year.ToString(),
                ("month", "path") => rig.Today.Month.ToString(),
                ("when", _) => "upcoming",
                _ => null,
            },
            ValidBodies = new Dictionary<string, string>
            {
                ["POST /api/races"] = raceJson,
                ["PUT /api/races/{id}"] = raceJson,
                ["PUT /api/races/{id}/participation"] = """{"goalTime":"45:00"}""",
                ["PUT /api/races/{id}/result"] = """{"runId":null}""",
                ["PUT /api/races/settings"] = """{"showName":true,"displayName":"Ada"}""",
                ["POST /api/plans"] = $$$"""{"raceId":"{{{race}}}","runDays":{{{runDays}}},"longRunDay":"sunday","goalTime":"45:00","recentRace":{"distanceMeters":5000,"time":"20:00"}}""",
                ["POST /api/plans/{id}/replan"] = $$"""{"runDays":{{runDays}},"longRunDay":"sunday"}""",
            },
            PageOperations = new HashSet<string> { "GET /calendar/{feed}" },
        };

        var problems = (await corpus.WalkAsync(api)).ToList();
        // A result's runs are read after race day; the corpus's race is ahead (its plan needs it), so they answer 409 here.
        problems.AddRange(await corpus.ReadEverythingAsync(api, new HashSet<string> { "GET /api/races/{id}/result/runs" }));

        Assert.True(corpus.Requests > 1_000, $"only {corpus.Requests} bad requests were made");
        Assert.True(problems.Count == 0, $"{problems.Count} of {corpus.Requests} bad requests went wrong:\n{string.Join('\n', problems.Take(150))}");
    }
}
