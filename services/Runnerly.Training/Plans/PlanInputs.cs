using Runnerly.Running;
using Runnerly.Running.Plans;
using Runnerly.Training.Apis;
using Runnerly.Training.Races;

namespace Runnerly.Training.Plans;

/// <summary>Reads what a runner asks a plan with, naming the field of whatever is wrong.</summary>
internal static class PlanInputs
{
    /// <summary>The run days (3 to 7 weekday names) and the long-run day among them; null when an error was added.</summary>
    public static (HashSet<DayOfWeek> RunDays, DayOfWeek LongRunDay)? RunDays(IReadOnlyList<string>? names, string? longRunName, Dictionary<string, string[]> errors)
    {
        var days = new HashSet<DayOfWeek>();
        foreach (var name in names ?? [])
        {
            if (Day(name) is { } day)
            {
                days.Add(day);
            }
            else
            {
                errors["runDays"] = ["Use the weekday names monday to sunday."];
                return null;
            }
        }

        if (days.Count is < 3 or > 7)
        {
            errors["runDays"] = ["Choose 3 to 7 days of the week to run on."];
            return null;
        }

        if (Day(longRunName) is not { } longRun || !days.Contains(longRun))
        {
            errors["longRunDay"] = ["Choose the long-run day among your run days."];
            return null;
        }

        return (days, longRun);
    }

    /// <summary>The VDOT of a recent race, when one is given; null (with an error added when it is wrong) otherwise.</summary>
    public static double? RecentRaceVdot(RecentRace? race, Dictionary<string, string[]> errors)
    {
        if (race is null)
        {
            return null;
        }

        if (race.DistanceMeters is not { } meters || !double.IsFinite(meters) || meters is < 1_500 or > 50_000
            || race.Time is not { Length: > 0 } time || GoalTimes.Parse(time, meters, out _) is not { } seconds
            || !Vdot.TryFromPerformance(meters, TimeSpan.FromSeconds(seconds), out var vdot) || vdot is < Vdot.MinSupported or > Vdot.MaxSupported)
        {
            errors["recentRace"] = ["Give a recent race or hard run from 1.5 to 50 km and its time, such as 10000 m in 48:30."];
            return null;
        }

        return vdot;
    }

    /// <summary>The generator's refusals, keyed by the API's fields.</summary>
    public static Dictionary<string, string[]> Errors(IReadOnlyList<PlanError> errors) => errors
        .GroupBy(e => e.Field switch
        {
            nameof(PlanRequest.RaceDate) or nameof(PlanRequest.RaceDistanceMeters) or nameof(PlanRequest.Today) => "raceId",
            nameof(PlanRequest.RunDays) => "runDays",
            nameof(PlanRequest.LongRunDay) => "longRunDay",
            nameof(PlanRequest.GoalTime) => "goalTime",
            nameof(PlanRequest.Vdot) => "recentRace",
            _ => "plan",
        })
        .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());

    private static DayOfWeek? Day(string? name) =>
        name is { Length: >= 6 and <= 9 } && Enum.TryParse<DayOfWeek>(name, ignoreCase: true, out var day) && name == PlanProgress.Name(day) ? day : null;
}
