using System.Globalization;

namespace Runnerly.Running;

/// <summary>A running pace, stored as seconds per kilometre. Smaller is faster.</summary>
public readonly record struct Pace : IComparable<Pace>
{
    /// <summary>Metres in an international mile.</summary>
    public const double MetersPerMile = 1609.344;

    private Pace(double secondsPerKm) => SecondsPerKm = secondsPerKm;

    /// <summary>Seconds per kilometre.</summary>
    public double SecondsPerKm { get; }

    /// <summary>Seconds per mile.</summary>
    public double SecondsPerMile => SecondsPerKm * MetersPerMile / 1000;

    /// <summary>Speed in metres per second.</summary>
    public double MetersPerSecond => 1000 / SecondsPerKm;

    /// <summary>A pace of <paramref name="secondsPerKm"/> seconds per kilometre.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and positive.</exception>
    public static Pace FromSecondsPerKm(double secondsPerKm)
    {
        Guard.PositiveFinite(secondsPerKm);
        return new Pace(secondsPerKm);
    }

    /// <summary>A pace of <paramref name="secondsPerMile"/> seconds per mile.</summary>
    public static Pace FromSecondsPerMile(double secondsPerMile)
    {
        Guard.PositiveFinite(secondsPerMile);
        return new Pace(secondsPerMile * 1000 / MetersPerMile);
    }

    /// <summary>The pace of running at <paramref name="metersPerSecond"/>.</summary>
    public static Pace FromSpeed(double metersPerSecond)
    {
        Guard.PositiveFinite(metersPerSecond);
        return new Pace(1000 / metersPerSecond);
    }

    /// <summary>The average pace of covering <paramref name="meters"/> in <paramref name="time"/>.</summary>
    public static Pace FromPerformance(double meters, TimeSpan time)
    {
        Guard.PositiveFinite(meters);
        Guard.Positive(time);
        return new Pace(time.TotalSeconds * 1000 / meters);
    }

    /// <summary>The time to cover <paramref name="meters"/> at this pace.</summary>
    public TimeSpan TimeFor(double meters)
    {
        Guard.NonNegativeFinite(meters);
        return TimeSpan.FromSeconds(SecondsPerKm * meters / 1000);
    }

    /// <summary>This pace made slower by <paramref name="secondsPerKm"/> (faster when negative).</summary>
    public Pace AddSecondsPerKm(double secondsPerKm) => FromSecondsPerKm(SecondsPerKm + secondsPerKm);

    /// <summary>Minutes and seconds per kilometre, e.g. "4:15".</summary>
    public string FormatPerKm() => FormatMinutesSeconds(SecondsPerKm);

    /// <summary>Minutes and seconds per mile, e.g. "6:51".</summary>
    public string FormatPerMile() => FormatMinutesSeconds(SecondsPerMile);

    /// <inheritdoc />
    public int CompareTo(Pace other) => SecondsPerKm.CompareTo(other.SecondsPerKm);

    /// <summary>Is <paramref name="left"/> faster than <paramref name="right"/>?</summary>
    public static bool operator <(Pace left, Pace right) => left.CompareTo(right) < 0;

    /// <summary>Is <paramref name="left"/> slower than <paramref name="right"/>?</summary>
    public static bool operator >(Pace left, Pace right) => left.CompareTo(right) > 0;

    /// <summary>Is <paramref name="left"/> as fast as or faster than <paramref name="right"/>?</summary>
    public static bool operator <=(Pace left, Pace right) => left.CompareTo(right) <= 0;

    /// <summary>Is <paramref name="left"/> as slow as or slower than <paramref name="right"/>?</summary>
    public static bool operator >=(Pace left, Pace right) => left.CompareTo(right) >= 0;

    /// <summary>The pace per kilometre, e.g. "4:15/km".</summary>
    public override string ToString() => FormatPerKm() + "/km";

    internal static string FormatMinutesSeconds(double seconds)
    {
        // Round the total first so that 4:59.6 becomes 5:00, not 4:60.
        var total = (long)Math.Round(seconds, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{total / 60}:{total % 60:00}");
    }
}
