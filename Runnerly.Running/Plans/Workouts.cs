namespace Runnerly.Running.Plans;

/// <summary>A session's numbers before it is described: cheap to make while the week is being sized.</summary>
internal readonly record struct Draft(
    DateOnly Date,
    SessionKind Kind,
    double Meters,
    int Reps = 1,
    double RepMeters = 0,
    TimeSpan Recovery = default,
    double Warmup = 0,
    double Cooldown = 0,
    bool Shakeout = false)
{
    public double WorkMeters => Reps * RepMeters;
}

/// <summary>Sizes single sessions against Daniels' caps and describes them.</summary>
internal sealed class Workouts
{
    public const double MinLongKm = 5;
    private const double MaxLongKm = 35;
    private const double QualityPaceBand = 0.01;
    private static readonly TimeSpan MaxLongDuration = TimeSpan.FromMinutes(150);
    private static readonly TimeSpan MaxMarathonPaceDuration = TimeSpan.FromMinutes(110);

    private readonly TrainingPaces paces;
    private readonly PaceRange recoveryPaces;
    private readonly string easyText;
    private readonly string recoveryText;

    public Workouts(TrainingPaces paces)
    {
        this.paces = paces;
        recoveryPaces = new PaceRange(paces.Easy.Middle, paces.Easy.Slow);
        easyText = paces.Easy.ToString();
        recoveryText = recoveryPaces.ToString();
        LongRunLimitKm = Math.Min(MaxLongKm, MaxLongDuration.TotalSeconds / paces.Easy.Slow.SecondsPerKm);
    }

    /// <summary>The longest long run whatever the week: 35 km, or 150 min at the slow end of E pace if that is shorter.</summary>
    public double LongRunLimitKm { get; }

    /// <summary>Daniels' cap on one session's work (km) in a week of <paramref name="weekKm"/>.</summary>
    public double MaxWorkKm(SessionKind kind, double weekKm) => kind switch
    {
        SessionKind.Threshold => 0.10 * weekKm,
        SessionKind.Interval => Math.Min(10, 0.08 * weekKm),
        SessionKind.Repetition => Math.Min(8, 0.05 * weekKm),
        SessionKind.MarathonPace => Math.Min(0.20 * weekKm, MaxMarathonPaceDuration.TotalSeconds / paces.Marathon.SecondsPerKm),
        _ => double.PositiveInfinity,
    };

    /// <summary>
    /// A quality session using <paramref name="fraction"/> of its cap in a week of <paramref name="weekKm"/>;
    /// null when that is too little for one.
    /// </summary>
    public Draft? Quality(DateOnly date, SessionKind kind, double weekKm, double fraction)
    {
        var workKm = MaxWorkKm(kind, weekKm) * fraction;
        var (repMeters, reps, recovery) = kind switch
        {
            SessionKind.Threshold => Threshold(workKm),
            SessionKind.Interval => Interval(workKm),
            SessionKind.Repetition => Repetition(workKm),
            SessionKind.MarathonPace => MarathonPace(workKm),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a quality session."),
        };
        if (reps == 0)
        {
            return null;
        }

        var (warmup, cooldown) = weekKm switch
        {
            >= 40 => (3000.0, 2000.0),
            >= 25 => (2000.0, 1500.0),
            _ => (1500.0, 1000.0),
        };
        var jogMeters = (recovery * (reps - 1)).TotalSeconds * paces.Easy.Slow.MetersPerSecond;
        return new Draft(date, kind, warmup + (reps * repMeters) + jogMeters + cooldown, reps, repMeters, recovery, warmup, cooldown);
    }

    public PlannedSession Describe(Draft draft) => draft.Kind switch
    {
        SessionKind.Easy => Continuous(draft, paces.Easy, draft.Shakeout
            ? $"Easy {Text.Km(draft.Meters)} at {easyText}, a shake-out before the race"
            : $"Easy {Text.Km(draft.Meters)} at {easyText}"),
        SessionKind.Recovery => Continuous(draft, recoveryPaces, $"Recovery {Text.Km(draft.Meters)} at {recoveryText}"),
        SessionKind.Long => Continuous(draft, paces.Easy, $"Long run {Text.Km(draft.Meters)} at {easyText}"),
        _ => DescribeQuality(draft),
    };

