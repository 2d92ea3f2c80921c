using System.Globalization;

namespace Runnerly.Running.Plans;

/// <summary>Number and time formats for descriptions; invariant, so "8.5 km" everywhere.</summary>
internal static class Text
{
    public static string Km(double meters) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(meters / 1000, 1):0.#} km");

    public static string Distance(double meters) =>
        meters < 1000 ? string.Create(CultureInfo.InvariantCulture, $"{meters:0} m") : Km(meters);

    public static string Recovery(TimeSpan duration)
    {
        var seconds = (int)Math.Round(duration.TotalSeconds);
        return seconds switch
        {
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds} s"),
            _ when seconds % 60 == 0 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60} min"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60} min {seconds % 60} s"),
        };
    }

    public static string Clock(TimeSpan time)
    {
        var seconds = (long)Math.Round(time.TotalSeconds);
        return seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
