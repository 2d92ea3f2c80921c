using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Runnerly.Training.Model;

namespace Runnerly.Training.Infrastructure;

public sealed class TrainingDbContext(DbContextOptions<TrainingDbContext> options) : DbContext(options)
{
    public DbSet<Race> Races => Set<Race>();

    public DbSet<RaceParticipation> Participations => Set<RaceParticipation>();

    public DbSet<RaceRunner> Runners => Set<RaceRunner>();

    public DbSet<Plan> Plans => Set<Plan>();

    public DbSet<PlanVersion> PlanVersions => Set<PlanVersion>();

    public DbSet<PlanSession> PlanSessions => Set<PlanSession>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfiguration(new RaceConfiguration());
        modelBuilder.ApplyConfiguration(new RaceParticipationConfiguration());
        modelBuilder.ApplyConfiguration(new RaceRunnerConfiguration());
        modelBuilder.ApplyConfiguration(new PlanConfiguration());
        modelBuilder.ApplyConfiguration(new PlanVersionConfiguration());
        modelBuilder.ApplyConfiguration(new PlanSessionConfiguration());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}

internal sealed class RaceConfiguration : IEntityTypeConfiguration<Race>
{
    public void Configure(EntityTypeBuilder<Race> race)
    {
        race.ToTable("races");
        race.HasKey(r => r.Id);
        race.Property(r => r.Name).HasMaxLength(Race.MaxNameLength);
        race.Property(r => r.TimeZone).HasMaxLength(64);
        race.Property(r => r.City).HasMaxLength(Race.MaxPlaceLength);
        race.Property(r => r.Country).HasMaxLength(2);
        race.Property(r => r.Website).HasMaxLength(Race.MaxWebsiteLength);
        race.Property(r => r.Description).HasMaxLength(Race.MaxDescriptionLength);
        race.Property(r => r.AddedBy).HasMaxLength(64);

        // The calendar in date order, upcoming or past, a page at a time.
        race.HasIndex(r => new { r.Date, r.Id });
        // Look-alikes on the same day, and the races a runner added lately (the daily limit).
        race.HasIndex(r => new { r.Date, r.DistanceMeters });
        race.HasIndex(r => new { r.AddedBy, r.CreatedAt });
        // Text search in names and cities.
        race.HasIndex(r => r.Name).HasMethod("gin").HasOperators("gin_trgm_ops");
        race.HasIndex(r => r.City).HasMethod("gin").HasOperators("gin_trgm_ops");
        race.HasMany(r => r.Participants).WithOne().HasForeignKey(p => p.RaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RaceParticipationConfiguration : IEntityTypeConfiguration<RaceParticipation>
{
    public void Configure(EntityTypeBuilder<RaceParticipation> participation)
    {
        participation.ToTable("race_participations");
        participation.HasKey(p => new { p.RaceId, p.RunnerId });
        participation.Property(p => p.RunnerId).HasMaxLength(64);
        participation.HasIndex(p => p.RunnerId);
        participation.Property(p => p.Version).IsRowVersion();
    }
}

internal sealed class RaceRunnerConfiguration : IEntityTypeConfiguration<RaceRunner>
{
    public void Configure(EntityTypeBuilder<RaceRunner> runner)
    {
        runner.ToTable("race_runners");
        runner.HasKey(r => r.RunnerId);
        runner.Property(r => r.RunnerId).HasMaxLength(64);
        runner.Property(r => r.DisplayName).HasMaxLength(100);
    }
}

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> plan)
    {
        plan.ToTable("plans");
        plan.HasKey(p => p.Id);
        plan.Property(p => p.RunnerId).HasMaxLength(64);
        plan.Property(p => p.TimeZone).HasMaxLength(64);
        plan.Property(p => p.CalendarSecret).HasMaxLength(64);
        plan.HasIndex(p => p.CalendarSecret).IsUnique();
        plan.HasIndex(p => new { p.RunnerId, p.Status });
        // At most one active plan per runner and race.
        plan.HasIndex(p => new { p.RunnerId, p.RaceId }).IsUnique().HasFilter("\"Status\" = 'Active'");
        plan.HasOne<Race>().WithMany().HasForeignKey(p => p.RaceId).OnDelete(DeleteBehavior.Cascade);
        plan.HasMany(p => p.Versions).WithOne().HasForeignKey(v => v.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanVersionConfiguration : IEntityTypeConfiguration<PlanVersion>
{
    public void Configure(EntityTypeBuilder<PlanVersion> version)
    {
        version.ToTable("plan_versions");
        version.HasKey(v => v.Id);
        version.HasIndex(v => new { v.PlanId, v.Number }).IsUnique();
        version.Property(v => v.Reason).HasMaxLength(200);
        version.Property(v => v.Warnings).HasColumnType("jsonb");
        version.Property(v => v.Weeks).HasColumnType("jsonb");
        version.HasMany(v => v.Sessions).WithOne().HasForeignKey(s => s.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanSessionConfiguration : IEntityTypeConfiguration<PlanSession>
{
    public void Configure(EntityTypeBuilder<PlanSession> session)
    {
        session.ToTable("plan_sessions");
        session.HasKey(s => s.Id);
        session.HasIndex(s => new { s.VersionId, s.Date });
        session.Property(s => s.Kind).HasMaxLength(32);
        session.Property(s => s.Description).HasMaxLength(500);
    }
}
