using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Sync;
using Runnerly.Strava.Tests;
using Runnerly.Testing;

// The strava worker's scheduler against strava-sim's rate limits, on a simulated clock.
// Run: dotnet run -c Release --project tests/Runnerly.Strava.Benchmarks [-- runners hours]
// (A class of its own rather than top-level statements: the strava service already has a Program.)
internal static class Benchmark
{
    public static async Task Main(string[] args)
    {
        var runners = args.Length > 0 ? int.Parse(args[0]) : 500;
        var hours = args.Length > 1 ? int.Parse(args[1]) : 48;

        // Test projects learn the services' content roots at build time; a console app says where they are.
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "Runnerly.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("Run from within the repository.");
        }

        foreach (var (variable, project) in new[] { ("RUNNERLY_STRAVA", "Runnerly.Strava"), ("RUNNERLY_STRAVASIMULATOR", "Runnerly.StravaSimulator"), ("RUNNERLY_DATA", "Runnerly.Data") })
        {
            Environment.SetEnvironmentVariable($"ASPNETCORE_TEST_CONTENTROOT_{variable}", Path.Combine(repository.FullName, "services", project));
        }

        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");

        Console.WriteLine("## One five-year history");
        await using (var rig = await Rig.StartAsync(athletes: 20))
        {
            await rig.Service.LinkAsync("runner-1", 1001);
            var watch = Stopwatch.StartNew();
            while (!(await rig.LinksAsync()).Single().BackfillComplete)
            {
                rig.Strava.Clock.SetUtcNow(await rig.Engine.RunOnceAsync(CancellationToken.None));
            }

            var listCalls = rig.Service.Strava.Count(c => c.PathAndQuery.StartsWith("/api/v3/athlete/activities", StringComparison.Ordinal) && !c.PathAndQuery.Contains("after="));
            Console.WriteLine($"athlete 1001: {rig.Strava.ActivityCount(1001):N0} activities, {rig.Strava.ListedRunIds(1001).Count:N0} runs; " +
                $"{listCalls} list calls, {rig.Service.Strava.Count(c => c.PathAndQuery.StartsWith("/api/v3/", StringComparison.Ordinal))} API calls in all; " +
                $"{(await rig.Service.StatusAsync("runner-1")).GetProperty("imported").GetInt32():N0} runs imported in {watch.Elapsed.TotalSeconds:F1} s");
        }

        Console.WriteLine();
        Console.WriteLine($"## {runners} runners linking at once, Strava's default limits (100 reads per 15 minutes, 1,000 per day), {hours} simulated hours");
        await using (var rig = await Rig.StartAsync(athletes: runners))
        {
            var linking = Stopwatch.StartNew();
            for (var i = 0; i < runners; i++)
            {
                await rig.Service.LinkAsync($"runner-{i + 1:D4}", 1001 + i);
            }

            Console.WriteLine($"linked in {linking.Elapsed.TotalSeconds:F0} s");
            var start = new DateTimeOffset(rig.Strava.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero); // the next UTC midnight: whole days
            rig.Strava.Clock.SetUtcNow(start);
            var watch = Stopwatch.StartNew();
            var reads = new List<int>();
            var readsSoFar = 0;
            for (var day = start; day < start.AddHours(hours); day = day.AddDays(1))
            {
                var dayEnd = day.AddDays(1) < start.AddHours(hours) ? day.AddDays(1) : start.AddHours(hours);
                while (rig.Strava.Clock.GetUtcNow() < dayEnd)
                {
                    var next = await rig.Engine.RunOnceAsync(CancellationToken.None);
                    rig.Strava.Clock.SetUtcNow(next < dayEnd ? next : dayEnd);
                }

                var total = rig.Service.Strava.Count(c => c.PathAndQuery.StartsWith("/api/v3/", StringComparison.Ordinal));
                reads.Add(total - readsSoFar);
                readsSoFar = total;
            }

            var links = await rig.LinksAsync();
            var pages = links.Select(l => l.BackfillPages).Order().ToList();
            var allowed = (int)Math.Round(hours / 24.0 * 1_000);
            Console.WriteLine($"reads per day: {string.Join(", ", reads.Select(r => r.ToString("N0")))} — {readsSoFar:N0} of the {allowed:N0} the daily limit allows " +
                $"({100.0 * readsSoFar / allowed:F1}%); 429s: {rig.Service.Strava.Count(c => c.Status == 429)}");
            Console.WriteLine($"runs imported: {links.Sum(l => l.Imported):N0}; backfills complete: {links.Count(l => l.BackfillComplete)} of {links.Count}; " +
                $"pages per runner: min {pages[0]}, median {pages[pages.Count / 2]}, max {pages[^1]}; wall time {watch.Elapsed.TotalSeconds:F0} s");
        }
    }
}

/// <summary>strava-sim with <c>athletes</c> athletes, the data service, and the strava service whose engine the benchmark drives turn by turn.</summary>
internal sealed class Rig : IAsyncDisposable
{
    private Rig(StravaSimulator strava, DataService data, StravaServiceFactory service) => (Strava, Data, Service) = (strava, data, service);

    public StravaSimulator Strava { get; }

    public DataService Data { get; }

    public StravaServiceFactory Service { get; }

    public SyncEngine Engine => Service.Services.GetRequiredService<SyncEngine>();

    public static async Task<Rig> StartAsync(int athletes)
    {
        var strava = new StravaSimulator(new Dictionary<string, string?> { ["StravaSimulator:Athletes"] = athletes.ToString() });
        var data = new DataService(new TestTokenIssuer());
        await data.InitializeAsync();
        await data.CreateReadyClientAsync();
        var service = new StravaServiceFactory(strava, data, settings: new Dictionary<string, string?>
        {
            ["Strava:Sync:Enabled"] = "false", // the benchmark turns the engine itself, moving the clock to whenever it says
        });
        await service.InitializeAsync();
        await service.CreateReadyClientAsync();
        return new Rig(strava, data, service);
    }

    public async Task<List<Runnerly.Strava.Model.StravaLink>> LinksAsync()
    {
        using var scope = Service.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StravaDbContext>().Links.AsNoTracking().ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Data.DisposeAsync();
        await Strava.DisposeAsync();
    }
}
