using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The safety net under every write path: a write that met another one and was not caught where it happened (a row
/// changed or deleted between reading and saving it, a deadlock, a serialization failure) answers 409 with
/// ProblemDetails, not 500. Endpoints still catch their own conflicts, to say what happened in their terms; this
/// answers for a path that does not (yet), and logs a warning naming it.
/// </summary>
public static class WriteConflictAnswers
{
    public static IHostApplicationBuilder AddWriteConflictAnswers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddExceptionHandler<ConflictHandler>();
        return builder;
    }

    /// <summary>PostgreSQL's serialization failure and deadlock: the transaction lost to another, and may simply be retried.</summary>
    private static readonly string[] LostToAnotherTransaction = ["40001", "40P01"];

    private static bool IsWriteConflict(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbException { SqlState: { } state } => LostToAnotherTransaction.Contains(state),
        _ => exception.InnerException is { } inner && IsWriteConflict(inner),
    };

    private sealed class ConflictHandler(IProblemDetailsService problems, ILogger<ConflictHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (!IsWriteConflict(exception))
            {
                return false;
            }

            logger.LogWarning(exception, "{Method} {Path} met a concurrent write it does not handle; answered 409",
                context.Request.Method, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "Changed at the same moment",
                    Detail = "Something else changed this at the same moment (another tab or device, perhaps). Reload it to see where it stands, then try again if you still need to.",
                },
            });
        }
    }
}
