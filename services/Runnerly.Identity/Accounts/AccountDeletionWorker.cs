using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Runnerly.Identity.Infrastructure;

namespace Runnerly.Identity.Accounts;

/// <summary>Deletes an account and queues the deletion of its data in every service that holds some.</summary>
public sealed class AccountDeleter(
    AccountsDbContext db,
    UserManager<IdentityUser> users,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    IConfiguration configuration,
    TimeProvider time)
{
    public Task<IdentityResult> DeleteAsync(IdentityUser user, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(() => DeleteOnceAsync(user, cancellationToken));

    private async Task<IdentityResult> DeleteOnceAsync(IdentityUser user, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var service in AccountDeletionWorker.Services(configuration).Keys)
        {
            db.AccountDeletions.Add(new AccountDeletion { UserId = user.Id, Service = service, CreatedAt = now, NextAttemptAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded)
        {
            return deleted;
        }

        // Refresh tokens and authorizations die with the account; access tokens expire within minutes.
        await foreach (var token in tokens.FindBySubjectAsync(user.Id, cancellationToken))
        {
            await tokens.TryRevokeAsync(token, cancellationToken);
        }

        await foreach (var authorization in authorizations.FindBySubjectAsync(user.Id, cancellationToken))
        {
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}

/// <summary>
/// Calls <c>DELETE {service}/api/runners/{id}</c> with a service token for every queued deletion,
/// retrying with backoff until the service answers 2xx (or 404: nothing was there) — and once more
/// after every access token issued before the deletion has expired (<see cref="AccountDeletion.FirstPassAt"/>).
/// </summary>
public sealed class AccountDeletionWorker(
    IServiceScopeFactory scopes,
    IHttpClientFactory http,
    IConfiguration configuration,
    MigrationStatus<AccountsDbContext> migrations,
    IOptions<OpenIddictServerOptions> tokenServer,
    TimeProvider time,
    ILogger<AccountDeletionWorker> logger) : BackgroundService
{
    /// <summary>Beyond the access tokens' lifetime: the APIs' clock skew (30 s) and a token issued as the account was being deleted.</summary>
    public static readonly TimeSpan SecondPassMargin = TimeSpan.FromMinutes(5);

    public const string HttpClientName = "runner-data-services";

    /// <summary>After a failed attempt: 2 s, doubling, at most 10 minutes.</summary>
    private static readonly Backoff Retry = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10));
    private static readonly ActivitySource Source = new("Runnerly.Identity.AccountDeletion");

    /// <summary>Services holding runners' data: name → base URL (<c>Identity:RunnerDataServices</c>).</summary>
    public static Dictionary<string, string> Services(IConfiguration configuration) =>
        configuration.GetSection("Identity:RunnerDataServices").GetChildren()
            .Where(s => !string.IsNullOrWhiteSpace(s.Value))
            .ToDictionary(s => s.Key, s => s.Value!);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await migrations.Applied.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked = await ProcessNextAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Processing account deletions failed");
            }

            if (!worked)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task<bool> ProcessNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(() => ProcessNextAsync(db, cancellationToken));
    }

    private async Task<bool> ProcessNextAsync(AccountsDbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // SKIP LOCKED lets several replicas share the queue without taking the same row.
        var due = await db.AccountDeletions
            .FromSql($"""
                SELECT * FROM account_deletions
                WHERE "CompletedAt" IS NULL AND "NextAttemptAt" <= {time.GetUtcNow()}
                ORDER BY "NextAttemptAt" LIMIT 1 FOR UPDATE SKIP LOCKED
                """)
            .SingleOrDefaultAsync(cancellationToken);
        if (due is null)
        {
            return false;
        }

        using var activity = Source.StartActivity("Delete runner data");
        activity?.SetTag("runnerly.service", due.Service);
        due.Attempts++;
        try
        {
            var baseUrl = Services(configuration).GetValueOrDefault(due.Service)
                ?? throw new InvalidOperationException($"No URL configured for '{due.Service}'.");
            using var response = await http.CreateClient(HttpClientName)
                .DeleteAsync($"{baseUrl.TrimEnd('/')}/api/runners/{Uri.EscapeDataString(due.UserId)}", cancellationToken);
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
            {
                Passed(due);
            }
            else
            {
                Reschedule(due, $"{(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever failed (token, network, timeout), the deletion stays queued with its reason.
            Reschedule(due, $"{ex.GetType().Name}: {ex.Message}");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private void Passed(AccountDeletion deletion)
    {
        var now = time.GetUtcNow();
        deletion.LastError = null;
        var lastTokenExpired = deletion.CreatedAt + (tokenServer.Value.AccessTokenLifetime ?? TimeSpan.Zero) + SecondPassMargin;
        if (deletion.FirstPassAt is null && now < lastTokenExpired)
        {
            deletion.FirstPassAt = now;
            deletion.NextAttemptAt = lastTokenExpired;
        }
        else
        {
            // A pass after the last token expired: nothing can be written for this runner any more.
            deletion.FirstPassAt ??= now;
            deletion.CompletedAt = now;
        }
    }

    private void Reschedule(AccountDeletion deletion, string error)
    {
        var delay = Retry.After(deletion.Attempts); // counted already
        deletion.NextAttemptAt = time.GetUtcNow() + delay;
        deletion.LastError = error.Length > 500 ? error[..500] : error;
        logger.LogWarning("Deleting runner data in {Service} failed ({Error}); retrying in {Delay}", deletion.Service, error, delay);
    }
}
