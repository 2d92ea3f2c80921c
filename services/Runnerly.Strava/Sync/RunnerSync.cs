using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Runnerly.Strava.Clients;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

/// <summary>
/// One step of work on one runner's link, which the caller holds: a page of history, a sync of
/// recent activities, a webhook event, a disconnection. Each step saves its own progress.
/// </summary>
internal sealed partial class RunnerSync(
    StravaDbContext db, StravaClient strava, AthleteAccess access, DataServiceClient data, Disconnection disconnection,
    IOptions<SyncOptions> options, TimeProvider clock, ILogger<RunnerSync> logger)
{
    /// <summary>Strava's before/after are exclusive: pages overlap by a second, so activities started in the same second on both sides of a page boundary are all imported.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(1);

    /// <summary>A sync step lists at most this many pages, saving after each; a longer gap is caught up over the next turns.</summary>
    private const int PagesPerStep = 5;

    /// <summary>
    /// Imports the next page of history, newest first, and moves the checkpoint past it in the
    /// same save: a crash before the save repeats the page (the upsert is idempotent), never skips one.
    /// </summary>
    public async Task<int> BackfillPageAsync(StravaLink link, CancellationToken cancellationToken)
    {
        if (link.EstimatedTotal is null && link.BackfillPages == 0)
        {
            var stats = await access.CallAsync(link, token => strava.GetStatsAsync(link.AthleteId, token, StravaWork.Backfill, cancellationToken), cancellationToken);
            link.EstimatedTotal = stats.AllRunTotals.Count;
            await db.SaveChangesAsync(cancellationToken);
        }

        var checkpoint = link.BackfillBefore;
        var page = await access.CallAsync(link,
            token => strava.ListActivitiesAsync(token, StravaWork.Backfill, before: checkpoint + Overlap, after: null, page: 1, cancellationToken), cancellationToken);
        await data.UpsertAsync(link.RunnerId, page, cancellationToken);
        if (link.BackfillPages == 0 && page.Select(a => a.IanaTimeZone).FirstOrDefault(zone => zone is not null) is { } zone)
        {
            // The newest activity's zone is where the runner lives now: a runner who never chose a zone gets it.
            await data.SuggestTimeZoneAsync(link.RunnerId, zone, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var older = page.Where(a => checkpoint is null || a.StartDate < checkpoint).ToList(); // not the overlap, seen already
        link.Imported += older.Count(a => a.IsRun);
        link.BackfillPages++;
        link.LastSyncedAt = now;
        if (older.Count > 0)
        {
            link.BackfillBefore = older.Min(a => a.StartDate);
            link.NewestStart = Latest(link.NewestStart, older.Max(a => a.StartDate));
        }
        else
        {
            // Only an empty page ends the history: Strava may leave activities out of a page after
            // cutting it, so a short page says nothing. Then catch up on whatever was added while
            // the history came in (webhooks bring most of it); the safety syncs start from here.
            link.BackfillComplete = true;
            link.NextSyncAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return older.Count(a => a.IsRun);
    }

    /// <summary>
    /// Imports what is new since the newest activity seen, looking a little further back for
    /// edits a lost webhook event did not bring.
    /// </summary>
    public async Task<int> SyncRecentAsync(StravaLink link, CancellationToken cancellationToken)
    {
        var after = (link.NewestStart ?? link.LinkedAt) - options.Value.SafetySyncOverlap;
        var created = 0;
        for (var pages = 1; ; pages++)
        {
            var page = await access.CallAsync(link,
                token => strava.ListActivitiesAsync(token, StravaWork.Live, before: null, after: after - Overlap, page: 1, cancellationToken), cancellationToken);
            var added = await data.UpsertAsync(link.RunnerId, page, cancellationToken);
            created += added;
            link.Imported += added;
            link.LastSyncedAt = clock.GetUtcNow();
            var newer = page.Where(a => a.StartDate > after).ToList(); // not the overlap, seen already
            if (newer.Count > 0)
            {
                after = newer.Max(a => a.StartDate);
                link.NewestStart = Latest(link.NewestStart, after);
            }
            else
            {
                // As for the backfill, only an empty page says there is nothing more.
                link.NextSyncAt = clock.GetUtcNow() + options.Value.SafetySyncInterval;
                await db.SaveChangesAsync(cancellationToken);
                return created;
            }

            await db.SaveChangesAsync(cancellationToken); // progress kept if a later page fails
            if (pages == PagesPerStep)
            {
                return created; // still due: the rest on the next turn, after other runners' work
            }
        }
    }

    /// <summary>
    /// Brings the runner's data in line with a webhook event. Events are only hints (anyone can
    /// post to the webhook): what is imported, kept or deleted is what Strava itself answers, about
    /// an activity of the event's owner. An athlete's events read Strava at most
    /// <see cref="SyncOptions.EventReadsPerAthlete"/> times a window; the rest are folded into one safety sync.
    /// </summary>
    public async Task ProcessEventAsync(StravaLink link, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var isActivity = webhookEvent.ObjectType == "activity";
        if ((isActivity || RevokesAccess(webhookEvent)) && !await TakeEventReadAsync(link, now, cancellationToken))
        {
            webhookEvent.Folded = true;
        }
        else if (isActivity)
        {
            var activity = await ActivityAsync(link, webhookEvent.ObjectId, cancellationToken);
            if (activity is not null && activity.Athlete?.Id != webhookEvent.OwnerId)
            {
                // Strava shows a token other athletes' public activities too: this one is not the owner's to import, nor to delete.
                LogNotTheOwners(logger, webhookEvent.ObjectId, webhookEvent.OwnerId);
            }
            else if (activity is { IsRun: true })
            {
                link.Imported += await data.UpsertAsync(link.RunnerId, [activity], cancellationToken);
                link.NewestStart = Latest(link.NewestStart, activity.StartDate);
            }
            else
            {
                // Deleted, made private, or no longer a run.
                await data.DeleteRunAsync(link.RunnerId, webhookEvent.ObjectId, cancellationToken);
            }
        }
        else if (webhookEvent.ObjectType == "athlete" && RevokesAccess(webhookEvent) && !await GrantStillWorksAsync(link, cancellationToken))
        {
            link.DisconnectRequestedAt ??= now;
        }

        link.LastSyncedAt = now;
        webhookEvent.ProcessedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        if (link.DisconnectRequestedAt is not null)
        {
            await disconnection.CompleteAsync(link, deleteImportedRuns: true, cancellationToken);
        }
    }

    /// <summary>
    /// Counts one Strava read against the athlete's events this window (saved before the read is
    /// made); false once their reads are used. The first event over brings the runner's safety sync
    /// forward, whose one list of recent activities stands in for it and the rest of the window's.
    /// </summary>
    private async Task<bool> TakeEventReadAsync(StravaLink link, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = StravaBudget.WindowStart(now);
        if (link.EventReadsWindow != window)
        {
            (link.EventReadsWindow, link.EventReads) = (window, 0);
        }

        var allowed = options.Value.EventReadsPerAthlete;
        if (link.EventReads > allowed)
        {
            return false;
        }

        link.EventReads++;
        if (link.EventReads > allowed)
        {
            if (link.NextSyncAt > now)
            {
                link.NextSyncAt = now; // while the history is still coming in, its closing catch-up sync does this
            }

            LogFolded(logger, link.RunnerId, allowed);
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private async Task<StravaActivity?> ActivityAsync(StravaLink link, long activityId, CancellationToken cancellationToken)
    {
        try
        {
            return await access.CallAsync(link, token => strava.GetActivityAsync(activityId, token, StravaWork.Event, cancellationToken), cancellationToken);
        }
        catch (StravaException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<bool> GrantStillWorksAsync(StravaLink link, CancellationToken cancellationToken)
    {
        try
        {
            await access.CallAsync(link, token => strava.GetAthleteAsync(token, StravaWork.Event, cancellationToken), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is StravaGrantRevokedException or StravaException { Status: HttpStatusCode.Unauthorized })
        {
            return false;
        }
    }

    private static bool RevokesAccess(WebhookEvent webhookEvent)
    {
        using var updates = JsonDocument.Parse(webhookEvent.Updates);
        return updates.RootElement.ValueKind == JsonValueKind.Object
            && updates.RootElement.TryGetProperty("authorized", out var authorized)
            && authorized.ValueKind == JsonValueKind.String && authorized.GetString() == "false";
    }

    private static DateTimeOffset Latest(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } known && known > candidate ? known : candidate;

    [LoggerMessage(LogLevel.Warning, "Strava activity {ActivityId} of a webhook event for athlete {OwnerId} belongs to another athlete; nothing was imported")]
    private static partial void LogNotTheOwners(ILogger logger, long activityId, long ownerId);

    [LoggerMessage(LogLevel.Information, "Runner {RunnerId}'s webhook events used their {Reads} Strava reads for this window; the rest are folded into a safety sync")]
    private static partial void LogFolded(ILogger logger, string runnerId, int reads);
}
