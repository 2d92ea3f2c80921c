using System.Globalization;
using Runnerly.Web.Clients;

namespace Runnerly.Web.Formatting;

/// <summary>Where a run stands among the runner's runs of about the same standard distance (5K, 10K, half, marathon), by pace.</summary>
public sealed record EffortRank(int Rank, int Count, string Distance);

public static class Efforts
{
    private static readonly (string Name, double Meters)[] Standards = [("5 km", 5_000), ("10 km", 10_000), ("half-marathon", 21_097.5), ("marathon", 42_195)];

    /// <summary>
    /// "About" a distance as race results count it: from 3 % short (a course measured tight, a GPS cutting corners)
    /// to 6 % long (a watch on a winding course).
    /// </summary>
    public static string? StandardOf(double meters) =>
        Standards.FirstOrDefault(s => meters >= s.Meters * 0.97 && meters <= s.Meters * 1.06).Name;

    /// <summary>The run's place among the runs of about its distance (itself included), fastest pace first; null when it has no such distance or no other.</summary>
    public static EffortRank? Rank(Run run, IEnumerable<Run> runs)
    {
        if (StandardOf(run.DistanceMeters) is not { } distance || run.MovingTimeSeconds <= 0)
        {
            return null;
        }

        var alike = runs.Where(r => r.Id != run.Id && r.MovingTimeSeconds > 0 && StandardOf(r.DistanceMeters) == distance).Append(run).ToList();
        if (alike.Count < 2)
        {
            return null;
        }

        var faster = alike.Count(r => Pace(r) < Pace(run));
        return new EffortRank(faster + 1, alike.Count, distance);
    }

    /// <summary>"Your 3rd fastest of 14 runs of about 10 km, by pace", "Your fastest of 2 runs of about 5 km, by pace".</summary>
    public static string Describe(EffortRank rank) =>
        $"Your {(rank.Rank == 1 ? "" : Ordinal(rank.Rank) + " ")}fastest of {rank.Count} runs of about {rank.Distance}, by pace";

    public static string Ordinal(int number) => number.ToString(CultureInfo.InvariantCulture) + (number % 100 is 11 or 12 or 13 ? "th" : (number % 10) switch
    {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    });

    private static double Pace(Run run) => run.MovingTimeSeconds / run.DistanceMeters;
}
