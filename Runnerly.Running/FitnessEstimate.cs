namespace Runnerly.Running;

/// <summary>A run used to estimate fitness.</summary>
/// <param name="Date">The local date of the run.</param>
/// <param name="Meters">Distance in metres.</param>
/// <param name="MovingTime">Moving time.</param>
/// <param name="AverageHeartRate">Average heart rate, if recorded (carried along; the estimate uses pace only).</param>
public sealed record Effort(DateOnly Date, double Meters, TimeSpan MovingTime, double? AverageHeartRate = null);

/// <summary>The best recent VDOT and the effort it came from.</summary>
/// <param name="Vdot">The VDOT of <paramref name="Effort"/>.</param>
/// <param name="Effort">The effort with the highest VDOT.</param>
public sealed record FitnessResult(double Vdot, Effort Effort);

/// <summary>Current fitness as the best VDOT among recent runs.</summary>
public static class FitnessEstimate
{
    /// <summary>How far back efforts count by default: 8 weeks.</summary>
    public const int DefaultWindowDays = 56;

    /// <summary>Efforts shorter than this (metres) are ignored: the formula is not meant for sprints.</summary>
    public const double MinMeters = 1500;

    /// <summary>Efforts slower than this (m/min, i.e. 6 km/h) are walks and are ignored.</summary>
    public const double MinSpeedMetersPerMinute = 100;

    /// <summary>Efforts shorter than this are ignored.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(8);

    /// <summary>
    /// The effort with the highest VDOT dated within the <paramref name="windowDays"/> days up to and including
    /// <paramref name="today"/>; null when none qualifies. Efforts dated after today, shorter than
    /// <see cref="MinMeters"/> or <see cref="MinDuration"/>, slower than <see cref="MinSpeedMetersPerMinute"/>,
    /// or with a VDOT above <see cref="Vdot.MaxSupported"/> (a GPS glitch, most likely) are ignored.
    /// Ties go to the most recent effort.
    /// </summary>
    public static FitnessResult? Best(IEnumerable<Effort> efforts, DateOnly today, int windowDays = DefaultWindowDays)
    {
        ArgumentNullException.ThrowIfNull(efforts);
        Guard.InRange(windowDays, 1, 3660);
        var earliest = today.AddDays(1 - windowDays);
        FitnessResult? best = null;
        foreach (var effort in efforts)
        {
            if (effort is null || effort.Date < earliest || effort.Date > today
                || effort.Meters < MinMeters || effort.MovingTime < MinDuration
                || effort.Meters / effort.MovingTime.TotalMinutes < MinSpeedMetersPerMinute
                || !Vdot.TryFromPerformance(effort.Meters, effort.MovingTime, out var vdot)
                || vdot > Vdot.MaxSupported)
            {
                continue;
            }

            if (best is null || vdot > best.Vdot || (vdot == best.Vdot && effort.Date > best.Effort.Date))
            {
                best = new FitnessResult(vdot, effort);
            }
        }

        return best;
    }
}
