using Microsoft.AspNetCore.Antiforgery;

namespace Runnerly.Web.Apis;

/// <summary>Posts from the pages' forms that read no form fields themselves: the antiforgery token is still required.</summary>
internal static class FormTokens
{
    public static TBuilder RequireFormToken<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(RefuseWithoutAntiforgeryToken);

    /// <summary>
    /// The antiforgery middleware only records what it found; these endpoints read no form, so they refuse here,
    /// with no body: the status-code pages answer the browser with the "this form has expired" page.
    /// </summary>
    private static async ValueTask<object?> RefuseWithoutAntiforgeryToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
            ? TypedResults.BadRequest()
            : await next(context);
}
