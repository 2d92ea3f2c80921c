using Runnerly.Testing;

// The gateway, its parts one at a time, YARP alone, Kestrel alone and nginx (the book's WAF), each in
// front of the same upstream and loaded with wrk, with limits far above the load (every request
// is a limiter decision that passes); then the gateway and nginx at the book's limits.
// Pinned (the fair run): every server under test alone on core 0, wrk + upstream + Garnet on core 1.
// Shared: everything on both cores. Setups are interleaved, `rounds` times; the table gives medians and spreads.
// Warm: pinned, but every setup's server is started and warmed up once, then all are measured in turn each round (the
// first one rotating), so a small difference between two variants shows through a machine whose speed drifts.
// Together: as warm, but in each round every server is loaded at the same time (a wrk each), all sharing core 0: the
// machine's speed changes alike for all of them, so their CPU per request compares even when it changes by the second.
// Clients (the sixth argument, 1 by default): how many client addresses the requests take turns among, each with a
// limiter partition of its own; 1 is one very busy runner, 256 a crowd (the same total load).
// Needs: apt-get install -y nginx-light wrk
// Run:   dotnet build -c Release services/Runnerly.Gateway tests/Runnerly.Gateway.Benchmarks
//        taskset -c 1 dotnet tests/Runnerly.Gateway.Benchmarks/bin/Release/net10.0/Runnerly.Gateway.Benchmarks.dll pinned [seconds rounds setups max-wait-minutes clients]
//        dotnet tests/Runnerly.Gateway.Benchmarks/bin/Release/net10.0/Runnerly.Gateway.Benchmarks.dll shared [...]
//        taskset -c 1 dotnet tests/Runnerly.Gateway.Benchmarks/bin/Release/net10.0/Runnerly.Gateway.Benchmarks.dll warm 5 20 gateway-inline,gateway-inline@OTEL_SDK_DISABLED=true 0
if (args is ["serve", var hostSetup, var upstreamAddress, var folder])
{
    await EdgeHosts.ServeAsync(hostSetup, new Uri(upstreamAddress), folder);
    return;
}

var mode = args.FirstOrDefault();
var (pinned, warm, together) = mode switch
{
    "pinned" => (true, false, false),
    "warm" => (true, true, false),
    "together" => (true, true, true),
    "shared" => (false, false, false),
    _ => throw new ArgumentException("First argument: pinned, warm or together (under taskset -c 1), or shared."),
};
var seconds = args.Length > 1 ? int.Parse(args[1]) : 10;
var rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
var keys = args.Length > 3 ? args[3] : "all";
var quiet = new QuietMachine(0.7, TimeSpan.FromMinutes(args.Length > 4 ? double.Parse(args[4]) : 30));
var clients = args.Length > 5 ? int.Parse(args[5]) : 1;
if (pinned && File.ReadLines("/proc/self/status").First(l => l.StartsWith("Cpus_allowed_list")).Split(':')[1].Trim() != "1")
{
    throw new InvalidOperationException("Run the pinned benchmark under taskset -c 1: wrk, the upstream and Garnet use core 1, the server under test core 0.");
}

var gatewayFolder = Path.Combine(Repository.Root(), "services", "Runnerly.Gateway", "bin", "Release", "net10.0");
using var redis = new OwnRedisServer(countCommands: true);
using var redisCommands = new RedisCommands(redis.ConnectionString);
using var work = new TemporaryDirectory("runnerly-gateway-bench-");
using var upstream = BenchmarkUpstream.Start(work.Path, pinned);
var profile = CpuProfile.FromEnvironment();
var servers = new Servers(gatewayFolder, upstream.Address, redis.ConnectionString, work.Path, pinned ? "0" : null)
{
    ExtraSettings = profile is null ? [] : CpuProfile.ServerSettings,
};
var (threads, connections) = (pinned ? 1 : 2, 50);
var wrk = new Wrk(threads, connections, clients, work.Path);

var setups = Setup.Chosen(Setups.All, servers, keys)
    .Select(setup => together ? setup with { CountsRedisCalls = false } : setup) // Garnet's count would mix them
    .ToList();
