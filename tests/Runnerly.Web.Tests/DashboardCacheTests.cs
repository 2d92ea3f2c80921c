using System.Net;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Runnerly.Testing;
using Runnerly.Web.Clients;
using Runnerly.Web.Components.Pages;
using Runnerly.Web.Formatting;
using StackExchange.Redis;

namespace Runnerly.Web.Tests;

/// <summary>
/// The dashboard keeps a runner's numbers and fitness until the data service's notice says their runs (or profile)
/// changed: the next load after a notice shows the change; nothing read while a notice arrived is kept.
/// </summary>
public sealed class DashboardCacheTests : IDisposable
{
    private const string Runner = "runner-1";
    private readonly BunitContext _context = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-02T10:00:00Z"));
    private readonly RunnerCache _cache;
    private readonly HttpContextAccessor _http = new() { HttpContext = SignedIn(Runner) };
    private readonly List<string> _reads = [];
    private string _latestName = "Tempo by the river";
    private Action<string>? _duringRead;

    public DashboardCacheTests()
    {
        _cache = new RunnerCache(_clock);
        _cache.Listening();
        _context.Services.AddSingleton(_cache);
        _context.Services.AddSingleton<IHttpContextAccessor>(_http);
        _context.Services.AddSingleton<TimeProvider>(_clock);
        _context.Services.AddSingleton(new DataApi(StubApi.Client(Data), _cache, _http));
        _context.Services.AddSingleton(new TrainingApi(StubApi.Client(Training)));
        _context.Services.AddSingleton(new StravaApi(StubApi.Client(_ => StubApi.Json(new StravaStatus(true, 1, 1, 1, true, null, false, null)))));
        _context.Services.AddTransient<DashboardReads>(); // a new one per page load, as the app's scoped one is
    }

    private static DefaultHttpContext SignedIn(string runner) =>
        new() { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", runner)], "test")) };

    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);

