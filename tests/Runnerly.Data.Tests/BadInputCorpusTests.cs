using System.Net.Http.Json;
using System.Text.Json;
using Runnerly.Testing.BadInput;

namespace Runnerly.Data.Tests;

/// <summary>The shared bad-input corpus over every operation the data service's OpenAPI document describes.</summary>
public sealed class BadInputCorpusTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private const string RunnerId = "corpus-runner";

    private const string Run = """
        {"name":"Morning Run","sportType":"Run","startTime":"2026-11-10T07:30:00+01:00","timeZone":"Europe/Paris","distanceMeters":10000,
         "movingTimeSeconds":3000,"elapsedTimeSeconds":3060,"elevationGainMeters":42,"maxSpeed":4.2,"averageHeartRate":150,"maxHeartRate":172,
         "averageCadence":170,"summaryPolyline":"_p~iF~ps|U_ulLnnqC"}
        """;

    [Fact]
    public async Task Bad_input_anywhere_gets_a_4xx_naming_the_field_and_every_read_still_serves()
    {
        using var runner = factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner(RunnerId, "data"));
        using var service = factory.WithToken(factory.CreateClient(), factory.Tokens.Service("corpus-worker", "data", "runs.read runs.write runners.delete"));
        using var created = await runner.PostAsync("/api/runs", new StringContent(Run, System.Text.Encoding.UTF8, "application/json"));
        var runId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var api = await ApiDescription.ReadAsync(runner);
        var corpus = new BadInputCorpus
        {
            ClientFor = operation => operation.Path.StartsWith("/api/runners", StringComparison.Ordinal) || operation.Path.StartsWith("/api/monthly-summaries", StringComparison.Ordinal)
                ? service
                : runner,
            ValidValue = (_, parameter) => parameter.Name switch
            {
                "runnerId" => RunnerId,
                "id" => runId,
                "year" => "2026",
                "month" => "11",
                "period" => "week",
                "from" => "2026-10-01",
                "to" => "2026-11-30",
                "source" => "strava",
                "sourceId" => "corpus-1",
                _ => null,
            },
            ValidBodies = new Dictionary<string, string>
            {
                ["POST /api/runs"] = Run,
                ["PUT /api/runs/{id}"] = Run,
                ["PUT /api/profile"] = """
                    {"displayName":"Ada","birthDate":"1990-05-17","sex":"female","weightKg":58.5,"maxHeartRate":188,"restingHeartRate":48,"units":"km",
                     "timeZone":"Europe/Paris","trainingDaysPerWeek":5,"monthlyReportOptOut":false}
                    """,
                ["POST /api/runners/{runnerId}/runs/batch"] = $$"""{"runs":[{"source":"strava","sourceId":"corpus-1","run":{{Run}}}]}""",
            },
        };

        var problems = (await corpus.WalkAsync(api)).ToList();
        problems.AddRange(await corpus.ReadEverythingAsync(api));
        problems.AddRange(await EveryMonthServesAsync(runner, service));

        Assert.True(corpus.Requests > 1_000, $"only {corpus.Requests} bad requests were made");
        Assert.True(problems.Count == 0, $"{problems.Count} of {corpus.Requests} bad requests went wrong:\n{string.Join('\n', problems.Take(150))}");
    }

    /// <summary>The runner's lists, stats and records over every month they ran in, and that month's summaries of every runner.</summary>
    private static async Task<List<string>> EveryMonthServesAsync(HttpClient runner, HttpClient service)
    {
        var starts = (await service.GetFromJsonAsync<List<JsonElement>>($"/api/runners/{RunnerId}/runs?from=2026-01-01&to=2027-01-01"))!
            .Select(r => r.GetProperty("startTimeLocal").GetDateTime()).ToList();
        var urls = new List<(HttpClient, string)> { (runner, "/api/records"), (runner, "/api/runs?limit=100"), (runner, "/api/stats?period=year"), (runner, "/api/stats?period=month") };
        foreach (var month in starts.Select(s => (s.Year, s.Month)).Distinct())
        {
            urls.Add((runner, $"/api/runs/{month.Year}/{month.Month}"));
            urls.Add((service, $"/api/monthly-summaries/{month.Year}/{month.Month}"));
        }

        var problems = new List<string>();
        foreach (var (client, url) in urls)
        {
            if (await BadInputCorpus.ServesAsync(client, url) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }
}