var results = setups.ToDictionary(s => s.Key, _ => new List<Measurement>());
if (warm)
{
    var running = setups.Select(setup => setup.Start()).ToList();
    try
    {
        foreach (var server in running)
        {
            wrk.WarmUp(server.Address);
        }

        for (var round = 1; round <= rounds; round++)
        {
            var measured = new Measurement[setups.Count];
            if (together)
            {
                // A thread of its own for each wrk it waits on: on the one core this process has, blocked thread-pool
                // workers would starve Garnet (in this process) for the half second the pool takes to add a thread, and
                // every gateway's requests would wait for their refills that long.
                var load = QuietMachine.Load();
                measured = await Task.WhenAll(setups.Select((setup, index) =>
                    Task.Factory.StartNew(() => Measure(setup, running[index], round, load), TaskCreationOptions.LongRunning)));
            }
            else
            {
                for (var turn = 0; turn < setups.Count; turn++)
                {
                    var index = (round + turn) % setups.Count; // the first one rotates
                    measured[index] = Measure(setups[index], running[index], round, QuietMachine.Load());
                }
            }

            for (var index = 0; index < setups.Count; index++)
            {
                results[setups[index].Key].Add(measured[index]);
            }
        }
    }
    finally
    {
        running.ForEach(server => server.Dispose());
    }
}
else
{
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var setup in setups)
        {
            results[setup.Key].Add(StartAndMeasure(setup, round));
        }
    }
}

Console.WriteLine($"{(pinned ? "Pinned: server under test on core 0; wrk, upstream and Garnet on core 1" : "Shared: everything on both cores")}; " +
    $"wrk -t{threads} -c{connections} -d{seconds}s --latency after a warm-up to full speed (Wrk.WarmUp), {rounds} rounds interleaved" +
    $"{(warm ? ", every server started and warmed up once" : "")}; {(clients == 1 ? "one client address" : $"{clients} client addresses in turn (X-Forwarded-For)")}");
Report.Print(setups, results);

var atBookLimits = Setup.Chosen(Setups.AtBookLimits, servers, keys);
if (atBookLimits.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("At the book's limits (200 r/s, burst 100), one client address:");
    var oneClient = new Wrk(threads, connections, 1, work.Path);
    foreach (var setup in atBookLimits)
    {
        var m = StartAndMeasure(setup, 1, oneClient);
        Console.WriteLine($"| {setup.Name} | {m.Result.RequestsPerSecond:N0} r/s | {m.Result.SuccessesPerSecond:N1} 2xx/s | " +
            $"p99 {m.Result.P99Ms:0.00} ms | {m.Result.Rejected:N0} × 429 | load {m.Load:0.00} |");
    }
}

Measurement StartAndMeasure(Setup setup, int round, Wrk? load = null)
{
    var machineLoad = quiet.WaitForQuiet();
    using var server = setup.Start();
    (load ?? wrk).WarmUp(server.Address);
    return Measure(setup, server, round, machineLoad, load);
}

Measurement Measure(Setup setup, ServerProcess server, int round, double load, Wrk? requests = null)
{
    var (commandsBefore, cpuBefore) = (setup.CountsRedisCalls ? redisCommands.Total() : 0, ProcessCpu.Of(server.Id));
    var run = () => (requests ?? wrk).Run(server.Address, seconds);
    var (result, profileFile) = profile is null ? (run(), null) : profile.Record(setup.Key, round, server.Id, seconds, run);
    var cpuPerRequest = (ProcessCpu.Of(server.Id) - cpuBefore).TotalMicroseconds / Math.Max(1, result.Requests);
    double? redisPerRequest = setup.CountsRedisCalls ? (double)(redisCommands.Total() - commandsBefore) / Math.Max(1, result.Requests) : null;
    Console.Error.WriteLine($"  round {round} {setup.Key}: {result.RequestsPerSecond:N0} r/s, p99 {result.P99Ms:0.00} ms, " +
        $"CPU {cpuPerRequest:0.0} µs/request{(redisPerRequest is { } calls ? $", {calls:0.000} Redis calls/request" : "")} (load {load:0.00})");
    if (profileFile is not null)
    {
        var parts = CpuProfile.PerRequest(profileFile, cpuPerRequest).Take(4).Select(p => $"{p.Part} {p.MicrosecondsPerRequest:0.0}").ToList();
        Console.Error.WriteLine($"    µs/request: {(parts.Count == 0 ? "no samples" : string.Join(", ", parts))} ({profileFile})");
    }
    return new Measurement(result, cpuPerRequest, redisPerRequest, load, quiet.IsQuiet(load));
}

internal sealed record Measurement(WrkResult Result, double CpuMicrosecondsPerRequest, double? RedisCallsPerRequest, double Load, bool Quiet);

internal static class Repository
{
    public static string Root()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "Runnerly.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("Run from within the repository.");
        }

        return folder.FullName;
    }
}
