using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

internal sealed record WrkResult(long Requests, double RequestsPerSecond, double SuccessesPerSecond, double P50Ms, double P99Ms, long Rejected);

/// <summary>
/// wrk on <c>/api/runs</c>; it runs where this process runs (the load core when pinned). With more than one client,
/// the requests take turns among that many client addresses, each sent as an ingress would (<c>X-Forwarded-For</c>, from
/// the loopback peer the servers trust): many runners, each with a limiter partition of their own, instead of one.
/// </summary>
internal sealed partial class Wrk(int threads, int connections, int clients, string workFolder)
{
    public int Clients => clients;

    /// <summary>One measurement, once <see cref="WarmUp"/> has brought the server to its speed.</summary>
    public WrkResult Run(Uri target, int seconds)
    {
        var output = Execute(target, seconds);
        var (requests, elapsed) = Total(output);
        var failed = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value) : 0;
        return new WrkResult(requests, requests / elapsed, (requests - failed) / elapsed, Percentile(output, "50"), Percentile(output, "99"), failed);
    }

    /// <summary>
    /// Load until the server has reached its speed: on one loaded core, tiered compilation takes 30–60 s to
    /// recompile the hot path (a gateway measured after 10 s ran at a third of its later rate). At least 30 s,
    /// then 5 s rounds until two in a row no longer beat the best by 5%; at most two minutes.
    /// </summary>
    public void WarmUp(Uri target)
    {
        var (best, flat) = (0.0, 0);
        for (var second = 0; second < 120 && !(second >= 30 && flat >= 2); second += 5)
        {
            var (requests, elapsed) = Total(Execute(target, 5));
            var rate = requests / elapsed;
            flat = rate > best * 1.05 ? 0 : flat + 1;
            best = Math.Max(best, rate);
        }
    }

    private static (long Requests, double Seconds) Total(string output)
    {
        var total = TotalLine().Match(output);
        return (long.Parse(total.Groups[1].Value), double.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private string Execute(Uri target, int seconds)
    {
        string[] script = clients > 1 ? ["-s", ClientsScript()] : [];
        var wrk = Process.Start(new ProcessStartInfo("wrk",
            [$"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--latency", .. script, new Uri(target, "/api/runs").ToString()])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("wrk did not start: apt-get install -y wrk");
        var output = wrk.StandardOutput.ReadToEnd();
        wrk.WaitForExit();
        return output;
    }

    /// <summary>The requests, formatted once (10.1.0.1, 10.1.0.2, …), then sent in turn.</summary>
    private string ClientsScript()
    {
        var path = Path.Combine(workFolder, $"clients-{clients}.lua");
        File.WriteAllText(path, $$"""
            local requests = {}
            local sent = 0
            init = function(args)
              for i = 1, {{clients}} do
                local address = "10.1." .. math.floor(i / 256) .. "." .. (i % 256)
                requests[i] = wrk.format("GET", "/api/runs", { ["X-Forwarded-For"] = address })
              end
            end
            request = function()
              sent = sent % {{clients}} + 1
              return requests[sent]
            end
            """);
        return path;
    }

    /// <summary>A latency line of wrk's distribution (<c>99%  7.12ms</c>), in milliseconds.</summary>
    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\b", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"(\d+) requests in ([\d.]+)s")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();
}
