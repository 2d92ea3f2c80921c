namespace Runnerly.Running;

/// <summary>
/// Daniels training paces for a VDOT.
/// </summary>
/// <remarks>
/// Convention (percentages of VDOT as oxygen cost, turned into speed with <see cref="Vdot.SpeedAt"/>;
/// not percentages of the speed at VDOT, as Runalyze does):
/// <list type="bullet">
/// <item>Easy: from the speed at 74 % (fast end) to the speed at 65 % (slow end) of VDOT.</item>
/// <item>Marathon: the formula's predicted marathon time ÷ 42.195.</item>
/// <item>Threshold: the speed at 88 % of VDOT.</item>
/// <item>Interval: the speed at 97.5 % of VDOT.</item>
/// <item>Repetition: the interval time per 400 m minus 6 s (about mile-race pace).</item>
/// </list>
/// These reproduce the published Daniels paces to within a couple of seconds per km.
/// </remarks>
public sealed record TrainingPaces
{
    private const double EasyFastFraction = 0.74;
    private const double EasySlowFraction = 0.65;
    private const double ThresholdFraction = 0.88;
    private const double IntervalFraction = 0.975;
    private const double RepetitionGainPer400Meters = 6;

    /// <summary>The VDOT the paces were computed for.</summary>
    public required double Vdot { get; init; }

    /// <summary>Easy and long runs.</summary>
    public required PaceRange Easy { get; init; }

    /// <summary>Marathon race pace.</summary>
    public required Pace Marathon { get; init; }

    /// <summary>Threshold ("comfortably hard") pace.</summary>
    public required Pace Threshold { get; init; }

    /// <summary>Interval (VO2max) pace.</summary>
    public required Pace Interval { get; init; }

    /// <summary>Repetition pace.</summary>
    public required Pace Repetition { get; init; }

    /// <summary>Paces for <paramref name="vdot"/>, which must be within <see cref="Running.Vdot.MinSupported"/>–<see cref="Running.Vdot.MaxSupported"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The VDOT is outside the supported range.</exception>
    public static TrainingPaces For(double vdot)
    {
        Guard.InRange(vdot, Running.Vdot.MinSupported, Running.Vdot.MaxSupported);
        var interval = AtFraction(vdot, IntervalFraction);
        return new TrainingPaces
        {
            Vdot = vdot,
            Easy = new PaceRange(AtFraction(vdot, EasyFastFraction), AtFraction(vdot, EasySlowFraction)),
            Marathon = Pace.FromPerformance(42195, Running.Vdot.TimeFor(vdot, 42195)),
            Threshold = AtFraction(vdot, ThresholdFraction),
            Interval = interval,
            Repetition = interval.AddSecondsPerKm(-RepetitionGainPer400Meters * 1000 / 400),
        };
    }

    private static Pace AtFraction(double vdot, double fraction) =>
        Pace.FromSpeed(Running.Vdot.SpeedAt(vdot * fraction) / 60);
}
