using System.Globalization;

namespace Runnerly.Running.Tests;

/// <summary>Parses "m:ss" or "h:mm:ss" as written in running tables.</summary>
internal static class Time
{
    public static TimeSpan Parse(string text)
    {
        var seconds = 0;
        foreach (var part in text.Split(':'))
        {
            seconds = (seconds * 60) + int.Parse(part, CultureInfo.InvariantCulture);
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
