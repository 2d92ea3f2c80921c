using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime.TimeZones;

namespace Runnerly.Data.Infrastructure.Migrations;

/// <summary>
/// Before the checks go on: rows stored under the earlier, looser rules are repaired where a
/// value can be put right without changing the run (a NaN elevation becomes 0, an impossible
/// heart rate is forgotten, a Windows or alias time zone becomes its canonical IANA id), and
/// deleted where the run itself cannot be served (a distance of 5e-324 m, a start in year 1).
/// The time-zone map comes from the pinned NodaTime's TZDB and CLDR data.
/// </summary>
public partial class ServableValues
{
    private const string Controls = @"'[\u0001-\u001f\u007f-\u009f]'";

    private static void RepairRows(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            UPDATE runs SET "AverageSpeed" = round(("DistanceMeters" / "MovingTimeSeconds")::numeric, 3)::float8
            WHERE NOT ("AverageSpeed" BETWEEN 0.001 AND 12.5) AND "MovingTimeSeconds" > 0 AND "DistanceMeters" BETWEEN 1 AND 500000;

            DELETE FROM runs
            WHERE NOT ("DistanceMeters" BETWEEN 1 AND 500000) OR NOT ("MovingTimeSeconds" BETWEEN 1 AND 604800)
               OR NOT ("AverageSpeed" BETWEEN 0.001 AND 12.5)
               OR "StartTimeLocal" < TIMESTAMP '1900-01-01' OR "StartTime" < TIMESTAMPTZ '1899-12-30 00:00+00'
               OR "Source" NOT IN ('Strava', 'Manual', 'File') OR "SourceId" ~ {Controls};

            UPDATE runs SET "ElapsedTimeSeconds" = LEAST(GREATEST("ElapsedTimeSeconds", "MovingTimeSeconds"), 1209600)
            WHERE NOT ("ElapsedTimeSeconds" BETWEEN "MovingTimeSeconds" AND 1209600);
            UPDATE runs SET "MaxSpeed" = "AverageSpeed" WHERE NOT ("MaxSpeed" BETWEEN 0.001 AND 12.5);
            UPDATE runs SET "ElevationGainMeters" = 0 WHERE NOT ("ElevationGainMeters" BETWEEN 0 AND 30000);
            UPDATE runs SET "AverageHeartRate" = NULL WHERE NOT ("AverageHeartRate" BETWEEN 20 AND 250);
            UPDATE runs SET "MaxHeartRate" = NULL WHERE NOT ("MaxHeartRate" BETWEEN 20 AND 250);
            UPDATE runs SET "AverageCadence" = NULL WHERE NOT ("AverageCadence" BETWEEN 0 AND 300);
            UPDATE runs SET "SportType" = 'Run' WHERE "SportType" NOT IN ('Run', 'TrailRun', 'VirtualRun');
            UPDATE runs SET "Name" = COALESCE(NULLIF(btrim(regexp_replace("Name", {Controls}, ' ', 'g')), ''), 'Run')
            WHERE "Name" ~ {Controls} OR btrim("Name") = '';
            UPDATE runs SET "SummaryPolyline" = NULL
            WHERE NOT ("SummaryPolyline" ~ '^[?-~]+$' AND length("SummaryPolyline") <= 100000);

            UPDATE runner_profiles SET "WeightKg" = NULL WHERE NOT ("WeightKg" BETWEEN 20 AND 300);
            UPDATE runner_profiles SET "MaxHeartRate" = NULL WHERE NOT ("MaxHeartRate" BETWEEN 100 AND 250);
            UPDATE runner_profiles SET "RestingHeartRate" = NULL
            WHERE NOT ("RestingHeartRate" BETWEEN 25 AND 120) OR "RestingHeartRate" >= "MaxHeartRate";
            UPDATE runner_profiles SET "TrainingDaysPerWeek" = 4 WHERE NOT ("TrainingDaysPerWeek" BETWEEN 1 AND 7);
            UPDATE runner_profiles SET "BirthDate" = NULL WHERE "BirthDate" < DATE '1900-01-01';
            UPDATE runner_profiles SET "Sex" = NULL WHERE "Sex" NOT IN ('Female', 'Male', 'Other');
            UPDATE runner_profiles SET "Units" = 'Kilometers' WHERE "Units" NOT IN ('Kilometers', 'Miles');
            UPDATE runner_profiles SET "DisplayName" = NULLIF(btrim(regexp_replace("DisplayName", {Controls}, ' ', 'g')), '')
            WHERE "DisplayName" ~ {Controls};
            """);

        migrationBuilder.Sql($"""
            CREATE TEMP TABLE zone_repairs (stored text PRIMARY KEY, canonical text NOT NULL) ON COMMIT DROP;
            INSERT INTO zone_repairs VALUES {string.Join(", ", ZoneRepairs().Select(r => $"('{r.Stored}', '{r.Canonical}')"))};
            CREATE TEMP TABLE zone_known (id text PRIMARY KEY) ON COMMIT DROP;
            INSERT INTO zone_known SELECT name FROM pg_timezone_names
            WHERE name IN ({string.Join(", ", KnownZones().Select(id => $"'{id}'"))});

            UPDATE runner_profiles SET "TimeZone" = regexp_replace("TimeZone", '^(posix|right)/', '') WHERE "TimeZone" ~ '^(posix|right)/';
            UPDATE runs SET "TimeZone" = regexp_replace("TimeZone", '^(posix|right)/', '') WHERE "TimeZone" ~ '^(posix|right)/';
            UPDATE runner_profiles p SET "TimeZone" = z.canonical FROM zone_repairs z WHERE p."TimeZone" = z.stored;
            UPDATE runs r SET "TimeZone" = z.canonical FROM zone_repairs z WHERE r."TimeZone" = z.stored;

            -- What no reader knows: UTC for a profile; for a run, the whole-hour offset its local start was stored with.
            UPDATE runner_profiles SET "TimeZone" = 'UTC' WHERE "TimeZone" NOT IN (SELECT id FROM zone_known);
            UPDATE runs SET "TimeZone" = (
                SELECT CASE WHEN h = 0 OR h <> trunc(h) OR h NOT BETWEEN -12 AND 14 THEN 'UTC'
                            WHEN h > 0 THEN 'Etc/GMT-' || h::int
                            ELSE 'Etc/GMT+' || (-h)::int END
                FROM (SELECT extract(epoch FROM runs."StartTimeLocal" - (runs."StartTime" AT TIME ZONE 'UTC')) / 3600 AS h) AS offset_hours)
            WHERE "TimeZone" NOT IN (SELECT id FROM zone_known);
            """);
    }

    /// <summary>Aliases and Windows ids, each with the canonical IANA id stored for it now (UTC spelt "UTC").</summary>
    private static IEnumerable<(string Stored, string Canonical)> ZoneRepairs()
    {
        var source = TzdbDateTimeZoneSource.Default;
        var pairs = source.CanonicalIdMap.Select(pair => (Stored: pair.Key, Canonical: Spelt(pair.Value)))
            .Concat(source.WindowsMapping.PrimaryMapping.Select(pair => (Stored: pair.Key, Canonical: Spelt(source.CanonicalIdMap[pair.Value]))));
        return pairs.Where(pair => pair.Stored != pair.Canonical).DistinctBy(pair => pair.Stored);
    }

    private static IEnumerable<string> KnownZones() =>
        TzdbDateTimeZoneSource.Default.CanonicalIdMap.Values.Select(Spelt).Append("UTC").Distinct();

    private static string Spelt(string canonical) => canonical is "Etc/UTC" or "Etc/Universal" or "Etc/Zulu" ? "UTC" : canonical;
}
