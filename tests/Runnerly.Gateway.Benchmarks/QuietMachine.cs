using System.Globalization;

/// <summary>
/// Other people build on this machine: a measurement starts only once the one-minute load
/// average is below a threshold, or after waiting as long as allowed (the result then says so).
/// </summary>
internal sealed class QuietMachine(double threshold, TimeSpan longestWait)
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    public static double Load() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>The load the measurement starts under, once quiet (or the wait is over).</summary>
    public double WaitForQuiet()
    {
        var giveUpAt = DateTime.UtcNow + longestWait;
        var load = Load();
        while (load >= threshold && DateTime.UtcNow < giveUpAt)
        {
            Console.Error.WriteLine($"  load {load:0.00} ≥ {threshold:0.00}: waiting");
            Thread.Sleep(Poll);
            load = Load();
        }

        return load;
    }

    public bool IsQuiet(double load) => load < threshold;
}
