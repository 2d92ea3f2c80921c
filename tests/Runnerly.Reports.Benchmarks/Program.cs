using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Reports;
using Runnerly.Reports.Infrastructure;
using Runnerly.Reports.Model;
using Runnerly.Reports.Tests;

// Every runner's November report composed (chart included) and delivered to a local SMTP server
// (smtp4dev), with the real identity, data and training services beside the reports service, all in this
// process on the 2-core machine; PostgreSQL and smtp4dev run beside it.
// Run: dotnet run -c Release --project tests/Runnerly.Reports.Benchmarks [-- runners runsPerRunner workers [app|tests|sink]]
// ("app", the default, delivers to smtp4dev started as the AppHost starts it; "tests" to the reports tests' smtp4dev,
//  which evaluates its refusal rules on every SMTP command; "sink" to a minimal SMTP server that keeps nothing, to
//  tell the service's own cost from smtp4dev's;
//  "stages N" times composing alone, on one thread, without the services.)
internal static class ReportsBenchmark
{
    public static async Task Main(string[] args)
    {
        if (args is ["stages", ..])
        {
            StageBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 500);
            return;
        }

        var runners = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        var runsPerRunner = args.Length > 1 ? int.Parse(args[1]) : 12;
        var workers = args.Length > 2 ? int.Parse(args[2]) : 4;
        var server = args.Length > 3 ? args[3] : "app";
        await using var sink = new SmtpSink();
        using var appMail = server == "app" ? await AppMailServer.StartAsync() : null;

