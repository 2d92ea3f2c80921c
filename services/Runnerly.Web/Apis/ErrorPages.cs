using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;

namespace Runnerly.Web.Apis;

/// <summary>Browsers get pages, not the ProblemDetails the service defaults answer with: every error re-runs <c>/error/{status}</c>.</summary>
internal static class ErrorPages
{
    public static WebApplication UseErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler("/error/500", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
        // A refused form post is re-run as a post: the error page is read, not submitted to, and the token already found bad is forgotten.
        app.Use((context, next) =>
        {
            if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
            {
                context.Request.Method = HttpMethods.Get;
                context.Features.Set<IAntiforgeryValidationFeature>(null);
            }

            return next(context);
        });
        return app;
    }
}
