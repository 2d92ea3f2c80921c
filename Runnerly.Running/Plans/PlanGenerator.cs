using System.Globalization;

namespace Runnerly.Running.Plans;

/// <summary>
/// Builds a training plan back from race day. Pure and deterministic: same request, same plan.
/// The rules and numbers are in <see cref="PlanRules"/>.
/// </summary>
public static class PlanGenerator
{
    /// <summary>The shortest race distance planned for.</summary>
    public const double MinRaceMeters = 1500;

    /// <summary>The longest race distance planned for.</summary>
    public const double MaxRaceMeters = 50000;

    /// <summary>The most VDOT points a goal may lie above current fitness before the race target is capped.</summary>
    public const double GoalVdotAllowance = 3;

    /// <summary>
    /// Makes a plan, or explains why not. A request with invalid fields (race in the past, fewer than 3 run
    /// days, long-run day not a run day...) gives errors and no plan; it never throws for them.
    /// A race too close for a full plan gives a short plan with a warning.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static PlanResult Generate(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return new PlanResult(null, errors);
        }

        var profile = RaceProfile.For(request.RaceDistanceMeters);
        var pattern = WeeklyPattern.For(request.RunDays, request.LongRunDay);
        var layout = WeekLayout.Create(request, profile);
        var paces = TrainingPaces.For(request.Vdot);
        var warnings = new List<PlanWarning>();
        var raceTarget = RaceTarget(request, warnings);
        var builder = new WeekBuilder(request, profile, pattern, new Workouts(paces), raceTarget);
        var weeks = layout.Weeks.Select(builder.Build).ToList();

        AddWarnings(request, profile, pattern, layout, warnings);
        var plan = new TrainingPlan
        {
            Weeks = weeks,
            Warnings = warnings,
            Vdot = request.Vdot,
            Paces = paces,
            RaceDate = request.RaceDate,
            RaceDistanceMeters = request.RaceDistanceMeters,
            StartWeeklyKm = layout.StartKm,
            PeakWeeklyKm = layout.PeakKm,
        };
        return new PlanResult(plan, []);
    }

    private static List<PlanError> Validate(PlanRequest request)
    {
        var errors = new List<PlanError>();
        void Error(string field, FormattableString message) => errors.Add(new PlanError(field, Text.Invariant(message)));

        if (request.RaceDate < request.Today)
        {
            Error(nameof(request.RaceDate), $"The race date {Iso(request.RaceDate)} is before today, {Iso(request.Today)}.");
        }
        else if (request.RaceDate.DayNumber - request.Today.DayNumber > 7 * PlanRules.MaxWeeks)
        {
            Error(nameof(request.RaceDate), $"The race is more than {PlanRules.MaxWeeks} weeks away.");
        }

        var distanceIsValid = double.IsFinite(request.RaceDistanceMeters)
            && request.RaceDistanceMeters >= MinRaceMeters && request.RaceDistanceMeters <= MaxRaceMeters;
        if (!distanceIsValid)
        {
            Error(nameof(request.RaceDistanceMeters), $"The race distance must be {MinRaceMeters} to {MaxRaceMeters} metres.");
        }

        if (!double.IsFinite(request.Vdot) || request.Vdot < Running.Vdot.MinSupported || request.Vdot > Running.Vdot.MaxSupported)
        {
            Error(nameof(request.Vdot), $"VDOT must be {Running.Vdot.MinSupported} to {Running.Vdot.MaxSupported}.");
        }

        if (!double.IsFinite(request.CurrentWeeklyKm) || request.CurrentWeeklyKm < 0 || request.CurrentWeeklyKm > 300)
        {
            Error(nameof(request.CurrentWeeklyKm), $"Current weekly volume must be 0 to 300 km.");
        }

        if (request.RunDays is null || request.RunDays.Count is < 3 or > 7 || !request.RunDays.All(Enum.IsDefined))
        {
            Error(nameof(request.RunDays), $"Choose 3 to 7 run days.");
        }
        else if (!request.RunDays.Contains(request.LongRunDay))
        {
            Error(nameof(request.LongRunDay), $"The long-run day must be one of the run days.");
        }

        if (request.GoalTime is { } goal && distanceIsValid
            && (goal <= TimeSpan.Zero || !Running.Vdot.TryFromPerformance(request.RaceDistanceMeters, goal, out _)))
        {
            Error(nameof(request.GoalTime), $"The goal time is not a possible time for this distance.");
        }

        return errors;
    }

    /// <summary>The race-day target: the goal if within reach, else the time at current VDOT plus the allowance.</summary>
    private static TimeSpan RaceTarget(PlanRequest request, List<PlanWarning> warnings)
    {
        var meters = request.RaceDistanceMeters;
        if (request.GoalTime is not { } goal)
        {
            return Running.Vdot.TimeFor(request.Vdot, meters);
        }

        var goalVdot = Running.Vdot.FromPerformance(meters, goal);
        if (goalVdot <= request.Vdot + GoalVdotAllowance)
        {
            return goal;
        }

        var assumed = Math.Min(request.Vdot + GoalVdotAllowance, Running.Vdot.MaxSupported);
        var target = Running.Vdot.TimeFor(assumed, meters);
        warnings.Add(new PlanWarning(PlanWarningCode.GoalBeyondFitness, Text.Invariant(
            $"A goal of {Text.Clock(goal)} needs a VDOT of about {goalVdot:0.0}; yours is {request.Vdot:0.0}. The plan trains at the paces of your current VDOT and sets the race target to {Text.Clock(target)} (VDOT {assumed:0.0}), the most it assumes you can gain.")));
        return target;
    }

    private static void AddWarnings(PlanRequest request, RaceProfile profile, WeeklyPattern pattern, WeekLayout layout, List<PlanWarning> warnings)
    {
        void Warn(PlanWarningCode code, FormattableString message) => warnings.Add(new PlanWarning(code, Text.Invariant(message)));

        var weeks = layout.Weeks.Count;
        if (weeks < profile.RecommendedWeeks)
        {
            var loading = layout.Weeks.Count(w => w.Phase is PlanPhase.Base or PlanPhase.Build or PlanPhase.Peak);
            Warn(PlanWarningCode.ShortPlan, $"Race day is in week {weeks} of this plan; a {profile.Name} plan usually takes {profile.RecommendedWeeks} weeks or more. The plan is compressed to {loading} loading week(s) before the taper, so volume can grow only a little.");
        }

        if (request.RunDays.Count == 3 && profile.LongShare >= 0.3)
        {
            Warn(PlanWarningCode.FewRunDays, $"With 3 run days the long run stays at 30 % of the week, so another run of the week may be longer than it; 4 or more run days allow the long runs a {profile.Name} needs.");
        }

        if (pattern.QualityDays.Count == 0)
        {
            Warn(PlanWarningCode.NoRoomForQuality, $"Every run day is next to the long-run day, so the plan has no quality sessions (two hard days never follow each other). Spread the run days out to get them.");
        }

        if (request.CurrentWeeklyKm > layout.PeakCapKm + 0.5)
        {
            Warn(PlanWarningCode.VolumeBelowCurrent, $"You run {request.CurrentWeeklyKm:0} km a week now; this plan holds at most {layout.PeakCapKm:0.#} km for a {profile.Name} on {request.RunDays.Count} run days.");
        }

        var hasLoadingWeeks = layout.Weeks.Any(w => w.Phase is PlanPhase.Base or PlanPhase.Build or PlanPhase.Peak);
        if (hasLoadingWeeks && layout.PeakKm < 0.9 * profile.PeakMinKm)
        {
            Warn(PlanWarningCode.LowPeakVolume, $"Weekly volume can safely reach only {layout.PeakKm:0.#} km before the race; a {profile.Name} usually calls for {profile.PeakMinKm:0} km or more.");
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
