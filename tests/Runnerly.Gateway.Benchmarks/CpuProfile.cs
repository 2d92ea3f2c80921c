using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>
/// With <c>GATEWAY_BENCH_PROFILE=FOLDER</c>, each measurement also samples the server's stacks with Linux perf (1 kHz,
/// <c>cpu-clock</c>, call graphs; <c>apt-get install -y linux-perf</c>) into <c>FOLDER/KEY-rROUND.data</c>, and prints where
/// a request's CPU went: JIT-compiled .NET code, the kernel, the runtime. The .NET servers then write perf maps (and keep
/// JIT code out of double-mapped memory) so that <c>perf report -i FILE</c> names every method.
/// </summary>
internal sealed partial class CpuProfile(string folder)
{
    public static CpuProfile? FromEnvironment() =>
        Environment.GetEnvironmentVariable("GATEWAY_BENCH_PROFILE") is { Length: > 0 } folder ? new CpuProfile(Directory.CreateDirectory(folder).FullName) : null;

    public static readonly string[] ServerSettings = ["DOTNET_PerfMapEnabled=1", "DOTNET_EnableWriteXorExecute=0"];

    /// <summary>Samples the server (and its child processes) while <paramref name="load"/> runs; returns the file.</summary>
    public (T Result, string File) Record<T>(string key, int round, int serverId, int seconds, Func<T> load)
    {
        var file = Path.Combine(folder, $"{Regex.Replace(key, "[^A-Za-z0-9_.=-]", "_")}-r{round}.data");
        using var perf = Perf(["record", "-q", "-F", "999", "-e", "cpu-clock", "-g", "-p", string.Join(',', ProcessCpu.Ids(serverId)), "-o", file, "--", "sleep", $"{seconds}"]);
        var result = load();
        perf.WaitForExit();
        return (result, file);
    }

    /// <summary>The server's CPU a request shared among the parts of the process (perf's shared objects, JIT code as one), largest first.</summary>
    public static IReadOnlyList<(string Part, double MicrosecondsPerRequest)> PerRequest(string file, double cpuMicrosecondsPerRequest)
    {
        using var report = Perf(["report", "-i", file, "--no-children", "--sort", "dso", "--stdio", "-g", "none"]);
        var output = report.StandardOutput.ReadToEnd();
        report.WaitForExit();
        return DsoLine().Matches(output)
            .Select(m => (Part: m.Groups[2].Value.StartsWith("[JIT]", StringComparison.Ordinal) ? "JIT code" : m.Groups[2].Value.Trim(),
                Share: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 100))
            .GroupBy(p => p.Part)
            .Select(g => (g.Key, g.Sum(p => p.Share) * cpuMicrosecondsPerRequest))
            .OrderByDescending(p => p.Item2)
            .ToList();
    }

    private static Process Perf(string[] arguments)
    {
        try
        {
            // perf's complaints (no permission, no samples) go to the console rather than into a pipe no one reads.
            return Process.Start(new ProcessStartInfo("perf", arguments) { RedirectStandardOutput = true })!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("perf did not start: apt-get install -y linux-perf", e);
        }
    }

    [GeneratedRegex(@"^\s+([\d.]+)%\s+(.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex DsoLine();
}
