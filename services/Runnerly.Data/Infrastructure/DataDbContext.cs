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

internal sealed class RunnerProfileConfiguration : IEntityTypeConfiguration<RunnerProfile>
{
    public void Configure(EntityTypeBuilder<RunnerProfile> profile)
    {
        profile.ToTable("runner_profiles");
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
        run.ToTable("runs");
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
