using Microsoft.AspNetCore.Mvc;

namespace Runnerly.Gateway;

/// <summary>The answers the gateway gives itself, instead of forwarding: a status with a ProblemDetails body.</summary>
internal static class GatewayAnswers
{
    public static ValueTask AnswerProblemAsync(this HttpContext context, int status, string title, string detail,
        Action<ProblemDetails>? more = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        more?.Invoke(problem);
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
