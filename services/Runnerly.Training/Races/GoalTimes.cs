using System.Globalization;

namespace Runnerly.Training.Races;

/// <summary>A goal finish time as a runner types it: "1:45:00", "45:30" (minutes and seconds) or "3:15" read as hours and minutes for long races.</summary>
internal static class GoalTimes
{
    /// <summary>Faster than this is beyond any world record; slower, a walk.</summary>
    private const double FastestSecondsPerKm = 150;
    private const double SlowestSecondsPerKm = 1_200;

    public static int? Parse(string text, double raceMeters, out string? problem)
    {
        problem = null;
        var parts = text.Trim().Split(':');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit)))
        {
            problem = "Give the goal as hours, minutes and seconds, such as 1:45:00 or 45:30.";
            return null;
        }

        var numbers = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        int seconds;
        if (numbers.Length == 3)
        {
            seconds = numbers[0] * 3600 + numbers[1] * 60 + numbers[2];
            if (numbers[1] > 59 || numbers[2] > 59)
            {
                problem = "Minutes and seconds go up to 59.";
                return null;
            }
        }
        else
        {
            // Two numbers: minutes and seconds for a short race, hours and minutes when that would be too fast to be meant.
            seconds = numbers[0] * 60 + numbers[1];
            if (seconds < raceMeters / 1000 * FastestSecondsPerKm)
            {
                seconds = numbers[0] * 3600 + numbers[1] * 60;
            }

            if (numbers[1] > 59)
            {
                problem = "Minutes and seconds go up to 59.";
                return null;
            }
        }

        var perKm = seconds / (raceMeters / 1000);
        if (perKm < FastestSecondsPerKm || perKm > SlowestSecondsPerKm)
        {
            problem = $"A goal of {TimeSpan.FromSeconds(seconds):h\\:mm\\:ss} for this distance is not a running time.";
            return null;
        }

        return seconds;
    }
}
