using System.Globalization;
using Runnerly.Web.Clients;

namespace Runnerly.Web.Formatting;

/// <summary>What the Strava import is doing, in words.</summary>
public static class SyncFormat
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>"Strava limits how fast apps may read; continuing at 21:30." while the import waits on Strava's read limits; null otherwise.</summary>
    public static string? Pause(StravaStatus status, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (status.PausedUntil is not { } until || until <= now)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(until, zone);
        var days = DateOnly.FromDateTime(local.DateTime).DayNumber - DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).DayNumber;
        var when = days switch
        {
            0 => local.ToString("'at' HH:mm", Culture),
            1 => local.ToString("'tomorrow at' HH:mm", Culture),
            _ => local.ToString("'on' d MMM 'at' HH:mm", Culture),
        };
        return $"Strava limits how fast apps may read; continuing {when}.";
    }
}
