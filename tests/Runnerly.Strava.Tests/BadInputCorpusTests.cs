using System.Net.Http.Json;
using System.Text.Json;
using Runnerly.Testing.BadInput;

namespace Runnerly.Strava.Tests;

/// <summary>The shared bad-input corpus over every operation the strava service's OpenAPI document describes, with its worker running.</summary>
public sealed class BadInputCorpusTests
{
    private const string RunnerId = "corpus-runner";
    private const long AthleteId = 1001;

    [Fact]
    public async Task Bad_input_anywhere_gets_a_4xx_naming_the_field_and_the_runner_is_still_served()
    {
        await using var rig = await SyncRig.StartAsync();
        await rig.Service.LinkAsync(RunnerId, AthleteId);
        await rig.WaitForBackfillAsync(RunnerId);
        using var runner = rig.Service.RunnerClient(RunnerId);
        using var anonymous = rig.Service.CreateClient();
        using var identity = rig.Service.CreateClient();
        identity.DefaultRequestHeaders.Authorization = new("Bearer", rig.Service.Tokens.Service("identity-worker", "strava", "runners.delete"));
        var kept = rig.Strava.ListedRunIds(AthleteId).First();
        var api = await ApiDescription.ReadAsync(anonymous);
        var corpus = new BadInputCorpus
        {
            ClientFor = operation => operation.Path.StartsWith("/api/strava", StringComparison.Ordinal) ? runner
                : operation.Path.StartsWith("/api/runners", StringComparison.Ordinal) ? identity
                : anonymous,
            ValidValue = (_, parameter) => parameter.Name switch
            {
                "runnerId" => "someone-else",
                "state" => new string('a', 48),
                "code" => "a-code",
                "scope" => "read,activity:read_all",
                "hub.challenge" => "a-challenge",
                "hub.verify_token" => StravaServiceFactory.WebhookVerifyToken,
                _ => null,
            },
            ValidBodies = new Dictionary<string, string>
            {
                ["POST /strava/webhook"] = $$$"""
                    {"aspect_type":"update","event_time":1764237000,"object_id":{{{kept}}},"object_type":"activity","owner_id":{{{AthleteId}}},
                     "subscription_id":1,"updates":{"title":"Morning Run"}}
                    """,
            },
            PageOperations = new HashSet<string> { "GET /strava/callback" },
        };

        var problems = (await corpus.WalkAsync(api)).ToList();
        Assert.True(corpus.Requests > 250, $"only {corpus.Requests} bad requests were made");
        Assert.True(problems.Count == 0, $"{problems.Count} of {corpus.Requests} bad requests went wrong:\n{string.Join('\n', problems.Take(150))}");

        // The events it accepted are processed like any other: an event put off (its link busy) waits for the clock.
        await SyncRig.WaitUntilAsync(async () =>
        {
            await rig.AdvanceClockToNextEventAttemptAsync();
            return await rig.UnprocessedEventsAsync() == 0;
        }, "the accepted events processed");
        Assert.Empty(await corpus.ReadEverythingAsync(api, notReads: new HashSet<string> { "GET /strava/callback" }));
        var status = await runner.GetFromJsonAsync<JsonElement>("/api/strava/status");
        Assert.True(status.GetProperty("connected").GetBoolean());
        Assert.Equal(rig.Strava.ListedRunIds(AthleteId), await rig.StravaRunIdsInDataAsync(RunnerId));
    }
}
