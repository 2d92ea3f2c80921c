using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Runnerly.Strava.Clients;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Infrastructure;

internal sealed class StravaDbContext(DbContextOptions<StravaDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<StravaLink> Links => Set<StravaLink>();

    public DbSet<LinkRequest> LinkRequests => Set<LinkRequest>();

    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    public DbSet<PushSubscription> PushSubscriptions => Set<PushSubscription>();

    /// <summary>The keys that encrypt Strava tokens, shared by every replica.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<StravaLink>(link =>
        {
            link.ToTable("strava_links");
            link.HasKey(l => l.RunnerId);
            link.Property(l => l.RunnerId).HasMaxLength(64);
            link.Property(l => l.AthleteName).HasMaxLength(StravaAthlete.MaxNameLength);
            link.HasIndex(l => l.AthleteId).IsUnique();
        });
        model.Entity<LinkRequest>(request =>
        {
            request.ToTable("link_requests");
            request.HasKey(r => r.State);
            request.Property(r => r.State).HasMaxLength(64);
            request.Property(r => r.RunnerId).HasMaxLength(64);
            request.Property(r => r.BindingHash).HasMaxLength(64);
        });
        model.Entity<WebhookEvent>(webhookEvent =>
        {
            webhookEvent.ToTable("webhook_events");
            webhookEvent.Property(e => e.ObjectType).HasMaxLength(16);
            webhookEvent.Property(e => e.AspectType).HasMaxLength(16);
            webhookEvent.Property(e => e.Updates).HasColumnType("jsonb");
            webhookEvent.Property(e => e.Repeats).IsConcurrencyToken();
            webhookEvent.HasIndex(e => new { e.ObjectType, e.ObjectId, e.OwnerId }).IsUnique().HasFilter("\"ProcessedAt\" IS NULL");
            webhookEvent.HasIndex(e => e.NextAttemptAt).HasFilter("\"ProcessedAt\" IS NULL");
        });
        model.Entity<PushSubscription>(subscription =>
        {
            subscription.ToTable("push_subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.Property(s => s.Id).ValueGeneratedNever();
            subscription.Property(s => s.CallbackUrl).HasMaxLength(2048);
        });
    }
}
