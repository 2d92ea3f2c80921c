using System.Globalization;

namespace Runnerly.Reports.Composition;

/// <summary>Numbers as a runner reads them, in their units (km or mi; elevation in m or ft).</summary>
internal static class Units
{
    public const double MetersPerMile = 1_609.344;
    public const double FeetPerMeter = 3.280_839_9;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string DistanceUnit(bool miles) => miles ? "mi" : "km";

    public static double Distance(double meters, bool miles) => miles ? meters / MetersPerMile : meters / 1000;

    /// <summary>"12.3 km", "7.6 mi".</summary>
    public static string FormatDistance(double meters, bool miles) =>
        $"{Distance(meters, miles).ToString("#,##0.0", Invariant)} {DistanceUnit(miles)}";

    /// <summary>"1,234 m", "4,049 ft".</summary>
    public static string FormatElevation(double meters, bool miles) =>
        miles ? $"{(meters * FeetPerMeter).ToString("#,##0", Invariant)} ft" : $"{meters.ToString("#,##0", Invariant)} m";

    /// <summary>"12 h 05 min", "45 min".</summary>
    public static string FormatDuration(long seconds)
    {
        var minutes = (long)Math.Round(seconds / 60.0);
        return minutes >= 60 ? $"{minutes / 60} h {minutes % 60:00} min" : $"{minutes} min";
    }

    /// <summary>"4:52 /km", "7:50 /mi", from seconds per km.</summary>
    public static string FormatPace(double secondsPerKm, bool miles)
    {
        var perUnit = (int)Math.Round(miles ? secondsPerKm * MetersPerMile / 1000 : secondsPerKm);
        return $"{perUnit / 60}:{perUnit % 60:00} /{DistanceUnit(miles)}";
    }

    /// <summary>A change as "+12.4 km" / "−3 min"; an empty string when there is nothing to compare with.</summary>
    public static string FormatChange(double change, Func<double, string> format)
    {
        if (Math.Abs(change) < 1e-9)
        {
            return "same";
        }

        return (change > 0 ? "+" : "\u2212") + format(Math.Abs(change));
    }

    /// <summary>"+12%" from a change and the value it is relative to; empty without a base.</summary>
    public static string FormatPercent(double change, double baseline) =>
        baseline <= 0 ? "" : $"{(change >= 0 ? "+" : "\u2212")}{Math.Abs(change / baseline * 100).ToString("0", Invariant)}%";

    public static string MonthName(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    /// <summary>"2–8 Nov", "30 Nov".</summary>
    public static string FormatDays(DateOnly from, DateOnly to)
    {
        var month = Invariant.DateTimeFormat.GetAbbreviatedMonthName(to.Month);
        return from == to ? $"{to.Day} {month}" : $"{from.Day}\u2013{to.Day} {month}";
    }

    /// <summary>"Sunday 11 April 2027".</summary>
    public static string FormatDate(DateOnly date) => date.ToString("dddd d MMMM yyyy", Invariant);
}
