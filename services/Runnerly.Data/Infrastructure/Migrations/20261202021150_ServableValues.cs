using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Runnerly.Data.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ServableValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            RepairRows(migrationBuilder);

            migrationBuilder.AddCheckConstraint(
                name: "CK_runs_names",
                table: "runs",
                sql: "\"SportType\" IN ('Run', 'TrailRun', 'VirtualRun') AND \"Source\" IN ('Strava', 'Manual', 'File')\nAND btrim(\"Name\") <> '' AND \"Name\" !~ '[\\u0001-\\u001f\\u007f-\\u009f]' AND \"SourceId\" !~ '[\\u0001-\\u001f\\u007f-\\u009f]'\nAND (\"SummaryPolyline\" IS NULL OR (\"SummaryPolyline\" ~ '^[?-~]+$' AND length(\"SummaryPolyline\") <= 100000))");

            migrationBuilder.AddCheckConstraint(
                name: "CK_runs_numbers",
                table: "runs",
                sql: "\"DistanceMeters\" BETWEEN 1 AND 500000 AND \"MovingTimeSeconds\" BETWEEN 1 AND 604800\nAND \"ElapsedTimeSeconds\" BETWEEN \"MovingTimeSeconds\" AND 1209600\nAND \"AverageSpeed\" BETWEEN 0.001 AND 12.5 AND \"MaxSpeed\" BETWEEN 0.001 AND 12.5\nAND \"ElevationGainMeters\" BETWEEN 0 AND 30000\nAND (\"AverageHeartRate\" IS NULL OR \"AverageHeartRate\" BETWEEN 20 AND 250) AND (\"MaxHeartRate\" IS NULL OR \"MaxHeartRate\" BETWEEN 20 AND 250)\nAND (\"AverageCadence\" IS NULL OR \"AverageCadence\" BETWEEN 0 AND 300)\nAND \"StartTimeLocal\" >= TIMESTAMP '1900-01-01' AND \"StartTime\" >= TIMESTAMPTZ '1899-12-30 00:00+00'");

            migrationBuilder.AddCheckConstraint(
                name: "CK_runner_profiles_names",
                table: "runner_profiles",
                sql: "(\"Sex\" IS NULL OR \"Sex\" IN ('Female', 'Male', 'Other')) AND \"Units\" IN ('Kilometers', 'Miles')\nAND (\"DisplayName\" IS NULL OR \"DisplayName\" !~ '[\\u0001-\\u001f\\u007f-\\u009f]')");

            migrationBuilder.AddCheckConstraint(
                name: "CK_runner_profiles_values",
                table: "runner_profiles",
                sql: "(\"WeightKg\" IS NULL OR \"WeightKg\" BETWEEN 20 AND 300) AND (\"MaxHeartRate\" IS NULL OR \"MaxHeartRate\" BETWEEN 100 AND 250)\nAND (\"RestingHeartRate\" IS NULL OR \"RestingHeartRate\" BETWEEN 25 AND 120) AND (\"RestingHeartRate\" IS NULL OR \"MaxHeartRate\" IS NULL OR \"RestingHeartRate\" < \"MaxHeartRate\")\nAND \"TrainingDaysPerWeek\" BETWEEN 1 AND 7 AND (\"BirthDate\" IS NULL OR \"BirthDate\" >= DATE '1900-01-01')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_runs_names",
                table: "runs");

            migrationBuilder.DropCheckConstraint(
                name: "CK_runs_numbers",
                table: "runs");

            migrationBuilder.DropCheckConstraint(
                name: "CK_runner_profiles_names",
                table: "runner_profiles");

            migrationBuilder.DropCheckConstraint(
                name: "CK_runner_profiles_values",
                table: "runner_profiles");
        }
    }
}
