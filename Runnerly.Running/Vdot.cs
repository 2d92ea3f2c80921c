namespace Runnerly.Running;

/// <summary>
/// Daniels–Gilbert VDOT (<i>Oxygen Power</i>, 1979): the oxygen cost of running at a speed,
/// divided by the fraction of VO2max a runner can sustain for the race's duration.
/// </summary>
/// <remarks>
/// The formula is meant for race efforts of roughly 3.5 minutes to 4 hours (1500 m to the marathon);
/// outside that it extrapolates. Speeds outside <see cref="MinSpeedMetersPerMinute"/>–<see cref="MaxSpeedMetersPerMinute"/>
/// are rejected. Results differ from Daniels' printed tables by a few seconds (up to about 0.2 % of time).
/// </remarks>
public static class Vdot
{
    /// <summary>The slowest speed the formula accepts (3 km/h).</summary>
    public const double MinSpeedMetersPerMinute = 50;

    /// <summary>The fastest speed the formula accepts (60 km/h).</summary>
    public const double MaxSpeedMetersPerMinute = 1000;

    /// <summary>The lowest VDOT the rest of the library (paces, plans) accepts.</summary>
    public const double MinSupported = 15;

    /// <summary>The highest VDOT the rest of the library (paces, plans) accepts.</summary>
    public const double MaxSupported = 90;

    private const double A = 0.000104;
    private const double B = 0.182258;
    private const double C = -4.60;

    /// <summary>VDOT of a performance. Throws when an input is not finite and positive, or the speed is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input is invalid or the speed is outside the formula's range.</exception>
    public static double FromPerformance(double meters, TimeSpan time)
    {
        Guard.PositiveFinite(meters);
        Guard.Positive(time);
        var speed = meters / time.TotalMinutes;
        if (speed is < MinSpeedMetersPerMinute or > MaxSpeedMetersPerMinute)
        {
            throw new ArgumentOutOfRangeException(
                nameof(time),
                time,
                $"Speed {speed:F0} m/min is outside {MinSpeedMetersPerMinute}–{MaxSpeedMetersPerMinute} m/min.");
        }

        return Compute(meters, time.TotalMinutes);
    }

    /// <summary>Like <see cref="FromPerformance"/>, but returns false instead of throwing for any invalid input.</summary>
    public static bool TryFromPerformance(double meters, TimeSpan time, out double vdot)
    {
        vdot = 0;
        if (!double.IsFinite(meters) || meters <= 0 || time <= TimeSpan.Zero)
        {
            return false;
        }

        var speed = meters / time.TotalMinutes;
        if (speed is < MinSpeedMetersPerMinute or > MaxSpeedMetersPerMinute)
        {
            return false;
        }

        vdot = Compute(meters, time.TotalMinutes);
        return true;
    }

    /// <summary>
    /// The time the formula predicts for <paramref name="meters"/> at <paramref name="vdot"/>, solved by bisection.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An input is not finite and positive, or no speed in the formula's range gives this VDOT over this distance.
    /// </exception>
    public static TimeSpan TimeFor(double vdot, double meters)
    {
        Guard.PositiveFinite(vdot);
        Guard.PositiveFinite(meters);

        // VDOT falls monotonically as the time grows, so the slowest and fastest allowed speeds bracket the answer.
        var fast = meters / MaxSpeedMetersPerMinute;
        var slow = meters / MinSpeedMetersPerMinute;
        if (Compute(meters, fast) < vdot || Compute(meters, slow) > vdot)
        {
            throw new ArgumentOutOfRangeException(
                nameof(vdot),
                vdot,
                $"No speed within {MinSpeedMetersPerMinute}–{MaxSpeedMetersPerMinute} m/min gives this VDOT over {meters} m.");
        }

        for (var i = 0; i < 200 && slow - fast > 1e-9; i++)
        {
            var middle = (fast + slow) / 2;
            if (Compute(meters, middle) > vdot)
            {
                fast = middle;
            }
            else
            {
                slow = middle;
            }
        }

        return TimeSpan.FromMinutes((fast + slow) / 2);
    }

    /// <summary>Oxygen cost (ml/kg/min) of running at <paramref name="metersPerMinute"/>.</summary>
    public static double OxygenCost(double metersPerMinute) =>
        C + (B * metersPerMinute) + (A * metersPerMinute * metersPerMinute);

    /// <summary>The speed (m/min) whose oxygen cost is <paramref name="vo2"/>: the inverse of <see cref="OxygenCost"/>.</summary>
    public static double SpeedAt(double vo2)
    {
        Guard.PositiveFinite(vo2);
        return (-B + Math.Sqrt((B * B) + (4 * A * (vo2 - C)))) / (2 * A);
    }

    /// <summary>The fraction of VO2max sustainable for a race lasting <paramref name="minutes"/>.</summary>
    public static double FractionSustainable(double minutes) =>
        0.8 + (0.1894393 * Math.Exp(-0.012778 * minutes)) + (0.2989558 * Math.Exp(-0.1932605 * minutes));

    private static double Compute(double meters, double minutes) =>
        OxygenCost(meters / minutes) / FractionSustainable(minutes);
}
