using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Runnerly.Data.Model;

namespace Runnerly.Data.Infrastructure;

public sealed class DataDbContext(DbContextOptions<DataDbContext> options) : DbContext(options)
{
    public DbSet<RunnerProfile> Profiles => Set<RunnerProfile>();

    public DbSet<Run> Runs => Set<Run>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new RunnerProfileConfiguration());
        modelBuilder.ApplyConfiguration(new RunConfiguration());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}

/// <summary>
/// Text a page can show: no control characters (PostgreSQL cannot hold NUL, and UTF-8 no lone surrogates).
/// Shared by the checks below, which keep out of the tables any value a reader could not serve.
/// </summary>
internal static class StoredText
{
    public const string ControlCharacters = @"'[\u0001-\u001f\u007f-\u009f]'";
}

internal sealed class RunnerProfileConfiguration : IEntityTypeConfiguration<RunnerProfile>
{
    public void Configure(EntityTypeBuilder<RunnerProfile> profile)
    {
        profile.ToTable("runner_profiles", table =>
        {
            table.HasCheckConstraint("CK_runner_profiles_values", """
                ("WeightKg" IS NULL OR "WeightKg" BETWEEN 20 AND 300) AND ("MaxHeartRate" IS NULL OR "MaxHeartRate" BETWEEN 100 AND 250)
                AND ("RestingHeartRate" IS NULL OR "RestingHeartRate" BETWEEN 25 AND 120) AND ("RestingHeartRate" IS NULL OR "MaxHeartRate" IS NULL OR "RestingHeartRate" < "MaxHeartRate")
                AND "TrainingDaysPerWeek" BETWEEN 1 AND 7 AND ("BirthDate" IS NULL OR "BirthDate" >= DATE '1900-01-01')
                """);
            table.HasCheckConstraint("CK_runner_profiles_names", $"""
                ("Sex" IS NULL OR "Sex" IN ('Female', 'Male', 'Other')) AND "Units" IN ('Kilometers', 'Miles')
                AND ("DisplayName" IS NULL OR "DisplayName" !~ {StoredText.ControlCharacters})
                """);
        });
        profile.HasKey(p => p.RunnerId);
        profile.Property(p => p.RunnerId).HasMaxLength(64);
        profile.Property(p => p.DisplayName).HasMaxLength(100);
        profile.Property(p => p.TimeZone).HasMaxLength(64);
    }
}

internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> run)
    {
        // Two-sided ranges keep out NaN and the infinities too (PostgreSQL sorts NaN above every number).
        run.ToTable("runs", table =>
        {
            table.HasCheckConstraint("CK_runs_numbers", """
                "DistanceMeters" BETWEEN 1 AND 500000 AND "MovingTimeSeconds" BETWEEN 1 AND 604800
                AND "ElapsedTimeSeconds" BETWEEN "MovingTimeSeconds" AND 1209600
                AND "AverageSpeed" BETWEEN 0.001 AND 12.5 AND "MaxSpeed" BETWEEN 0.001 AND 12.5
                AND "ElevationGainMeters" BETWEEN 0 AND 30000
                AND ("AverageHeartRate" IS NULL OR "AverageHeartRate" BETWEEN 20 AND 250) AND ("MaxHeartRate" IS NULL OR "MaxHeartRate" BETWEEN 20 AND 250)
                AND ("AverageCadence" IS NULL OR "AverageCadence" BETWEEN 0 AND 300)
                AND "StartTimeLocal" >= TIMESTAMP '1900-01-01' AND "StartTime" >= TIMESTAMPTZ '1899-12-30 00:00+00'
                """);
            table.HasCheckConstraint("CK_runs_names", $"""
                "SportType" IN ('Run', 'TrailRun', 'VirtualRun') AND "Source" IN ('Strava', 'Manual', 'File')
                AND btrim("Name") <> '' AND "Name" !~ {StoredText.ControlCharacters} AND "SourceId" !~ {StoredText.ControlCharacters}
                AND ("SummaryPolyline" IS NULL OR ("SummaryPolyline" ~ '^[?-~]+$' AND length("SummaryPolyline") <= 100000))
                """);
        });
        run.HasKey(r => r.Id);
        run.Property(r => r.RunnerId).HasMaxLength(64);
        run.Property(r => r.SourceId).HasMaxLength(64);
        run.Property(r => r.Name).HasMaxLength(255);
        run.Property(r => r.TimeZone).HasMaxLength(64);
        run.Property(r => r.StartTimeLocal).HasColumnType("timestamp without time zone");

        // Natural key: a batch upsert from Strava finds the run it already has.
        run.HasIndex(r => new { r.RunnerId, r.Source, r.SourceId }).IsUnique();
        // Newest-first pages and month queries for one runner.
        run.HasIndex(r => new { r.RunnerId, r.StartTime }).IsDescending(false, true);
        // Monthly summaries across all runners: one month of local start times.
        run.HasIndex(r => new { r.StartTimeLocal, r.RunnerId });
    }
}
