using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Infrastructure;

/// <summary>
/// The reports, one per runner and month, with what was sent; the due sweeps' progress. The
/// scheduler's own tables (Quartz's job store) live in the <c>quartz</c> schema of the same
/// database, created by a migration (Quartz does not create them).
/// </summary>
public sealed class ReportsDbContext(DbContextOptions<ReportsDbContext> options) : DbContext(options)
{
    public DbSet<MonthlyReport> Reports => Set<MonthlyReport>();

    public DbSet<ReportPeriod> Periods => Set<ReportPeriod>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new MonthlyReportConfiguration());
        modelBuilder.ApplyConfiguration(new ReportPeriodConfiguration());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(16);
    }
}

internal sealed class MonthlyReportConfiguration : IEntityTypeConfiguration<MonthlyReport>
{
    public void Configure(EntityTypeBuilder<MonthlyReport> report)
    {
        report.ToTable("monthly_reports");
        report.HasKey(r => r.Id);
        report.Property(r => r.RunnerId).HasMaxLength(64);
        report.Property(r => r.TimeZone).HasMaxLength(64);
        report.Property(r => r.Reason).HasMaxLength(500);
        report.Property(r => r.MessageId).HasMaxLength(200);
        report.Property(r => r.Subject).HasMaxLength(300);
        report.Property(r => r.SmtpResponse).HasMaxLength(500);
        report.Property(r => r.FiguresJson).HasColumnType("jsonb");
        report.Property(r => r.TraceParent).HasMaxLength(64);

        // Exactly one report per runner and month, whatever the number of sweeps and replicas.
        report.HasIndex(r => new { r.RunnerId, r.Year, r.Month }).IsUnique();
        // The workers' queue: what is waiting, or claimed by a worker whose claim may have run out.
        report.HasIndex(r => r.NextAttemptAt).HasFilter("\"Status\" IN ('Pending', 'Sending')");
        // A month's sweep: which runners have their report already. (A runner's archive uses the unique index.)
        report.HasIndex(r => new { r.Year, r.Month });
    }
}

internal sealed class ReportPeriodConfiguration : IEntityTypeConfiguration<ReportPeriod>
{
    public void Configure(EntityTypeBuilder<ReportPeriod> period)
    {
        period.ToTable("report_periods");
        period.HasKey(p => new { p.Year, p.Month });
    }
}
