using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Runnerly.Identity.Accounts;

namespace Runnerly.Identity.Infrastructure;

/// <summary>
/// Accounts (ASP.NET Core Identity), OpenIddict's applications, scopes, authorizations and
/// tokens, the token server's keys, and the data-protection keys every replica shares.
/// </summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options)
    : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();

    public DbSet<AccountDeletion> AccountDeletions => Set<AccountDeletion>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SignInFailures> SignInFailures => Set<SignInFailures>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();

        builder.Entity<ServerKey>(key =>
        {
            key.ToTable("server_keys");
            key.HasKey(k => k.Name);
            key.Property(k => k.Name).HasMaxLength(64);
        });

        builder.Entity<AccountDeletion>(deletion =>
        {
            deletion.ToTable("account_deletions");
            deletion.Property(d => d.UserId).HasMaxLength(64);
            deletion.Property(d => d.Service).HasMaxLength(64);
            deletion.Property(d => d.LastError).HasMaxLength(500);
            deletion.HasIndex(d => new { d.UserId, d.Service }).IsUnique();
            // The worker's queue: what is due and not done.
            deletion.HasIndex(d => d.NextAttemptAt).HasFilter("\"CompletedAt\" IS NULL");
        });

        builder.Entity<SignInFailures>(failures =>
        {
            failures.ToTable("sign_in_failures");
            failures.HasKey(f => f.Key);
            failures.Property(f => f.Key).HasMaxLength(64);
        });
    }
}

/// <summary>A key of the token server, generated once and kept so tokens survive restarts.</summary>
public sealed class ServerKey
{
    public required string Name { get; init; }

    /// <summary>PEM for RSA keys, base64 for symmetric ones.</summary>
    public required string Material { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
