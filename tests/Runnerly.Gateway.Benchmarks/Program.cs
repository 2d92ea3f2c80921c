using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Runnerly.Testing;

// The gateway against nginx (Debian's package, configured as the book's WAF) in front of the
// same upstream, loaded with wrk: first with limits far above the load (the cost of each limiter
// decision, Redis round trip included), then at the book's limits (200 r/s, burst 100).
// Needs: apt-get install -y nginx-light wrk
// Run:   dotnet build -c Release services/Runnerly.Gateway && dotnet run -c Release --project tests/Runnerly.Gateway.Benchmarks [-- seconds connections]
var seconds = args.Length > 0 ? int.Parse(args[0]) : 20;
var connections = args.Length > 1 ? int.Parse(args[1]) : 50;

var repository = new DirectoryInfo(AppContext.BaseDirectory);
while (!File.Exists(Path.Combine(repository.FullName, "Runnerly.sln")))
{
    repository = repository.Parent ?? throw new InvalidOperationException("Run from within the repository.");
}

var gatewayFolder = Path.Combine(repository.FullName, "services", "Runnerly.Gateway", "bin", "Release", "net10.0");
if (!File.Exists(Path.Combine(gatewayFolder, "Runnerly.Gateway.dll")))
{
    throw new InvalidOperationException($"Build the gateway first: dotnet build -c Release services/Runnerly.Gateway (looked in {gatewayFolder}).");
}

using var redis = new OwnRedisServer();
await using var upstream = await BenchmarkUpstream.StartAsync();
using var work = new TemporaryDirectory("runnerly-gateway-bench-");

const string FarAbove = "far above the load";
const string Book = "book (200 r/s, burst 100)";
var results = new List<(string Setup, string Limits, WrkResult Result)>
{
    ("service, direct", "none", Wrk.Run(upstream.Address, seconds, connections)),
};

using (var gateway = Gateway.Start(gatewayFolder, upstream.Address, redis.ConnectionString, 1_000_000, 1_000_000, localBatch: 1))
{
    results.Add(("gateway (YARP), a Redis call per request", FarAbove, Wrk.Run(gateway.Address, seconds, connections)));
}

foreach (var (limits, rate, burst) in new[] { (FarAbove, 1_000_000, 1_000_000), (Book, 200, 100) })
{
    using (var gateway = Gateway.Start(gatewayFolder, upstream.Address, redis.ConnectionString, rate, burst, localBatch: 10))
    {
        results.Add(("gateway (YARP), tokens from Redis in batches of 10", limits, Wrk.Run(gateway.Address, seconds, connections)));
    }

    using (var nginx = Nginx.Start(work.Path, upstream.Address, rate, burst))
    {
        results.Add(("nginx limit_req", limits, Wrk.Run(nginx.Address, seconds, connections)));
    }
}

using (var gateway = Gateway.Start(gatewayFolder, upstream.Address, "127.0.0.1:1", 1_000_000, 1_000_000, localBatch: 1))
{
    results.Add(("gateway (YARP), Redis down: local limits", FarAbove, Wrk.Run(gateway.Address, seconds, connections)));
}

Console.WriteLine($"wrk -t2 -c{connections} -d{seconds}s --latency, after a 5 s warm-up; one client address");
Console.WriteLine();
Console.WriteLine("| setup | limits | requests/s | 2xx/s | p50 | p99 | 429s |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var (setup, limits, r) in results)
{
    Console.WriteLine($"| {setup} | {limits} | {r.RequestsPerSecond:N0} | {r.SuccessesPerSecond:N1} | {r.P50} | {r.P99} | {r.Rejected:N0} |");
}

internal sealed record WrkResult(double RequestsPerSecond, double SuccessesPerSecond, string P50, string P99, long Rejected);

internal static partial class Wrk
{
    public static WrkResult Run(Uri target, int seconds, int connections)
    {
        Execute(target, 5, connections); // warm-up: JIT, connection pools
        var output = Execute(target, seconds, connections);
        var total = long.Parse(Total().Match(output).Groups[1].Value);
        var failed = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value) : 0;
        var elapsed = double.Parse(Total().Match(output).Groups[2].Value, CultureInfo.InvariantCulture);
        return new WrkResult(total / elapsed, (total - failed) / elapsed,
            Percentile(output, "50"), Percentile(output, "99"), failed);
    }

    private static string Execute(Uri target, int seconds, int connections)
    {
        var wrk = Process.Start(new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", new Uri(target, "/api/runs").ToString()])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("wrk did not start: apt-get install -y wrk");
        var output = wrk.StandardOutput.ReadToEnd();
        wrk.WaitForExit();
        return output;
    }

    private static string Percentile(string output, string percent) =>
        Regex.Match(output, $@"^\s+{percent}%\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;

    [GeneratedRegex(@"(\d+) requests in ([\d.]+)s")]
    private static partial Regex Total();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();
}
