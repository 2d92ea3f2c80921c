namespace Runnerly.Running;

/// <summary>Load of a single run: Banister's TRIMP from heart rate, or an estimate of it from pace.</summary>
public static class TrainingLoad
{
    /// <summary>Resting heart rate to assume when the runner's is unknown (Runalyze's default).</summary>
    public const double DefaultRestHeartRate = 60;

    /// <summary>Maximum heart rate to assume when the runner's is unknown (Runalyze's default).</summary>
    public const double DefaultMaxHeartRate = 200;

    /// <summary>
    /// Banister's exponential TRIMP: minutes · x · a · e^(b·x), with x = (avg − rest) / (max − rest)
    /// clamped to [0, 1]. Weightings (a, b): male 0.64/1.92, female 0.86/1.67 (Banister's classic values),
    /// unknown 0.725215/1.795 (Runalyze's blend).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The duration is negative, a heart rate is negative or not finite, or max is not above rest.
    /// </exception>
    public static double Trimp(TimeSpan duration, double avgHr, double restHr, double maxHr, Sex sex)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Must not be negative.");
        }

        Guard.PositiveFinite(avgHr);
        Guard.NonNegativeFinite(restHr);
        Guard.PositiveFinite(maxHr);
        if (maxHr <= restHr)
        {
            throw new ArgumentOutOfRangeException(nameof(maxHr), maxHr, "Must be above the resting heart rate.");
        }

        var (a, b) = sex switch
        {
            Sex.Male => (0.64, 1.92),
            Sex.Female => (0.86, 1.67),
            _ => (0.725215, 1.795),
        };
        var x = Math.Clamp((avgHr - restHr) / (maxHr - restHr), 0, 1);
        return duration.TotalMinutes * x * a * Math.Exp(b * x);
    }

    /// <summary>
    /// A TRIMP estimated from pace, for runs without heart rate, on the same scale as <see cref="Trimp"/>.
    /// </summary>
    /// <remarks>
    /// The run's speed as a fraction p of the speed at VDOT is turned into a fraction of maximum heart
    /// rate with the regression of Daniels' table 2.2 used by Runalyze, HR/HRmax = 0.68725·ln(p) + 1.00466
    /// (capped at 1), and that heart rate goes into <see cref="Trimp"/>. Chosen over an rTSS-style
    /// minutes · IF² load because it needs no scale factor: an HR run and a pace-only run of the same effort
    /// land on the same number, and the curve rises with effort as steeply as TRIMP does. Average pace
    /// understates interval sessions, as average heart rate does.
    /// </remarks>
    public static double TrimpFromPace(
        TimeSpan duration,
        double meters,
        double vdot,
        Sex sex,
        double restHr = DefaultRestHeartRate,
        double maxHr = DefaultMaxHeartRate)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Must not be negative.");
        }

        Guard.NonNegativeFinite(meters);
        Guard.PositiveFinite(vdot);
        if (duration == TimeSpan.Zero || meters == 0)
        {
            return 0;
        }

        var fractionOfVdotSpeed = meters / duration.TotalMinutes / Vdot.SpeedAt(vdot);
        var hr = HeartRateFractionAt(fractionOfVdotSpeed) * maxHr;
        return Trimp(duration, Math.Max(hr, 1), restHr, maxHr, sex);
    }

    /// <summary>
    /// The fraction of maximum heart rate at a fraction of the speed at VDOT (0.7 → about 0.76, 0.88 → 0.92,
    /// 1 → 1), capped at 1 and never below 0.
    /// </summary>
    public static double HeartRateFractionAt(double fractionOfVdotSpeed)
    {
        Guard.PositiveFinite(fractionOfVdotSpeed);
        return Math.Clamp((0.68725 * Math.Log(fractionOfVdotSpeed)) + 1.00466, 0, 1);
    }
}
