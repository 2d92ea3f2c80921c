using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Reports.Infrastructure;

namespace Runnerly.Reports.Apis;

/// <summary>Endpoints for services (service tokens with scopes), never for runners' own tokens.</summary>
internal static class RunnersApi
{
    public const string DeleteRunnersPolicy = "runners.delete";

    public static IEndpointRouteBuilder MapRunnersApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/runners/{runnerId}", DeleteRunnerAsync)
            .WithTags("Runners (services)")
            .RequireAuthorization(DeleteRunnersPolicy)
            .WithSummary("Forgets a runner whose account was deleted: every report, sent or not, and its archived copy.");
        return app;
    }

    /// <summary>A runner id as identity makes them and the reports table holds them (1 to 64 printable characters), named when it is not one.</summary>
    internal static Dictionary<string, string[]> RunnerIdProblems(string runnerId) =>
        string.IsNullOrWhiteSpace(runnerId) || runnerId.Length > 64 || TextRules.HasControlCharacters(runnerId)
            ? new() { ["runnerId"] = ["A runner id has 1 to 64 printable characters."] }
            : [];

    private static async Task<Results<NoContent, ValidationProblem>> DeleteRunnerAsync(string runnerId, ReportsDbContext db, CancellationToken cancellationToken)
    {
        if (RunnerIdProblems(runnerId) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Idempotent: deleting twice, or a runner with no reports, answers the same.
        await db.Reports.Where(r => r.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
