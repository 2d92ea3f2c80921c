using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

internal sealed record WrkResult(double RequestsPerSecond, double SuccessesPerSecond, double P50Ms, double P99Ms, long Rejected);

/// <summary>wrk on <c>/api/runs</c> from one client address; it runs where this process runs (the load core when pinned).</summary>
internal static partial class Wrk
{
    public static WrkResult Run(Uri target, int seconds, int connections, int threads)
    {
        Execute(target, 10, connections, threads); // warm-up: JIT and tiering (slow on one busy core), connection pools
        var output = Execute(target, seconds, connections, threads);
        var total = Total().Match(output);
        var requests = long.Parse(total.Groups[1].Value);
        var elapsed = double.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture);
        var failed = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value) : 0;
        return new WrkResult(requests / elapsed, (requests - failed) / elapsed, Percentile(output, "50"), Percentile(output, "99"), failed);
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
    private static partial Regex Total();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();
}
