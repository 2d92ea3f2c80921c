internal static class Report
{
    /// <summary>
    /// Medians with the spread over the rounds, each setup against YARP alone, and against the first setup round by round
    /// (the median of each round's ratio, which a machine slowing down between rounds moves least).
    /// </summary>
    public static void Print(IReadOnlyList<Setup> setups, Dictionary<string, List<Measurement>> results)
    {
        if (setups.Count == 0)
        {
            return;
        }

        var floor = results.GetValueOrDefault(Setups.Floor);
        var first = results[setups[0].Key];
        Console.WriteLine();
        Console.WriteLine("| setup | requests/s, median (min–max) | p50 | p99, median (min–max) | CPU µs/request, median (min–max) | Redis calls/request | × YARP r/s | × YARP p99 | × YARP CPU | × first by round: r/s, p99, CPU | load at start |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var setup in setups)
        {
            var runs = results[setup.Key];
            var rps = runs.Select(r => r.Result.RequestsPerSecond).ToList();
            var p99 = runs.Select(r => r.Result.P99Ms).ToList();
            var versus = floor is null ? "" : $"{Median(rps) / Median(floor.Select(r => r.Result.RequestsPerSecond)):0.00}";
            var versusP99 = floor is null ? "" : $"{Median(p99) / Median(floor.Select(r => r.Result.P99Ms)):0.00}";
            var cpu = runs.Select(r => r.CpuMicrosecondsPerRequest).ToList();
            var versusCpu = floor is null ? "" : $"{Median(cpu) / Median(floor.Select(r => r.CpuMicrosecondsPerRequest)):0.00}";
            var byRound = $"{Paired(runs, first, r => r.Result.RequestsPerSecond):0.00}, {Paired(runs, first, r => r.Result.P99Ms):0.00}, " +
                $"{Paired(runs, first, r => r.CpuMicrosecondsPerRequest):0.00}";
            var loads = string.Join(", ", runs.Select(r => $"{r.Load:0.00}{(r.Quiet ? "" : "!")}"));
            Console.WriteLine($"| {setup.Name} | {Median(rps):N0} ({rps.Min():N0}–{rps.Max():N0}) | {Median(runs.Select(r => r.Result.P50Ms)):0.00} ms " +
                $"| {Median(p99):0.00} ms ({p99.Min():0.00}–{p99.Max():0.00}) | {Median(cpu):0.0} ({cpu.Min():0.0}–{cpu.Max():0.0}) " +
                $"| {(setup.CountsRedisCalls ? $"{Median(runs.Select(r => r.RedisCallsPerRequest ?? 0)):0.000}" : "–")} " +
                $"| {versus} | {versusP99} | {versusCpu} | {byRound} | {loads} |");
        }
    }

    private static double Paired(List<Measurement> runs, List<Measurement> first, Func<Measurement, double> value) =>
        Median(runs.Zip(first, (run, baseline) => value(run) / value(baseline)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
