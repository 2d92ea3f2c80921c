namespace Runnerly.Running.Plans;

/// <summary>Per-distance numbers of the generator. Distances between the standard ones take the nearer longer profile.</summary>
internal sealed record RaceProfile
{
    public required string Name { get; init; }

    /// <summary>Fractions of peak volume for the last weeks, race week last (race excluded).</summary>
    public required double[] Taper { get; init; }

    /// <summary>Volume a runner starts from when they run less (or nothing) now.</summary>
    public required double FloorKm { get; init; }

    /// <summary>Peak weekly volume for a VDOT of 30 or less, and for 70 or more.</summary>
    public required double PeakMinKm { get; init; }

    public required double PeakMaxKm { get; init; }

    public required int PeakWeeks { get; init; }

    public required int BuildWeeks { get; init; }

    /// <summary>Below this many weeks the plan gets a <see cref="PlanWarningCode.ShortPlan"/> warning.</summary>
    public required int RecommendedWeeks { get; init; }

    /// <summary>The long run's share of the week (capped at 30 %).</summary>
    public required double LongShare { get; init; }

    /// <summary>Quality kinds for the first and second quality day of a week.</summary>
    public required SessionKind[] Build { get; init; }

    public required SessionKind[] Peak { get; init; }

    /// <summary>The one quality kind of taper and race weeks.</summary>
    public required SessionKind Sharpen { get; init; }

    public static RaceProfile For(double meters) => meters switch
    {
        <= 7500 => FiveK,
        <= 15000 => TenK,
        <= 30000 => Half,
        _ => Marathon,
    };

    /// <summary>The taper for a plan of <paramref name="weeks"/> weeks: the 10K drops to a one-week taper in short plans.</summary>
    public double[] TaperFor(int weeks) => ReferenceEquals(this, TenK) && weeks < 8 ? [Taper[^1]] : Taper;

    private static readonly RaceProfile FiveK = new()
    {
        Name = "5K",
        Taper = [0.5],
        FloorKm = 10,
        PeakMinKm = 25,
        PeakMaxKm = 60,
        PeakWeeks = 3,
        BuildWeeks = 5,
        RecommendedWeeks = 6,
        LongShare = 0.25,
        Build = [SessionKind.Interval, SessionKind.Repetition],
        Peak = [SessionKind.Interval, SessionKind.Threshold],
        Sharpen = SessionKind.Interval,
    };

    private static readonly RaceProfile TenK = new()
    {
        Name = "10K",
        Taper = [0.7, 0.5],
        FloorKm = 15,
        PeakMinKm = 30,
        PeakMaxKm = 70,
        PeakWeeks = 3,
        BuildWeeks = 6,
        RecommendedWeeks = 6,
        LongShare = 0.27,
        Build = [SessionKind.Interval, SessionKind.Threshold],
        Peak = [SessionKind.Threshold, SessionKind.Interval],
        Sharpen = SessionKind.Interval,
    };

    private static readonly RaceProfile Half = new()
    {
        Name = "half marathon",
        Taper = [0.7, 0.5],
        FloorKm = 20,
        PeakMinKm = 35,
        PeakMaxKm = 85,
        PeakWeeks = 3,
        BuildWeeks = 6,
        RecommendedWeeks = 8,
        LongShare = 0.3,
        Build = [SessionKind.Threshold, SessionKind.Interval],
        Peak = [SessionKind.Threshold, SessionKind.MarathonPace],
        Sharpen = SessionKind.Threshold,
    };

    private static readonly RaceProfile Marathon = new()
    {
        Name = "marathon",
        Taper = [0.75, 0.6, 0.45],
        FloorKm = 25,
        PeakMinKm = 45,
        PeakMaxKm = 110,
        PeakWeeks = 4,
        BuildWeeks = 7,
        RecommendedWeeks = 12,
        LongShare = 0.3,
        Build = [SessionKind.Threshold, SessionKind.Interval],
        Peak = [SessionKind.MarathonPace, SessionKind.Threshold],
        Sharpen = SessionKind.Threshold,
    };
}
