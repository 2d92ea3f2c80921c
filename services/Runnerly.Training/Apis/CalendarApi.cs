using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Runnerly.Training.Infrastructure;
using Runnerly.Training.Model;
using Runnerly.Training.Plans;

namespace Runnerly.Training.Apis;

/// <summary>
/// A plan's private calendar feed: the one path without a bearer token (calendar apps cannot sign in);
/// the unguessable secret in its URL is the key, revoked by a new one or by archiving the plan.
/// </summary>
internal static class CalendarApi
{
    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/calendar/{feed}", FeedAsync)
            .WithTags("Calendar")
            .AllowAnonymous()
            .WithSummary("The plan's sessions and race as iCalendar (text/calendar), for the secret in the URL (…/calendar/{secret}.ics).");
        return app;
    }

    private static async Task<ContentHttpResult> FeedAsync(
        HttpContext context, string feed, TrainingDbContext db, TimeProvider clock, IOptions<TrainingOptions> options, ILogger<Plan> logger,
        CancellationToken cancellationToken)
    {
        var secret = feed.EndsWith(".ics", StringComparison.Ordinal) ? feed[..^4] : feed;
        var plan = secret.Length is > 0 and <= 64
            ? await db.Plans.AsNoTracking().AsSplitQuery().Include(p => p.Versions).ThenInclude(v => v.Sessions)
                .SingleOrDefaultAsync(p => p.CalendarSecret == secret && p.Status == PlanStatus.Active, cancellationToken)
            : null;
        if (plan is null)
        {
            // A browser may open the link too: a page, not a bare status.
            return AppPage.Result(StatusCodes.Status404NotFound, "This calendar link no longer works",
                "It was replaced by a new link, or its plan was archived. Open your plan in Runnerly to copy the current link.",
                new PageLink("Your plans", "/plans"));
        }

        logger.LogInformation("Calendar of plan {PlanId} read by {UserAgent}", plan.Id, context.Request.Headers.UserAgent.ToString());
        var race = await db.Races.AsNoTracking().SingleAsync(r => r.Id == plan.RaceId, cancellationToken);
        context.Response.Headers.CacheControl = "private, max-age=900";
        return TypedResults.Content(PlanCalendar.Feed(PlanSchedule.Of(plan), race, options.Value.PublicUrl, clock.GetUtcNow()), "text/calendar; charset=utf-8");
    }
}
