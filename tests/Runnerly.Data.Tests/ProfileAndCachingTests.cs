using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Runnerly.Data.Apis;
using Runnerly.Data.Infrastructure;
using Runnerly.Testing;
using StackExchange.Redis;
using static Runnerly.Data.Apis.ProfileApi;

namespace Runnerly.Data.Tests;

public sealed class ProfileAndCachingTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private async Task<HttpClient> RunnerAsync(string runnerId) =>
        factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner(runnerId, "data"));

    private static ProfileInput Valid => new("Ada", new DateOnly(1990, 5, 17), "female", 58.5, 188, 48, "mi", "America/New_York", 5, true);

    [Fact]
    public async Task A_new_runner_gets_a_default_profile_and_can_change_it()
    {
        using var client = await RunnerAsync($"profiled-{Guid.NewGuid():N}");

        var first = await client.GetFromJsonAsync<ProfileResponse>("/api/profile");
        Assert.Equal(new ProfileResponse(null, null, null, null, null, null, "km", "UTC", 4, false), first);

        using var put = await client.PutAsJsonAsync("/api/profile", Valid);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var saved = await client.GetFromJsonAsync<ProfileResponse>("/api/profile");
        Assert.Equal(new ProfileResponse("Ada", new DateOnly(1990, 5, 17), "female", 58.5, 188, 48, "mi", "America/New_York", 5, true), saved);
    }

    [Fact]
    public async Task A_profile_saved_while_the_account_is_deleted_answers_409_not_500()
    {
        var runnerId = $"leaving-{Guid.NewGuid():N}";
        using var client = await RunnerAsync(runnerId);
        (await client.GetAsync("/api/profile")).EnsureSuccessStatusCode(); // the profile exists

        // The account's deletion holds the profile, not yet committed, when the runner's change is saved.
        using var saved = await factory.Database.SecondOfTwoWritersAsync("""DELETE FROM runner_profiles WHERE "RunnerId" = @runner""",
            new Dictionary<string, object> { ["runner"] = runnerId }, () => client.PutAsJsonAsync("/api/profile", Valid));

        Assert.Equal(HttpStatusCode.Conflict, saved.StatusCode);
        Assert.Equal("Your account is being deleted", (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("timeZone")]
    [InlineData("units")]
    [InlineData("restingHeartRate")]
    [InlineData("trainingDaysPerWeek")]
    [InlineData("sex")]
    [InlineData("birthDate")]
    public async Task A_bad_profile_gets_a_400_naming_the_field_and_changes_nothing(string field)
    {
        using var client = await RunnerAsync($"careless-{Guid.NewGuid():N}");
        var bad = field switch
        {
            "timeZone" => Valid with { TimeZone = "Atlantis/Capital" },
            "units" => Valid with { Units = "furlongs" },
            "restingHeartRate" => Valid with { RestingHeartRate = 190 },
            "trainingDaysPerWeek" => Valid with { TrainingDaysPerWeek = 8 },
            "sex" => Valid with { Sex = "3" },
            _ => Valid with { BirthDate = DateOnly.FromDateTime(DateTime.UtcNow) },
        };

        using var put = await client.PutAsJsonAsync("/api/profile", bad);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var errors = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.Equal("UTC", (await client.GetFromJsonAsync<ProfileResponse>("/api/profile"))!.TimeZone);
    }

    [Fact]
    public async Task An_unchanged_list_answers_304_to_its_ETag_and_a_change_gives_a_new_one()
    {
        using var client = await RunnerAsync($"cached-{Guid.NewGuid():N}");
        using var first = await client.GetAsync("/api/runs");
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { IfNoneMatch = { etag } } };
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        (await client.PostAsJsonAsync("/api/runs", NewRun())).EnsureSuccessStatusCode();
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { IfNoneMatch = { etag } } };
        using var changed = await client.SendAsync(afterChange);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task A_change_to_a_runners_runs_is_announced_on_their_Redis_channel()
    {
        var runnerId = $"watched-{Guid.NewGuid():N}";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestRedisServer.ConnectionString);
        var received = Channel.CreateUnbounded<string>();
        await redis.GetSubscriber().SubscribeAsync(RunChangeNotifier.ChannelFor(runnerId), (_, message) => received.Writer.TryWrite(message!));
        using var client = await RunnerAsync(runnerId);

        (await client.PostAsJsonAsync("/api/runs", NewRun())).EnsureSuccessStatusCode();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var notice = JsonDocument.Parse(await received.Reader.ReadAsync(timeout.Token)).RootElement;
        Assert.Equal("created", notice.GetProperty("change").GetString());
    }

    [Fact]
    public async Task A_change_to_a_runners_profile_is_announced_on_the_same_channel()
    {
        var runnerId = $"rezoned-{Guid.NewGuid():N}";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestRedisServer.ConnectionString);
        var received = Channel.CreateUnbounded<string>();
        await redis.GetSubscriber().SubscribeAsync(RunChangeNotifier.ChannelFor(runnerId), (_, message) => received.Writer.TryWrite(message!));
        using var client = await RunnerAsync(runnerId);

        (await client.PutAsJsonAsync("/api/profile", new { units = "mi", timeZone = "Australia/Melbourne", trainingDaysPerWeek = 4, monthlyReportOptOut = false }))
            .EnsureSuccessStatusCode();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var notice = JsonDocument.Parse(await received.Reader.ReadAsync(timeout.Token)).RootElement;
        Assert.Equal("profile", notice.GetProperty("change").GetString());
        Assert.Equal(0, notice.GetProperty("count").GetInt32());
    }

    private static RunInput NewRun() => new("Lunch Run", "Run", DateTimeOffset.UtcNow.AddHours(-2), "Europe/Paris", 5_000, 1_500, 1_550);
}