        // Test projects learn the services' content roots at build time; a console app says where they are.
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "Runnerly.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("Run from within the repository.");
        }

        foreach (var service in new[] { "Data", "Identity", "Reports", "Training" })
        {
            Environment.SetEnvironmentVariable($"ASPNETCORE_TEST_CONTENTROOT_RUNNERLY_{service.ToUpperInvariant()}", Path.Combine(repository.FullName, "services", $"Runnerly.{service}"));
        }

        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        await using var rig = await ReportsRig.StartAsync(reports =>
        {
            reports.Settings["Reports:Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
            reports.MailConnectionString = server switch
            {
                "app" => appMail!.ConnectionString,
                "sink" => sink.ConnectionString,
                _ => reports.MailConnectionString, // the tests' smtp4dev, with their refusal rules
            };
        });

        var setup = Stopwatch.StartNew();
        var ids = await CreateAccountsAsync(rig, runners);
        await ImportRunsAsync(rig, ids, runsPerRunner);
        // On the 1st of a month the rows have been there for weeks and autovacuum has long analysed them; here they are minutes old.
        await AnalyzeAsync(rig.Identity.DatabaseConnectionString, rig.Data.DatabaseConnectionString);
        Console.WriteLine($"Set up {runners:N0} accounts and {runners * runsPerRunner:N0} runs in {setup.Elapsed.TotalSeconds:0.0} s; {workers} workers; "
            + $"delivering to {server switch { "app" => "smtp4dev as the app runs it", "sink" => "a null SMTP sink", _ => "the tests' smtp4dev" }}; load average before: {File.ReadAllText("/proc/loadavg").Trim()}");

        // Per-report stage times, from the service's own histograms.
        var stages = new Dictionary<string, (double Sum, long Count)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ReportsTelemetry.Name && instrument.Name is "runnerly.reports.stage.duration" or "runnerly.reports.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var stage = instrument.Name == "runnerly.reports.duration" ? "whole report" : tags.ToArray().First(t => t.Key == "stage").Value as string ?? "?";
            lock (stages)
            {
                var (sum, count) = stages.GetValueOrDefault(stage);
                stages[stage] = (sum + value, count + 1);
            }
        });
        listener.Start();

        GC.Collect();
        var process = Process.GetCurrentProcess();
        var baseline = process.WorkingSet64;
        long peakWorkingSet = baseline, peakHeap = GC.GetTotalMemory(false);
        var samples = new List<(double Seconds, int Done, long WorkingSet, long Heap)>();
        var clock = Stopwatch.StartNew();
        var sweep = await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        var queued = clock.Elapsed;
        var done = 0;
        while (done < runners)
        {
            await Task.Delay(250);
            done = await CountEndedAsync(rig);
            process.Refresh();
            peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            if (samples.Count == 0 || clock.Elapsed.TotalSeconds - samples[^1].Seconds >= 15)
            {
                samples.Add((clock.Elapsed.TotalSeconds, done, process.WorkingSet64, GC.GetTotalMemory(false)));
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(15))
            {
                Console.WriteLine($"Stopped after 15 minutes with {done:N0} of {runners:N0} done.");
                break;
            }
        }

        var total = clock.Elapsed;
        var sent = await CountAsync(rig, ReportStatus.Sent);
        Console.WriteLine();
        Console.WriteLine($"Sweep queued {sweep.Queued:N0} reports in {queued.TotalSeconds:0.0} s; all {done:N0} handled in {total.TotalSeconds:0.0} s " +
            $"({done / total.TotalSeconds:0.0} reports/s); sent {sent:N0}, failed {await CountAsync(rig, ReportStatus.Failed):N0}, skipped {await CountAsync(rig, ReportStatus.Skipped):N0}");
        Console.WriteLine($"Load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"Process working set: {baseline / 1048576.0:0} MB before, peak {peakWorkingSet / 1048576.0:0} MB; managed heap peak {peakHeap / 1048576.0:0} MB");
        Console.WriteLine();
        Console.WriteLine("| time (s) | reports done | working set (MB) | managed heap (MB) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var s in samples)
        {
            Console.WriteLine($"| {s.Seconds:0} | {s.Done:N0} | {s.WorkingSet / 1048576.0:0} | {s.Heap / 1048576.0:0} |");
        }

        Console.WriteLine();
        Console.WriteLine("| stage (per report, mean) | ms |");
        Console.WriteLine("|---|---|");
        foreach (var (stage, (sum, count)) in stages.OrderBy(s => s.Key == "whole report" ? 1 : 0).ThenBy(s => s.Key))
        {
            Console.WriteLine($"| {stage} ({count:N0}) | {sum / count * 1000:0.0} |");
        }
    }

    private static async Task<List<string>> CreateAccountsAsync(ReportsRig rig, int count)
    {
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            await using var scope = rig.Identity.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var email = $"bench-{i:D6}@runners.test";
            var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
            var result = await users.CreateAsync(user);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            }

            ids[i] = user.Id;
        });
        return [.. ids];
    }

    private static async Task ImportRunsAsync(ReportsRig rig, List<string> ids, int runsPerRunner)
    {
        var token = rig.Tokens.Service("strava-worker", "data", "runs.write");
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (runner, _) =>
        {
            using var client = rig.Data.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var random = new Random(runner.i);
            var runs = Enumerable.Range(0, runsPerRunner).Select(r => (Meters: 4_000 + random.Next(18_000), SecondsPerKm: 270 + random.Next(120), Index: r)).Select(r => new
            {
                source = "strava",
                sourceId = $"{runner.i}-{r.Index}",
                run = new
                {
                    name = "Morning run",
                    sportType = "Run",
                    startTime = new DateTimeOffset(2026, 11, 1 + r.Index * 29 / Math.Max(1, runsPerRunner), 6, 30, 0, TimeSpan.Zero).AddMinutes(random.Next(600)),
                    timeZone = "UTC",
                    distanceMeters = r.Meters,
                    movingTimeSeconds = r.Meters * r.SecondsPerKm / 1_000,
                    elapsedTimeSeconds = r.Meters * r.SecondsPerKm / 1_000 + 60,
                    elevationGainMeters = random.Next(300),
                },
            }).ToList();
            using var response = await client.PostAsJsonAsync($"/api/runners/{runner.id}/runs/batch", new { runs });
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Importing runs: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        });
    }

    private static async Task AnalyzeAsync(params string[] connectionStrings)
    {
        foreach (var connectionString in connectionStrings)
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var analyze = new Npgsql.NpgsqlCommand("ANALYZE", connection);
            await analyze.ExecuteNonQueryAsync();
        }
    }

    private static async Task<int> CountEndedAsync(ReportsRig rig)
    {
        await using var scope = rig.Reports.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        return await db.Reports.CountAsync(r => r.Status == ReportStatus.Sent || r.Status == ReportStatus.Failed || r.Status == ReportStatus.Skipped);
    }

    private static async Task<int> CountAsync(ReportsRig rig, ReportStatus status)
    {
        await using var scope = rig.Reports.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        return await db.Reports.CountAsync(r => r.Status == status);
    }
}