    public static PlannedSession Race(DateOnly date, double meters, TimeSpan target)
    {
        var name = StandardDistances.Classify(meters, 0.005)?.Name ?? "Race";
        var pace = Pace.FromPerformance(meters, target);
        return new PlannedSession
        {
            Date = date,
            Kind = SessionKind.Race,
            DistanceMeters = meters,
            Duration = target,
            TargetPace = PaceRange.Around(pace, 0.005),
            Description = Text.Invariant($"Race day: {name}, {Text.Km(meters)}, target {Text.Clock(target)} ({pace})"),
            RepMeters = meters,
        };
    }

    private PlannedSession DescribeQuality(Draft draft)
    {
        var (name, pace) = draft.Kind switch
        {
            SessionKind.Threshold => ("Threshold", paces.Threshold),
            SessionKind.Interval => ("Intervals", paces.Interval),
            SessionKind.Repetition => ("Repetitions", paces.Repetition),
            _ => ("Marathon pace", paces.Marathon),
        };
        var target = PaceRange.Around(pace, QualityPaceBand);
        var main = draft.Reps == 1
            ? $"{Text.Km(draft.RepMeters)} at marathon pace {target}"
            : Text.Invariant($"{draft.Reps} × {Text.Distance(draft.RepMeters)} at {target}{RepTime(pace, draft.RepMeters)} with {Text.Recovery(draft.Recovery)} jog between");
        return new PlannedSession
        {
            Date = draft.Date,
            Kind = draft.Kind,
            DistanceMeters = draft.Meters,
            Duration = paces.Easy.Middle.TimeFor(draft.Warmup + draft.Cooldown) + pace.TimeFor(draft.WorkMeters) + (draft.Recovery * (draft.Reps - 1)),
            TargetPace = target,
            Description = $"{name}: {Text.Km(draft.Warmup)} warm-up, {main}, {Text.Km(draft.Cooldown)} cool-down",
            Reps = draft.Reps,
            RepMeters = draft.RepMeters,
            RecoveryDuration = draft.Recovery,
            WarmupMeters = draft.Warmup,
            CooldownMeters = draft.Cooldown,
        };
    }

    // Cruise intervals: 1 min jog per km of repetition.
    private static (double, int, TimeSpan) Threshold(double workKm)
    {
        var rep = workKm >= 8 ? 2000 : workKm >= 4.8 ? 1600 : 1000;
        return (rep, Reps(workKm, rep, min: 2, max: 6), RoundTo15Seconds(TimeSpan.FromMinutes(rep / 1000.0)));
    }

    // Daniels: jog recoveries no longer than the work bout.
    private (double, int, TimeSpan) Interval(double workKm)
    {
        var rep = workKm >= 5 ? 1000 : workKm >= 3.2 ? 800 : 400;
        var recovery = TimeSpan.FromSeconds(Math.Floor(paces.Interval.TimeFor(rep).TotalSeconds / 15) * 15);
        return (rep, Reps(workKm, rep, min: 3, max: 8), recovery);
    }

    // Repetitions want full recovery: about twice the work time.
    private (double, int, TimeSpan) Repetition(double workKm)
    {
        var rep = workKm >= 3.2 ? 400 : 200;
        return (rep, Reps(workKm, rep, min: 4, max: 12), RoundTo15Seconds(paces.Repetition.TimeFor(2 * rep)));
    }

    private static (double, int, TimeSpan) MarathonPace(double workKm)
    {
        var km = Math.Floor(workKm);
        return (km * 1000, km >= 5 ? 1 : 0, TimeSpan.Zero);
    }

    private static int Reps(double workKm, double repMeters, int min, int max)
    {
        var reps = Math.Min(max, (int)Math.Floor((workKm * 1000 / repMeters) + 1e-9));
        return reps >= min ? reps : 0;
    }

    private static TimeSpan RoundTo15Seconds(TimeSpan time) =>
        TimeSpan.FromSeconds(Math.Max(15, Math.Round(time.TotalSeconds / 15) * 15));

    // Short repetitions are run by the watch, not the pace: give the time of one too.
    private static string RepTime(Pace pace, double repMeters)
    {
        if (repMeters >= 1000)
        {
            return "";
        }

        var seconds = Math.Round(pace.TimeFor(repMeters).TotalSeconds);
        return seconds < 60 ? Text.Invariant($" ({seconds} s each)") : $" ({Text.Clock(TimeSpan.FromSeconds(seconds))} each)";
    }

    private static PlannedSession Continuous(Draft draft, PaceRange range, string description) => new()
    {
        Date = draft.Date,
        Kind = draft.Kind,
        DistanceMeters = draft.Meters,
        Duration = range.Middle.TimeFor(draft.Meters),
        TargetPace = range,
        Description = description,
        RepMeters = draft.Meters,
    };
}
