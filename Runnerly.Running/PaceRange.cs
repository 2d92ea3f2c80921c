namespace Runnerly.Running;

/// <summary>A band of paces from <see cref="Fast"/> to <see cref="Slow"/>.</summary>
public readonly record struct PaceRange
{
    /// <summary>A range from <paramref name="fast"/> to <paramref name="slow"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="fast"/> is slower than <paramref name="slow"/>.</exception>
    public PaceRange(Pace fast, Pace slow)
    {
        if (fast > slow)
        {
            throw new ArgumentException("The fast end must not be slower than the slow end.", nameof(fast));
        }

        Fast = fast;
        Slow = slow;
    }

    /// <summary>The fast end (fewer seconds per km).</summary>
    public Pace Fast { get; }

    /// <summary>The slow end (more seconds per km).</summary>
    public Pace Slow { get; }

    /// <summary>The pace halfway between the ends, in seconds per km.</summary>
    public Pace Middle => Pace.FromSecondsPerKm((Fast.SecondsPerKm + Slow.SecondsPerKm) / 2);

    /// <summary>A range of ± <paramref name="fraction"/> around <paramref name="pace"/> (0.01 = ±1 %).</summary>
    public static PaceRange Around(Pace pace, double fraction)
    {
        Guard.InRange(fraction, 0, 0.5);
        return new PaceRange(
            Pace.FromSecondsPerKm(pace.SecondsPerKm * (1 - fraction)),
            Pace.FromSecondsPerKm(pace.SecondsPerKm * (1 + fraction)));
    }

    /// <summary>Whether <paramref name="pace"/> lies within the range, ends included.</summary>
    public bool Contains(Pace pace) => pace >= Fast && pace <= Slow;

    /// <summary>The range per kilometre, e.g. "5:10–5:40" (one value when both ends round alike).</summary>
    public string FormatPerKm() => Join(Fast.FormatPerKm(), Slow.FormatPerKm());

    /// <summary>The range per mile, e.g. "8:19–9:07".</summary>
    public string FormatPerMile() => Join(Fast.FormatPerMile(), Slow.FormatPerMile());

    /// <summary>The range per kilometre, e.g. "5:10–5:40/km".</summary>
    public override string ToString() => FormatPerKm() + "/km";

    private static string Join(string fast, string slow) => fast == slow ? fast : $"{fast}–{slow}";
}
