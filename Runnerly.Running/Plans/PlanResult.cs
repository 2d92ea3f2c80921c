namespace Runnerly.Running.Plans;

/// <summary>
/// The outcome of <see cref="PlanGenerator.Generate"/>: a plan, or the reasons the request cannot have one.
/// Invalid requests (a race in the past, too few run days...) are errors, not exceptions.
/// </summary>
/// <param name="Plan">The plan, or null when there are errors.</param>
/// <param name="Errors">What is wrong with the request, one entry per problem; empty on success.</param>
public sealed record PlanResult(TrainingPlan? Plan, IReadOnlyList<PlanError> Errors)
{
    /// <summary>Whether a plan was made.</summary>
    public bool Succeeded => Plan is not null;
}

/// <summary>A problem with one field of the request.</summary>
/// <param name="Field">The <see cref="PlanRequest"/> property at fault, e.g. "RaceDate".</param>
/// <param name="Message">What is wrong, in plain words.</param>
public sealed record PlanError(string Field, string Message);

/// <summary>Kinds of <see cref="PlanWarning"/>.</summary>
public enum PlanWarningCode
{
    /// <summary>Fewer weeks than the distance usually needs; the plan is compressed.</summary>
    ShortPlan,

    /// <summary>The goal time needs a much higher VDOT than the runner has now.</summary>
    GoalBeyondFitness,

    /// <summary>Three run days for a half or full marathon: the long run stays short.</summary>
    FewRunDays,

    /// <summary>The run days leave no day for a quality session that is not next to the long run.</summary>
    NoRoomForQuality,

    /// <summary>The plan's volume is below what the runner runs now (capped by distance or run days).</summary>
    VolumeBelowCurrent,

    /// <summary>The time available does not let volume reach what the distance usually needs.</summary>
    LowPeakVolume,
}

/// <summary>Something the runner should know about the plan; the plan is still made.</summary>
/// <param name="Code">What kind of warning.</param>
/// <param name="Message">The warning in plain words, saying what the plan assumes.</param>
public sealed record PlanWarning(PlanWarningCode Code, string Message);
