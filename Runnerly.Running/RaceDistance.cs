namespace Runnerly.Running;

/// <summary>A named race distance.</summary>
/// <param name="Name">Display name, e.g. "Half marathon".</param>
/// <param name="Meters">Length in metres.</param>
public sealed record RaceDistance(string Name, double Meters);

/// <summary>The standard road-race distances and a classifier for measured distances.</summary>
public static class StandardDistances
{
    /// <summary>The tolerance <see cref="Classify"/> uses unless told otherwise: 3 %, enough for GPS error.</summary>
    public const double DefaultTolerance = 0.03;

    /// <summary>5 km.</summary>
    public static RaceDistance FiveK { get; } = new("5K", 5000);

    /// <summary>10 km.</summary>
    public static RaceDistance TenK { get; } = new("10K", 10000);

    /// <summary>21.0975 km.</summary>
    public static RaceDistance HalfMarathon { get; } = new("Half marathon", 21097.5);

    /// <summary>42.195 km.</summary>
    public static RaceDistance Marathon { get; } = new("Marathon", 42195);

    /// <summary>The standard distances, shortest first.</summary>
    public static IReadOnlyList<RaceDistance> All { get; } = [FiveK, TenK, HalfMarathon, Marathon];

    /// <summary>
    /// The standard distance nearest to <paramref name="meters"/>, if it is within
    /// <paramref name="tolerance"/> (relative, 0.03 = 3 %); otherwise null.
    /// </summary>
    public static RaceDistance? Classify(double meters, double tolerance = DefaultTolerance)
    {
        Guard.PositiveFinite(meters);
        Guard.InRange(tolerance, 0, 0.5);
        RaceDistance? best = null;
        var bestError = double.MaxValue;
        foreach (var distance in All)
        {
            var error = Math.Abs(meters - distance.Meters) / distance.Meters;
            if (error <= tolerance && error < bestError)
            {
                best = distance;
                bestError = error;
            }
        }

        return best;
    }
}
