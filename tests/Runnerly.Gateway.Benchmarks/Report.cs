internal static class Report
{
    /// <summary>Medians with the spread over the rounds, and each setup against YARP alone.</summary>
    public static void Print(IReadOnlyList<Setup> setups, Dictionary<string, List<Measurement>> results)
    {
        var floor = results.GetValueOrDefault(Setups.Floor);
        Console.WriteLine();
        Console.WriteLine("| setup | requests/s, median (min–max) | p50 | p99, median (min–max) | CPU µs/request, median (min–max) | Redis calls/request | × YARP r/s | × YARP p99 | × YARP CPU | load at start |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var setup in setups)
        {
            var runs = results[setup.Key];
            var rps = runs.Select(r => r.Result.RequestsPerSecond).ToList();
            var p99 = runs.Select(r => r.Result.P99Ms).ToList();
            var versus = floor is null ? "" : $"{Median(rps) / Median(floor.Select(r => r.Result.RequestsPerSecond)):0.00}";
            var versusP99 = floor is null ? "" : $"{Median(p99) / Median(floor.Select(r => r.Result.P99Ms)):0.00}";
            var cpu = runs.Select(r => r.CpuMicrosecondsPerRequest).ToList();
            var versusCpu = floor is null ? "" : $"{Median(cpu) / Median(floor.Select(r => r.CpuMicrosecondsPerRequest)):0.00}";
            var loads = string.Join(", ", runs.Select(r => $"{r.Load:0.00}{(r.Quiet ? "" : "!")}"));
            Console.WriteLine($"| {setup.Name} | {Median(rps):N0} ({rps.Min():N0}–{rps.Max():N0}) | {Median(runs.Select(r => r.Result.P50Ms)):0.00} ms " +
                $"| {Median(p99):0.00} ms ({p99.Min():0.00}–{p99.Max():0.00}) | {Median(cpu):0.0} ({cpu.Min():0.0}–{cpu.Max():0.0}) " +
                $"| {(setup.CountsRedisCalls ? $"{Median(runs.Select(r => r.RedisCallsPerRequest ?? 0)):0.000}" : "–")} " +
                $"| {versus} | {versusP99} | {versusCpu} | {loads} |");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
