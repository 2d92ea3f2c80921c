using Microsoft.EntityFrameworkCore;
using Npgsql;
using Runnerly.Data.Model;

namespace Runnerly.Data.Infrastructure;

/// <summary>
/// Creates or updates a batch of runs in one statement: <c>INSERT … ON CONFLICT (runner,
/// source, source id) DO UPDATE … WHERE</c> something changed. PostgreSQL settles concurrent
/// copies of the same batch itself (each run is stored once), and rows that did not change are
/// not written at all. Returns how many were created and updated; the rest were unchanged.
/// </summary>
internal static class RunUpsert
{
    private const string Columns = """
        "Name", "SportType", "StartTime", "StartTimeLocal", "TimeZone", "DistanceMeters", "MovingTimeSeconds",
        "ElapsedTimeSeconds", "ElevationGainMeters", "AverageSpeed", "MaxSpeed", "AverageHeartRate", "MaxHeartRate",
        "AverageCadence", "SummaryPolyline"
        """;

    private static readonly string Sql = $"""
        INSERT INTO runs ("Id", "RunnerId", "Source", "SourceId", {Columns}, "CreatedAt", "UpdatedAt")
        SELECT id, @runner, source, source_id, name, sport_type, start_time, start_local, time_zone, distance, moving, elapsed,
               elevation, avg_speed, max_speed, avg_hr, max_hr, cadence, polyline, @now, @now
        FROM unnest(@ids, @sources, @source_ids, @names, @sport_types, @starts, @start_locals, @time_zones, @distances,
                    @movings, @elapseds, @elevations, @avg_speeds, @max_speeds, @avg_hrs, @max_hrs, @cadences, @polylines)
             AS batch(id, source, source_id, name, sport_type, start_time, start_local, time_zone, distance, moving, elapsed,
                      elevation, avg_speed, max_speed, avg_hr, max_hr, cadence, polyline)
        ON CONFLICT ("RunnerId", "Source", "SourceId") DO UPDATE
        SET ({Columns}, "UpdatedAt") = ({Prefixed("EXCLUDED")}, @now)
        WHERE ({Prefixed("runs")}) IS DISTINCT FROM ({Prefixed("EXCLUDED")})
        RETURNING (xmax = 0) AS created
        """;

    public static async Task<(int Created, int Updated)> ExecuteAsync(DataDbContext db, string runnerId, IReadOnlyList<Run> runs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Sql, connection);
            command.Parameters.AddWithValue("runner", runnerId);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("ids", runs.Select(r => r.Id).ToArray());
            command.Parameters.AddWithValue("sources", runs.Select(r => r.Source.ToString()).ToArray());
            command.Parameters.AddWithValue("source_ids", runs.Select(r => r.SourceId).ToArray());
            command.Parameters.AddWithValue("names", runs.Select(r => r.Name).ToArray());
            command.Parameters.AddWithValue("sport_types", runs.Select(r => r.SportType.ToString()).ToArray());
            command.Parameters.AddWithValue("starts", runs.Select(r => r.StartTime).ToArray());
            command.Parameters.AddWithValue("start_locals", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Timestamp, runs.Select(r => r.StartTimeLocal).ToArray());
            command.Parameters.AddWithValue("time_zones", runs.Select(r => r.TimeZone).ToArray());
            command.Parameters.AddWithValue("distances", runs.Select(r => r.DistanceMeters).ToArray());
            command.Parameters.AddWithValue("movings", runs.Select(r => r.MovingTimeSeconds).ToArray());
            command.Parameters.AddWithValue("elapseds", runs.Select(r => r.ElapsedTimeSeconds).ToArray());
            command.Parameters.AddWithValue("elevations", runs.Select(r => r.ElevationGainMeters).ToArray());
            command.Parameters.AddWithValue("avg_speeds", runs.Select(r => r.AverageSpeed).ToArray());
            command.Parameters.AddWithValue("max_speeds", runs.Select(r => r.MaxSpeed).ToArray());
            command.Parameters.AddWithValue("avg_hrs", runs.Select(r => r.AverageHeartRate).ToArray());
            command.Parameters.AddWithValue("max_hrs", runs.Select(r => r.MaxHeartRate).ToArray());
            command.Parameters.AddWithValue("cadences", runs.Select(r => r.AverageCadence).ToArray());
            command.Parameters.AddWithValue("polylines", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, runs.Select(r => (object?)r.SummaryPolyline ?? DBNull.Value).ToArray());

            int created = 0, updated = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetBoolean(0))
                {
                    created++;
                }
                else
                {
                    updated++;
                }
            }

            return (created, updated);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Prefixed(string table) =>
        string.Join(", ", Columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => $"{table}.{c}"));
}
