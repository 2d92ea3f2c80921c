internal static class Report
{
    /// <summary>
    /// Medians with the spread over the rounds, each setup against YARP alone, and against the first setup round by round
    /// (the median of each round's ratio, which a machine slowing down between rounds moves least); against YARP alone by
    /// round too, with the interval that holds the median ratio with at least 90% confidence, so a goal is shown met, or
    /// missed, only when the whole interval says so.
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
        Console.WriteLine("| setup | requests/s, median (min–max) | p50 | p99, median (min–max) | CPU µs/request, median (min–max) | Redis calls/request | × YARP r/s | × YARP p99 | × YARP CPU | × YARP by round, median [90% interval]: r/s; p99; CPU | × first by round: r/s, p99, CPU | load at start |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
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
            var versusByRound = floor is null ? "" : $"{WithInterval(runs, floor, r => r.Result.RequestsPerSecond)}; " +
                $"{WithInterval(runs, floor, r => r.Result.P99Ms)}; {WithInterval(runs, floor, r => r.CpuMicrosecondsPerRequest)}";
            var loads = string.Join(", ", runs.Select(r => $"{r.Load:0.00}{(r.Quiet ? "" : "!")}"));
            Console.WriteLine($"| {setup.Name} | {Median(rps):N0} ({rps.Min():N0}–{rps.Max():N0}) | {Median(runs.Select(r => r.Result.P50Ms)):0.00} ms " +
                $"| {Median(p99):0.00} ms ({p99.Min():0.00}–{p99.Max():0.00}) | {Median(cpu):0.0} ({cpu.Min():0.0}–{cpu.Max():0.0}) " +
                $"| {(setup.CountsRedisCalls ? $"{Median(runs.Select(r => r.RedisCallsPerRequest ?? 0)):0.000}" : "–")} " +
                $"| {versus} | {versusP99} | {versusCpu} | {versusByRound} | {byRound} | {loads} |");
        }

        if (floor is not null)
        {
            Console.WriteLine($"90% interval: from the k-th smallest to the k-th largest of the {floor.Count} rounds' ratios " +
                $"(k = {MedianIntervalRank(floor.Count)}; a sign test: no assumption about how the rounds vary).");
        }
    }

    /// <summary>The median of the rounds' ratios, with the interval around it that holds the true median with at least 90% confidence.</summary>
    private static string WithInterval(List<Measurement> runs, List<Measurement> baseline, Func<Measurement, double> value)
    {
        var ratios = RoundRatios(runs, baseline, value);
        var k = MedianIntervalRank(ratios.Count);
        return k == 0 ? $"{Median(ratios):0.00}" : $"{Median(ratios):0.00} [{ratios[k - 1]:0.00}–{ratios[^k]:0.00}]";
    }

    /// <summary>
    /// The largest k for which the k-th smallest and k-th largest of n independent values enclose their median with at
    /// least 90% probability: each value falls below the median with probability ½, so the interval misses it with
    /// probability 2·P(Binomial(n, ½) &lt; k). 0 when even the whole range is not enough (fewer than 5 rounds).
    /// </summary>
    private static int MedianIntervalRank(int n)
    {
        var rank = 0;
        var below = 0.0;
        var ways = 1.0; // n choose (k - 1)
        for (var k = 1; k <= (n + 1) / 2; k++)
        {
            below += ways / Math.Pow(2, n);
            if (1 - 2 * below < 0.9)
            {
                break;
            }

            rank = k;
            ways = ways * (n - k + 1) / k;
        }

        return rank;
    }

    private static double Paired(List<Measurement> runs, List<Measurement> first, Func<Measurement, double> value) =>
        Median(RoundRatios(runs, first, value));

    /// <summary>Each round's value against the baseline's in the same round, smallest first.</summary>
    private static List<double> RoundRatios(List<Measurement> runs, List<Measurement> baseline, Func<Measurement, double> value) =>
        runs.Zip(baseline, (run, other) => value(run) / value(other)).Order().ToList();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
