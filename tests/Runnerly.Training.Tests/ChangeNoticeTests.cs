using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Runnerly.Testing;
using StackExchange.Redis;

namespace Runnerly.Training.Tests;

/// <summary>
/// The web keeps a runner's week of plan and next race until training's notice on <c>runnerly:training:{runnerId}</c>:
/// one follows each change of theirs, and a change to a race reaches everyone who joined it.
/// </summary>
public sealed class ChangeNoticeTests
{
    [Fact]
    public async Task Joining_planning_and_leaving_are_announced_to_the_runner_and_a_changed_race_to_everyone_who_joined_it()
    {
        await using var rig = await TrainingRig.StartAsync();
        var (ada, bruno, carla) = ($"ada-{Guid.NewGuid():N}", $"bruno-{Guid.NewGuid():N}", $"carla-{Guid.NewGuid():N}");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestRedisServer.ConnectionString);
        var notices = Channel.CreateUnbounded<string>();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("runnerly:training:*"), (channel, message) =>
        {
            var runner = channel.ToString()["runnerly:training:".Length..];
            if (runner == ada || runner == bruno || runner == carla)
            {
                notices.Writer.TryWrite($"{runner[..runner.IndexOf('-')]} {JsonDocument.Parse(message.ToString()).RootElement.GetProperty("change").GetString()}");
            }
        });
        await rig.TrainedRunnerAsync(bruno);
        var race = await rig.AddRaceAsync(ada, "Lyon half marathon", rig.Today.AddDays(84), meters: 21_097.5);
        Assert.Equal("ada joined", await NextAsync(notices)); // its author runs it
        using var brunoClient = rig.RunnerClient(bruno);
        using var adaClient = rig.RunnerClient(ada);
        using var carlaClient = rig.RunnerClient(carla);

        (await brunoClient.PutAsJsonAsync($"/api/races/{race}/participation", new { goalTime = "1:50:00" })).EnsureSuccessStatusCode();
        Assert.Equal("bruno joined", await NextAsync(notices));
        (await carlaClient.GetAsync($"/api/races/{race}")).EnsureSuccessStatusCode(); // looking is not joining
        (await adaClient.PutAsJsonAsync($"/api/races/{race}", TrainingRig.Race("Lyon half marathon by the river", rig.Today.AddDays(84), 21_097.5)))
            .EnsureSuccessStatusCode();
        Assert.Equal(["ada race", "bruno race"], new[] { await NextAsync(notices), await NextAsync(notices) }.Order());
        var plan = await (await brunoClient.PostAsJsonAsync("/api/plans", new { raceId = race, runDays = PlanTests.RunDays, longRunDay = "sunday" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bruno plan", await NextAsync(notices));
        (await brunoClient.PostAsJsonAsync($"/api/plans/{plan.GetProperty("id").GetGuid()}/replan", new { })).EnsureSuccessStatusCode();
        Assert.Equal("bruno plan", await NextAsync(notices));
        (await brunoClient.DeleteAsync($"/api/races/{race}/participation")).EnsureSuccessStatusCode();
        Assert.Equal("bruno left", await NextAsync(notices));
        (await adaClient.DeleteAsync($"/api/races/{race}")).EnsureSuccessStatusCode();

        // Notices go out in order: once the last one is in, none for carla can still be on its way.
        Assert.Equal("ada race", await NextAsync(notices));
        Assert.False(notices.Reader.TryRead(out var extra), extra);
    }

    private static async Task<string> NextAsync(Channel<string> notices)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await notices.Reader.ReadAsync(timeout.Token);
    }
}
