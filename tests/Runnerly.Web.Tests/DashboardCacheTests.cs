using System.Net;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
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
/// The dashboard keeps what it read for a runner until a service's notice says something of theirs changed — the data
/// service's (runs, profile), training's (races, plans), Strava's (the link): the next load after a notice shows the
/// change; nothing read while a notice arrived is kept.
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
    private string? _nextRaceName = "Lyon 10K";
    private StravaStatus _strava = new(true, 1, 1, 1, true, null, false, null);
    private Action<string>? _duringRead;

    public DashboardCacheTests()
    {
        _cache = new RunnerCache(_clock);
        _cache.Listening();
        _context.Services.AddSingleton(_cache);
        _context.Services.AddSingleton<IHttpContextAccessor>(_http);
        _context.Services.AddSingleton<TimeProvider>(_clock);
        _context.Services.AddSingleton(new DataApi(Client(Data)));
        _context.Services.AddSingleton(new TrainingApi(Client(Training)));
        _context.Services.AddSingleton(new StravaApi(Client(Strava)));
        _context.Services.AddTransient<DashboardReads>(); // a new one per page load, as the app's scoped one is
    }

    /// <summary>A service's client as the app builds it: a change the runner makes through it drops their entry.</summary>
    private HttpClient Client(Func<HttpRequestMessage, HttpResponseMessage> answer) =>
        new(new RunnerWriteHandler(_cache, _http, _clock, new ConfigurationBuilder().Build()) { InnerHandler = new StubApi(answer) })
        {
            BaseAddress = new Uri("http://api.test/"),
        };

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
        _reads.Add(request.Method + " " + path);
        return path switch
        {
            "/api/fitness" => StubApi.Json(new FitnessReport(null, null, [], [], null, new LoadSummary(0, 0, 0, []), 1)),
            "/api/races/mine" when _nextRaceName is { } name => StubApi.Json(new[] { NextRace(name) }),
            _ when request.Method != HttpMethod.Get => StubApi.Json(new MyParticipation(null, _clock.GetUtcNow(), null, false)),
            _ => StubApi.Json(Array.Empty<object>()),
        };
    }

    private HttpResponseMessage Strava(HttpRequestMessage request)
    {
        _reads.Add(request.Method + " " + request.RequestUri!.AbsolutePath);
        return StubApi.Json(_strava);
    }

    private MyRace NextRace(string name) => new(
        new RaceSummary(Guid.Empty, name, Today.AddDays(40), "09:30", "Europe/Paris", 10_000, "10K", "road", "Lyon", "FR", 3, true, false), null, null, null);

    private static Run Run(string name) => new(Guid.NewGuid(), "strava", "1", name, "Run", DateTimeOffset.Parse("2026-11-27T08:00:00Z"),
        new DateTime(2026, 11, 27, 9, 0, 0), "Europe/Paris", 10_000, 3000, 3100, 45, 3.33, 5.1, 151, 178, 172, null);

    private int DataReads => _reads.Count(r => r.StartsWith("GET /api/profile", StringComparison.Ordinal) || r.StartsWith("GET /api/runs", StringComparison.Ordinal)
        || r.StartsWith("GET /api/stats", StringComparison.Ordinal));

    private int FitnessReads => _reads.Count(r => r == "GET /api/fitness");

    private int TrainingAndStravaReads => _reads.Count(r => r is "GET /api/plans/this-week" or "GET /api/races/mine" or "GET /api/strava/status");

    private string LatestRuns(IRenderedComponent<Dashboard> dashboard) => dashboard.Find("table.runs").TextContent;

    [Fact]
    public void A_second_load_reads_nothing_from_any_service_and_shows_the_same()
    {
        var first = _context.Render<Dashboard>();
        Assert.Equal(8, DataReads); // profile, latest runs, three totals, three comparisons
        Assert.Equal(1, FitnessReads);
        Assert.Equal(3, TrainingAndStravaReads); // this week's plan, the next race, the Strava link

        var second = _context.Render<Dashboard>();

        Assert.Equal(8, DataReads);
        Assert.Equal(1, FitnessReads);
        Assert.Equal(3, TrainingAndStravaReads);
        Assert.Equal(LatestRuns(first), LatestRuns(second));
        Assert.Equal(first.Find(".totals").TextContent, second.Find(".totals").TextContent);
        Assert.Equal(first.Find(".next-race").TextContent, second.Find(".next-race").TextContent);
        Assert.Equal(first.Find(".strava").TextContent, second.Find(".strava").TextContent);
    }

    [Fact]
    public void Training_s_notice_for_the_runner_makes_the_next_load_show_their_changed_race()
    {
        Assert.Contains("Lyon 10K", _context.Render<Dashboard>().Find(".next-race").TextContent);
        _nextRaceName = "Lyon 10K (moved to the riverside)";

        _cache.Notice(RedisChannel.Literal("runnerly:training:" + Runner));
        var after = _context.Render<Dashboard>();

        Assert.Contains("moved to the riverside", after.Find(".next-race").TextContent);
        Assert.Equal(6, TrainingAndStravaReads);
    }

    [Fact]
    public void Strava_s_notice_for_the_runner_makes_the_next_load_show_a_problem_with_the_link()
    {
        _context.Render<Dashboard>();
        _strava = _strava with { Problem = "Strava no longer accepts Runnerly's access to your activities." };

        _cache.Notice(RedisChannel.Literal("runnerly:strava:" + Runner));
        var after = _context.Render<Dashboard>();

        Assert.Contains("no longer accepts", after.Find(".strava").TextContent);
    }

    [Fact]
    public void A_link_still_importing_its_history_is_read_on_each_load()
    {
        _strava = new StravaStatus(true, 1, 120, 1300, false, null, false, null);
        _context.Render<Dashboard>();
        _strava = _strava with { Imported = 240 };

        var next = _context.Render<Dashboard>();

        Assert.Equal(2, _reads.Count(r => r == "GET /api/strava/status"));
        Assert.Contains("240", next.Find(".strava").TextContent);
        Assert.Equal(1, FitnessReads); // the rest is kept as usual
    }

    [Theory]
    [InlineData("runnerly:reports:" + Runner)] // not a topic the dashboard reads
    [InlineData("runnerly:runs:")]
    [InlineData("runnerly:runs")]
    [InlineData("elsewhere:runs:" + Runner)]
    public void A_notice_on_another_channel_keeps_the_runner_s_entry(string channel)
    {
        _context.Render<Dashboard>();

        _cache.Notice(RedisChannel.Literal(channel));
        _context.Render<Dashboard>();

        Assert.Equal(8, DataReads);
        Assert.Equal(3, TrainingAndStravaReads);
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
    public async Task Joining_a_race_through_the_web_shows_it_on_the_next_load_at_once()
    {
        _nextRaceName = null;
        Assert.Contains("No race planned", _context.Render<Dashboard>().Find(".next-race").TextContent);

        Assert.Null(await _context.Services.GetRequiredService<TrainingApi>().JoinAsync(Guid.NewGuid(), null, CancellationToken.None));
        _nextRaceName = "Paris half marathon";
        var after = _context.Render<Dashboard>();

        Assert.Contains("Paris half marathon", after.Find(".next-race").TextContent);
    }

    [Fact]
    public async Task A_change_through_one_replica_stamps_the_browser_and_another_replica_does_not_trust_what_it_kept_from_before()
    {
        var otherReplica = new RunnerCache(_clock);
        otherReplica.Listening();
        var keptThere = otherReplica.For(Runner)!; // the other replica served the runner a page before
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await _context.Services.GetRequiredService<TrainingApi>().JoinAsync(Guid.NewGuid(), null, CancellationToken.None));
        var stamp = Assert.Single(_http.HttpContext!.Response.Headers.SetCookie, c => c!.StartsWith(RunnerWriteHandler.ChangedCookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", stamp, StringComparison.OrdinalIgnoreCase);
        var next = new DefaultHttpContext();
        next.Request.Headers.Cookie = stamp!.Split(';')[0]; // the browser's next request, to the other replica, before the notice reaches it
        var lastChange = RunnerWriteHandler.LastChange(next.Request);

        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), lastChange?.ToUnixTimeMilliseconds());
        Assert.NotSame(keptThere, otherReplica.For(Runner, lastChange));
        _clock.Advance(RunnerCache.ClockSkew);
        var readAfter = otherReplica.For(Runner, lastChange);
        Assert.Same(readAfter, otherReplica.For(Runner, lastChange)); // read after the change: kept again
        otherReplica.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("-5")]
    [InlineData("99999999999999999999")]
    public void A_stamp_that_does_not_read_is_no_stamp(string value)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = $"{RunnerWriteHandler.ChangedCookie}={value}";

        Assert.Null(RunnerWriteHandler.LastChange(request));
    }

    [Fact]
    public void A_stamp_from_the_end_of_time_keeps_nothing_and_breaks_nothing()
    {
        _http.HttpContext!.Request.Headers.Cookie = $"{RunnerWriteHandler.ChangedCookie}={DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()}";

        _context.Render<Dashboard>();
        var second = _context.Render<Dashboard>();

        Assert.Equal(16, DataReads);
        Assert.Contains("Tempo by the river", LatestRuns(second));
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

    [Theory]
    [InlineData("runs")]
    [InlineData("training")]
    [InlineData("strava")]
    public async Task The_listener_drops_a_runner_s_entry_when_a_service_publishes_a_notice_on_redis(string topic)
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
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern($"runnerly:{topic}:*"), (channel, _) =>
        {
            if (channel.ToString().EndsWith(runner, StringComparison.Ordinal))
            {
                heard.TrySetResult();
            }
        });

        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal($"runnerly:{topic}:{runner}"), """{"change":"updated"}""");
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
