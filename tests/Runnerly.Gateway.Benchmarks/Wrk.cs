using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

internal sealed record WrkResult(long Requests, double RequestsPerSecond, double SuccessesPerSecond, double P50Ms, double P99Ms, long Rejected);

/// <summary>wrk on <c>/api/runs</c> from one client address; it runs where this process runs (the load core when pinned).</summary>
internal static partial class Wrk
{
    /// <summary>One measurement, once <see cref="WarmUp"/> has brought the server to its speed.</summary>
    public static WrkResult Run(Uri target, int seconds, int connections, int threads)
    {
        var output = Execute(target, seconds, connections, threads);
        var (requests, elapsed) = Total(output);
        var failed = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value) : 0;
        return new WrkResult(requests, requests / elapsed, (requests - failed) / elapsed, Percentile(output, "50"), Percentile(output, "99"), failed);
    }

    /// <summary>
    /// Load until the server has reached its speed: on one loaded core, tiered compilation takes 30–60 s to
    /// recompile the hot path (a gateway measured after 10 s ran at a third of its later rate). At least 30 s,
    /// then 5 s rounds until two in a row no longer beat the best by 5%; at most two minutes.
    /// </summary>
    public static void WarmUp(Uri target, int connections, int threads)
    {
        var (best, flat) = (0.0, 0);
        for (var second = 0; second < 120 && !(second >= 30 && flat >= 2); second += 5)
        {
            var (requests, elapsed) = Total(Execute(target, 5, connections, threads));
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

    private static string Execute(Uri target, int seconds, int connections, int threads)
    {
        var wrk = Process.Start(new ProcessStartInfo("wrk",
            [$"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--latency", new Uri(target, "/api/runs").ToString()])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("wrk did not start: apt-get install -y wrk");
        var output = wrk.StandardOutput.ReadToEnd();
        wrk.WaitForExit();
        return output;
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
