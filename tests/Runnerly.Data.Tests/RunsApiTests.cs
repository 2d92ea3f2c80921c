using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Runnerly.Data.Apis;

namespace Runnerly.Data.Tests;

public sealed class RunsApiTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private static RunInput MorningRun(DateTimeOffset? start = null, double distance = 10_000, int moving = 3_000) => new(
        Name: "Morning Run",
        SportType: "Run",
        StartTime: start ?? new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.Zero),
        TimeZone: "Europe/Paris",
        DistanceMeters: distance,
        MovingTimeSeconds: moving,
        ElapsedTimeSeconds: moving + 60,
        ElevationGainMeters: 42,
        AverageHeartRate: 150);

    private async Task<HttpClient> RunnerAsync(string runnerId) =>
        factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner(runnerId, "data"));

    private async Task<HttpClient> StravaWorkerAsync() =>
        factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Service("strava-worker", "data", "runs.read runs.write"));

    [Fact]
    public async Task A_runner_adds_a_run_and_finds_it_by_id_in_the_list_and_in_its_local_month()
    {
        var runnerId = $"runner-{Guid.NewGuid():N}";
        using var client = await RunnerAsync(runnerId);

        using var created = await client.PostAsJsonAsync("/api/runs", MorningRun());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var run = (await created.Content.ReadFromJsonAsync<RunResponse>())!;
        Assert.Equal($"/api/runs/{run.Id}", created.Headers.Location!.AbsolutePath);
        Assert.Equal("manual", run.Source);
        Assert.Equal(3.333, run.AverageSpeed);
        // 23:30 UTC on 31 October is 00:30 on 1 November in Paris: the run belongs to November.
        Assert.Equal(new DateTime(2026, 11, 1, 0, 30, 0), run.StartTimeLocal);

        Assert.Equal(run, await client.GetFromJsonAsync<RunResponse>($"/api/runs/{run.Id}"));
        Assert.Contains(run, (await client.GetFromJsonAsync<RunPage>("/api/runs"))!.Items);
        Assert.Contains(run, (await client.GetFromJsonAsync<List<RunResponse>>("/api/runs/2026/11"))!);
        Assert.DoesNotContain(run, (await client.GetFromJsonAsync<List<RunResponse>>("/api/runs/2026/10"))!);
    }

    [Fact]
    public async Task A_runner_never_sees_or_changes_another_runners_run()
    {
        using var owner = await RunnerAsync($"owner-{Guid.NewGuid():N}");
        using var other = await RunnerAsync($"other-{Guid.NewGuid():N}");
        var run = (await (await owner.PostAsJsonAsync("/api/runs", MorningRun())).Content.ReadFromJsonAsync<RunResponse>())!;

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/runs/{run.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/runs/{run.Id}", MorningRun(distance: 1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/runs/{run.Id}")).StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<RunPage>("/api/runs"))!.Items);

        Assert.Equal(run, await owner.GetFromJsonAsync<RunResponse>($"/api/runs/{run.Id}"));
    }

    [Fact]
    public async Task Runner_and_service_endpoints_each_refuse_the_other_kind_of_token()
    {
        using var anonymous = await factory.CreateReadyClientAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/runs")).StatusCode);

        using var worker = await StravaWorkerAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/runs")).StatusCode);

        using var runner = await RunnerAsync("sneaky-runner");
        using var batch = await runner.PostAsJsonAsync("/api/runners/sneaky-runner/runs/batch",
            new RunBatch([new SourcedRunInput("strava", "1", MorningRun())]));
        Assert.Equal(HttpStatusCode.Forbidden, batch.StatusCode);
    }

    public static TheoryData<string, RunInput> InvalidRuns => new()
    {
        { "distanceMeters", MorningRun(distance: -5) },
        { "distanceMeters", MorningRun(distance: 900_000, moving: 400_000) },
        { "movingTimeSeconds", MorningRun(moving: 0) },
        { "elapsedTimeSeconds", MorningRun() with { ElapsedTimeSeconds = 100 } },
        { "movingTimeSeconds", MorningRun(distance: 42_195, moving: 3_600) },
        { "startTime", MorningRun(start: DateTimeOffset.UtcNow.AddDays(2)) },
        { "sportType", MorningRun() with { SportType = "Ride" } },
        { "timeZone", MorningRun() with { TimeZone = "Mars/Olympus" } },
        { "name", MorningRun() with { Name = "" } },
        { "averageHeartRate", MorningRun() with { AverageHeartRate = 400 } },
    };

    [Theory]
    [MemberData(nameof(InvalidRuns))]
    public async Task An_impossible_run_gets_a_400_naming_the_field_and_is_not_saved(string field, RunInput run)
    {
        using var client = await RunnerAsync($"careless-{Guid.NewGuid():N}");

        using var response = await client.PostAsJsonAsync("/api/runs", run);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty((await client.GetFromJsonAsync<RunPage>("/api/runs"))!.Items);
    }

    [Fact]
    public async Task Pages_walk_every_run_newest_first_without_gaps_or_repeats()
    {
        var runnerId = $"paged-{Guid.NewGuid():N}";
        using var worker = await StravaWorkerAsync();
        var start = new DateTimeOffset(2026, 1, 1, 7, 0, 0, TimeSpan.Zero);
        var runs = Enumerable.Range(0, 25).Select(i => new SourcedRunInput("strava", $"{i}", MorningRun(start.AddDays(i)))).ToList();
        (await worker.PostAsJsonAsync($"/api/runners/{runnerId}/runs/batch", new RunBatch(runs))).EnsureSuccessStatusCode();
        using var runner = await RunnerAsync(runnerId);

        var seen = new List<RunResponse>();
        string? next = null;
        do
        {
            var page = (await runner.GetFromJsonAsync<RunPage>($"/api/runs?limit=10{(next is null ? "" : $"&before={next}")}"))!;
            Assert.True(page.Items.Count <= 10);
            seen.AddRange(page.Items);
            next = page.Next;
        }
        while (next is not null);

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Select(r => r.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(r => r.StartTime).Select(r => r.Id), seen.Select(r => r.Id));
        Assert.Equal(HttpStatusCode.BadRequest, (await runner.GetAsync("/api/runs?limit=101")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await runner.GetAsync("/api/runs?before=not-a-cursor")).StatusCode);
    }

    [Fact]
    public async Task The_same_batch_twice_changes_nothing_the_second_time()
    {
        var runnerId = $"synced-{Guid.NewGuid():N}";
        using var worker = await StravaWorkerAsync();
        var runs = Enumerable.Range(0, 50).Select(i => new SourcedRunInput("strava", $"{1000 + i}", MorningRun(DateTimeOffset.UtcNow.AddDays(-i - 1)))).ToList();
        var url = $"/api/runners/{runnerId}/runs/batch";

        var first = await (await worker.PostAsJsonAsync(url, new RunBatch(runs))).Content.ReadFromJsonAsync<RunBatchResult>();
        var second = await (await worker.PostAsJsonAsync(url, new RunBatch(runs))).Content.ReadFromJsonAsync<RunBatchResult>();
        runs[0] = runs[0] with { Run = runs[0].Run with { Name = "Renamed on Strava" } };
        var third = await (await worker.PostAsJsonAsync(url, new RunBatch(runs))).Content.ReadFromJsonAsync<RunBatchResult>();

        Assert.Equal(new RunBatchResult(50, 0, 0), first);
        Assert.Equal(new RunBatchResult(0, 0, 50), second);
        Assert.Equal(new RunBatchResult(0, 1, 49), third);
    }

    [Fact]
    public async Task The_same_batch_sent_concurrently_stores_each_run_once()
    {
        var runnerId = $"racing-{Guid.NewGuid():N}";
        var runs = Enumerable.Range(0, 200).Select(i => new SourcedRunInput("strava", $"{5000 + i}", MorningRun(DateTimeOffset.UtcNow.AddHours(-i - 1)))).ToList();
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => StravaWorkerAsync()));

        var responses = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync($"/api/runners/{runnerId}/runs/batch", new RunBatch(runs))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var results = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<RunBatchResult>()));
        Assert.Equal(200, results.Sum(r => r!.Created));
        using var runner = await RunnerAsync(runnerId);
        var count = 0;
        string? next = null;
        do
        {
            var page = (await runner.GetFromJsonAsync<RunPage>($"/api/runs?limit=100{(next is null ? "" : $"&before={next}")}"))!;
            count += page.Items.Count;
            next = page.Next;
        }
        while (next is not null);

        Assert.Equal(200, count);
    }

    [Fact]
    public async Task Batches_are_checked_whole_before_anything_is_stored()
    {
        var runnerId = $"batchy-{Guid.NewGuid():N}";
        using var worker = await StravaWorkerAsync();
        var tooMany = Enumerable.Range(0, 1001).Select(i => new SourcedRunInput("strava", $"{i}", MorningRun())).ToList();
        var oneBad = new List<SourcedRunInput> { new("strava", "1", MorningRun()), new("strava", "2", MorningRun(distance: -1)), new("strava", "1", MorningRun()) };

        using var over = await worker.PostAsJsonAsync($"/api/runners/{runnerId}/runs/batch", new RunBatch(tooMany));
        using var bad = await worker.PostAsJsonAsync($"/api/runners/{runnerId}/runs/batch", new RunBatch(oneBad));

        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("runs[1].run.distanceMeters", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("runs[2].sourceId", out _), errors.ToString());
        using var runner = await RunnerAsync(runnerId);
        Assert.Empty((await runner.GetFromJsonAsync<RunPage>("/api/runs"))!.Items);
    }

    [Fact]
    public async Task A_runner_id_longer_than_any_identity_issues_is_refused_not_a_500()
    {
        using var worker = await StravaWorkerAsync();

        using var response = await worker.PostAsJsonAsync($"/api/runners/{new string('x', 65)}/runs/batch", new RunBatch([new SourcedRunInput("strava", "1", MorningRun())]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("runnerId", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_a_run_gets_a_400_saying_so()
    {
        using var client = await RunnerAsync($"garbled-{Guid.NewGuid():N}");

        using var response = await client.PostAsync("/api/runs", new StringContent("{\"name\": \"x\", \"distanceMeters\": \"far\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("$.distanceMeters", out _), errors.ToString());
    }

    [Fact]
    public async Task An_imported_run_is_changed_at_its_source_not_here()
    {
        var runnerId = $"importer-{Guid.NewGuid():N}";
        using var worker = await StravaWorkerAsync();
        (await worker.PostAsJsonAsync($"/api/runners/{runnerId}/runs/batch", new RunBatch([new SourcedRunInput("strava", "77", MorningRun())]))).EnsureSuccessStatusCode();
        using var runner = await RunnerAsync(runnerId);
        var run = (await runner.GetFromJsonAsync<RunPage>("/api/runs"))!.Items.Single();

        using var edit = await runner.PutAsJsonAsync($"/api/runs/{run.Id}", MorningRun() with { Name = "Mine now" });

        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal("Morning Run", (await runner.GetFromJsonAsync<RunResponse>($"/api/runs/{run.Id}"))!.Name);
    }

    [Fact]
    public async Task A_manual_run_can_be_corrected_and_deleted()
    {
        using var runner = await RunnerAsync($"fixer-{Guid.NewGuid():N}");
        var run = (await (await runner.PostAsJsonAsync("/api/runs", MorningRun())).Content.ReadFromJsonAsync<RunResponse>())!;

        using var edit = await runner.PutAsJsonAsync($"/api/runs/{run.Id}", MorningRun(distance: 12_000) with { Name = "Long run" });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var edited = (await runner.GetFromJsonAsync<RunResponse>($"/api/runs/{run.Id}"))!;
        Assert.Equal(("Long run", 12_000d), (edited.Name, edited.DistanceMeters));

        Assert.Equal(HttpStatusCode.NoContent, (await runner.DeleteAsync($"/api/runs/{run.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await runner.GetAsync($"/api/runs/{run.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_run_deleted_while_it_was_being_corrected_answers_404_not_500()
    {
        using var runner = await RunnerAsync($"two-tabs-{Guid.NewGuid():N}");
        var run = (await (await runner.PostAsJsonAsync("/api/runs", MorningRun())).Content.ReadFromJsonAsync<RunResponse>())!;

        // The other tab's delete holds the row, not yet committed, when this tab's correction is saved.
        using var corrected = await factory.Database.SecondOfTwoWritersAsync("""DELETE FROM runs WHERE "Id" = @id""", new Dictionary<string, object> { ["id"] = run.Id },
            () => runner.PutAsJsonAsync($"/api/runs/{run.Id}", MorningRun(distance: 12_000)));

        Assert.Equal(HttpStatusCode.NotFound, corrected.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await runner.GetAsync($"/api/runs/{run.Id}")).StatusCode);
    }
}
