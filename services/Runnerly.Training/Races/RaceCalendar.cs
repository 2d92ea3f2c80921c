using NodaTime;
using Runnerly.Running;
using Runnerly.Training.Apis;
using Runnerly.Training.Model;

namespace Runnerly.Training.Races;

/// <summary>Race days and start instants on each race's own calendar, and the race's standard distance.</summary>
internal static class RaceCalendar
{
    public static Instant Now(this TimeProvider clock) => Instant.FromDateTimeOffset(clock.GetUtcNow());

    /// <summary>Today where the race is run.</summary>
    public static DateOnly Today(this Race race, Instant now) => now.InZone(Zone(race)).Date.ToDateOnly();

    /// <summary>Race day has begun where the race is run: it can no longer be joined, and a result can be looked for.</summary>
    public static bool HasBeenRun(this Race race, Instant now) => race.Date < race.Today(now);

    /// <summary>The start (or the start of race day, when no time is given) as an instant.</summary>
    public static DateTimeOffset StartsAt(this Race race) =>
        LocalDate.FromDateOnly(race.Date).At(race.StartTime is { } time ? LocalTime.FromTimeOnly(time) : LocalTime.Midnight)
            .InZoneLeniently(Zone(race)).ToDateTimeOffset();

    public static RaceSummary Summarize(this Race race, int participants, DateTimeOffset? joinedAt) => new(
        race.Id, race.Name, race.Date, race.StartTime?.ToString("HH:mm"), race.TimeZone, race.DistanceMeters,
        StandardDistances.Classify(race.DistanceMeters, tolerance: 0.01)?.Name, race.Surface.ToString().ToLowerInvariant(), race.City, race.Country,
        participants, joinedAt is not null, joinedAt is { } joined && race.UpdatedAt > joined);

    private static DateTimeZone Zone(Race race) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(race.TimeZone) ?? DateTimeZone.Utc;
}
