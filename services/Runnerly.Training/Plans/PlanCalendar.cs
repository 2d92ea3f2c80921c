using System.Security.Cryptography;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Runnerly.Training.Apis;
using Runnerly.Training.Model;
using Runnerly.Training.Races;

namespace Runnerly.Training.Plans;

/// <summary>
/// A plan as an iCalendar feed (RFC 5545) a runner subscribes to once: every session an all-day event
/// whose UID stays the same across re-plans and whose SEQUENCE rises when it changes, so calendars
/// update in place; the race itself is an event at its start time.
/// </summary>
internal static class PlanCalendar
{
    /// <summary>How often calendar apps are asked to look again (RFC 7986 REFRESH-INTERVAL; Outlook's X-PUBLISHED-TTL).</summary>
    private const string Refresh = "PT6H";

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static CalendarLinks Links(Uri publicUrl, Plan plan)
    {
        var https = new Uri(publicUrl, $"/calendar/{plan.CalendarSecret}.ics").AbsoluteUri;
        return new CalendarLinks(https, "webcal" + https[https.IndexOf(':', StringComparison.Ordinal)..]);
    }

    public static string Feed(PlanSchedule schedule, Race race, Uri publicUrl, DateTimeOffset now)
    {
        var plan = schedule.Plan;
        var calendar = new Calendar { ProductId = "-//Runnerly//Training plan//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", $"Runnerly: {race.Name}");
        calendar.AddProperty("REFRESH-INTERVAL;VALUE=DURATION", Refresh);
        calendar.AddProperty("X-PUBLISHED-TTL", Refresh);
        var planPage = new Uri(publicUrl, $"/plans/{plan.Id}");
        var stamp = new CalDateTime(now.UtcDateTime, "UTC", hasTime: true);
        foreach (var session in schedule.Sessions)
        {
            var version = plan.Versions.Single(v => v.Id == session.VersionId);
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{plan.Id:N}-{session.Date:yyyyMMdd}@runnerly",
                Sequence = session.Sequence,
                DtStamp = stamp,
                LastModified = new CalDateTime(version.CreatedAt.UtcDateTime, "UTC", hasTime: true),
                DtStart = new CalDateTime(session.Date),
                DtEnd = new CalDateTime(session.Date.AddDays(1)),
                Summary = Summary(session),
                Description = $"{session.Description}\n\n{planPage}",
                Url = planPage,
                Transparency = "TRANSPARENT",
            });
        }

        var start = race.StartsAt();
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"{plan.Id:N}-race@runnerly",
            Sequence = race.Revision,
            DtStamp = stamp,
            LastModified = new CalDateTime(race.UpdatedAt.UtcDateTime, "UTC", hasTime: true),
            DtStart = race.StartTime is null ? new CalDateTime(race.Date) : new CalDateTime(start.UtcDateTime, "UTC", hasTime: true),
            DtEnd = race.StartTime is null ? new CalDateTime(race.Date.AddDays(1)) : null,
            Duration = race.StartTime is null ? null : Duration.FromHours(1),
            Summary = $"Race: {race.Name}",
            Location = $"{race.City}, {race.Country}",
            Description = race.Website is null ? planPage.ToString() : $"{race.Website}\n\n{planPage}",
            Url = planPage,
        });

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static string Summary(PlanSession session) => session.Kind switch
    {
        "Easy" => $"Easy run {Km(session.DistanceMeters)}",
        "Recovery" => $"Recovery run {Km(session.DistanceMeters)}",
        "Long" => $"Long run {Km(session.DistanceMeters)}",
        "MarathonPace" => $"Marathon-pace run {Km(session.DistanceMeters)}",
        "Threshold" => $"Threshold session {Km(session.DistanceMeters)}",
        "Interval" => $"Intervals {Km(session.DistanceMeters)}",
        "Repetition" => $"Repetitions {Km(session.DistanceMeters)}",
        _ => $"Run {Km(session.DistanceMeters)}",
    };

    private static string Km(double meters) => $"{meters / 1000:0.#} km";
}
