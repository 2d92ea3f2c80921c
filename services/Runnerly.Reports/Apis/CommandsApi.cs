using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Runnerly.Reports.Scheduling;

namespace Runnerly.Reports.Apis;

/// <summary>
/// The developers' commands (the Aspire dashboard's buttons on the reports resource). Not
/// routed by the gateway, and each request must carry the admin key the AppHost generated; a
/// service without one answers 404 here.
/// </summary>
internal static class CommandsApi
{
    public const string KeyHeader = "X-Reports-Admin-Key";

    public static IEndpointRouteBuilder MapCommandsApi(this IEndpointRouteBuilder app)
    {
        var commands = app.MapGroup("/commands/reports").ExcludeFromDescription().AddEndpointFilter(RequireAdminKey);
        commands.MapPost("/send-last-month", async (DueSweep sweep, CancellationToken cancellationToken) =>
            TypedResults.Ok(await sweep.SendLastMonthNowAsync(null, cancellationToken)));
        commands.MapPost("/runners/{runnerId}/send-last-month", SendRunnersLastMonthAsync);
        commands.MapPost("/sweep", async (DueSweep sweep, CancellationToken cancellationToken) =>
            TypedResults.Ok(await sweep.RunAsync(cancellationToken)));
        return app;
    }

    private static async Task<Results<Ok<SweepResult>, ValidationProblem>> SendRunnersLastMonthAsync(string runnerId, DueSweep sweep,
        CancellationToken cancellationToken)
    {
        var id = runnerId.Trim();
        if (RunnersApi.RunnerIdProblems(id) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await sweep.SendLastMonthNowAsync(id, cancellationToken));
    }

    private static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<ReportsOptions>>().Value.AdminKey;
        if (string.IsNullOrEmpty(key))
        {
            return TypedResults.NotFound();
        }

        var given = context.HttpContext.Request.Headers[KeyHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key)))
        {
            return TypedResults.Unauthorized();
        }

        return await next(context);
    }
}