    private HttpResponseMessage Data(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        _reads.Add(request.Method + " " + request.RequestUri.PathAndQuery);
        _duringRead?.Invoke(path);
        var week = new PeriodTotals(Comparisons.Monday(Today), 1, 10_000, 3000, 45, 300);
        return path switch
        {
            "/api/profile" => StubApi.Json(new Profile(null, null, null, null, null, null, "km", "Europe/Paris", 4, false)),
            "/api/runs" when request.Method == HttpMethod.Get => StubApi.Json(new RunPage([Run(_latestName)], null)),
            "/api/runs" => StubApi.Json(Run("Added by hand"), HttpStatusCode.Created),
            "/api/stats" => StubApi.Json(new Stats("week", "Europe/Paris", week.Start, Today, [week], week)),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
    }

    private HttpResponseMessage Training(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        _reads.Add("GET " + path);
        return path switch
        {
            "/api/fitness" => StubApi.Json(new FitnessReport(null, null, [], [], null, new LoadSummary(0, 0, 0, []), 1)),
            _ => StubApi.Json(Array.Empty<object>()),
        };
    }

    private static Run Run(string name) => new(Guid.NewGuid(), "strava", "1", name, "Run", DateTimeOffset.Parse("2026-11-27T08:00:00Z"),
        new DateTime(2026, 11, 27, 9, 0, 0), "Europe/Paris", 10_000, 3000, 3100, 45, 3.33, 5.1, 151, 178, 172, null);

    private int DataReads => _reads.Count(r => r.StartsWith("GET /api/profile", StringComparison.Ordinal) || r.StartsWith("GET /api/runs", StringComparison.Ordinal)
        || r.StartsWith("GET /api/stats", StringComparison.Ordinal));

    private int FitnessReads => _reads.Count(r => r == "GET /api/fitness");

    private string LatestRuns(IRenderedComponent<Dashboard> dashboard) => dashboard.Find("table.runs").TextContent;

    [Fact]
    public void A_second_load_reads_nothing_from_the_data_service_nor_the_fitness_and_shows_the_same()
    {
        var first = _context.Render<Dashboard>();
        Assert.Equal(8, DataReads); // profile, latest runs, three totals, three comparisons
        Assert.Equal(1, FitnessReads);

        var second = _context.Render<Dashboard>();

        Assert.Equal(8, DataReads);
        Assert.Equal(1, FitnessReads);
        Assert.Equal(LatestRuns(first), LatestRuns(second));
        Assert.Equal(first.Find(".totals").TextContent, second.Find(".totals").TextContent);
        // The next race and this week's plan are read on each load: they change without a notice.
        Assert.Equal(2, _reads.Count(r => r == "GET /api/plans/this-week"));
        Assert.Equal(2, _reads.Count(r => r == "GET /api/races/mine"));
    }

    [Fact]
    public void The_data_service_s_notice_for_the_runner_makes_the_next_load_show_the_change()
    {
        Assert.Contains("Tempo by the river", LatestRuns(_context.Render<Dashboard>()));
        _latestName = "Renamed on Strava";

        _cache.Notice(RedisChannel.Literal("runnerly:runs:" + Runner));
        var after = _context.Render<Dashboard>();

        Assert.Contains("Renamed on Strava", LatestRuns(after));
        Assert.Equal(16, DataReads);
        Assert.Equal(2, FitnessReads);
    }

    [Fact]
    public void Another_runner_s_notice_keeps_this_runner_s_entry()
    {
        _context.Render<Dashboard>();

        _cache.Notice(RedisChannel.Literal("runnerly:runs:runner-2"));
        _context.Render<Dashboard>();

        Assert.Equal(8, DataReads);
    }

    [Fact]
    public void What_was_read_while_a_notice_arrived_is_not_kept()
    {
        _duringRead = path =>
        {
            if (path == "/api/runs")
            {
                _duringRead = null;
                _cache.Changed(Runner); // the runs change while the page reads them
            }
        };
        _context.Render<Dashboard>();
        _latestName = "Changed during the read";

        var next = _context.Render<Dashboard>();

        Assert.Contains("Changed during the read", LatestRuns(next));
        Assert.Equal(2, FitnessReads);
    }

    [Fact]
    public async Task A_change_made_through_the_web_drops_the_entry_at_once()
    {
        _context.Render<Dashboard>();
        var data = _context.Services.GetRequiredService<DataApi>();

        var (saved, _) = await data.SaveRunAsync(null, new RunInput("Added by hand", "Run", _clock.GetUtcNow(), "Europe/Paris", 5_000, 1500, 1500, 0, null),
            CancellationToken.None);
        _latestName = "Added by hand";
        var after = _context.Render<Dashboard>();

        Assert.NotNull(saved);
        Assert.Contains("Added by hand", LatestRuns(after));
        Assert.Equal(16, DataReads);
    }

    [Fact]
    public void The_runner_s_midnight_reads_everything_again()
    {
        _clock.SetUtcNow(DateTimeOffset.Parse("2026-12-02T22:59:30Z")); // 23:59:30 in Paris
        _context.Render<Dashboard>();
        _context.Render<Dashboard>();
        Assert.Equal(8, DataReads);

        _clock.SetUtcNow(DateTimeOffset.Parse("2026-12-02T23:00:00Z")); // midnight in Paris, the entry 30 s old
        var tomorrow = _context.Render<Dashboard>();

        Assert.Equal(16, DataReads);
        Assert.Equal(2, FitnessReads);
        Assert.Equal(new DateOnly(2026, 12, 3), Today);
    }

    [Fact]
    public void An_entry_is_read_again_a_minute_after_it_was_read_even_without_a_notice()
    {
        _context.Render<Dashboard>();
        _clock.Advance(RunnerCache.MaxAge - TimeSpan.FromSeconds(1));
        _context.Render<Dashboard>();
        Assert.Equal(8, DataReads);

        _clock.Advance(TimeSpan.FromSeconds(1));
        _context.Render<Dashboard>();

        Assert.Equal(16, DataReads);
    }

    [Fact]
    public void Nothing_is_kept_while_the_notices_cannot_be_heard_and_nothing_from_before_once_they_can_again()
    {
        _context.Render<Dashboard>();
        _cache.Deaf();
        _context.Render<Dashboard>();
        _context.Render<Dashboard>();
        Assert.Equal(24, DataReads);

        _cache.Listening();
        _context.Render<Dashboard>();
        _context.Render<Dashboard>();

        Assert.Equal(32, DataReads);
    }

    [Fact]
    public async Task Loads_arriving_together_on_an_empty_entry_wait_for_one_read_instead_of_each_reading()
    {
        var entry = _cache.For(Runner)!;
        var reads = 0;
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string> Read()
        {
            Interlocked.Increment(ref reads);
            return answer.Task;
        }

        var loads = Enumerable.Range(0, 10).Select(_ => entry.ReadOnceAsync("numbers", _ => true, Read, _ => true, CancellationToken.None)).ToList();
        answer.SetResult("read once");

        Assert.Equal(Enumerable.Repeat("read once", 10), await Task.WhenAll(loads));
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task A_read_that_fails_or_is_not_worth_keeping_leaves_the_next_load_to_read_again()
    {
        var entry = _cache.For(Runner)!;
        var answers = new Queue<Func<Task<string>>>([
            () => throw new HttpRequestException("data is down"),
            () => Task.FromResult("incomplete"),
            () => Task.FromResult("complete"),
        ]);

        Task<string> Load() => entry.ReadOnceAsync("numbers", _ => true, () => answers.Dequeue()(), value => value == "complete", CancellationToken.None);

        await Assert.ThrowsAsync<HttpRequestException>(Load);
        Assert.Equal("incomplete", await Load());
        Assert.Equal("complete", await Load());
        Assert.Equal("complete", await Load()); // kept: nothing left to read
    }

    [Fact]
    public async Task The_listener_drops_a_runner_s_entry_when_the_data_service_publishes_a_notice_on_redis()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(TestRedisServer.ConnectionString);
        using var cache = new RunnerCache(TimeProvider.System);
        var services = new ServiceCollection().AddSingleton<IConnectionMultiplexer>(redis).BuildServiceProvider();
        using var listener = new RunChangeListener(services, cache, NullLogger<RunChangeListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        await listener.Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(cache.IsListening);

        var runner = "runner-" + Guid.NewGuid();
        cache.For(runner)!.Keep("numbers", "kept");
        cache.For("someone-else")!.Keep("numbers", "kept");
        // A handler on the same pattern runs after the cache's, in the order they were added.
        var heard = new TaskCompletionSource();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(RunnerCache.ChannelPrefix + "*"), (channel, _) =>
        {
            if (channel.ToString().EndsWith(runner, StringComparison.Ordinal))
            {
                heard.TrySetResult();
            }
        });

        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal("runnerly:runs:" + runner), """{"change":"updated","count":1}""");
        await heard.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(cache.For(runner)!.Get<string>("numbers"));
        Assert.Equal("kept", cache.For("someone-else")!.Get<string>("numbers"));
        await listener.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _context.Dispose();
        _cache.Dispose();
    }
}
