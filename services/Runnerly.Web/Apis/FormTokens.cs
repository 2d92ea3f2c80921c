using Microsoft.AspNetCore.Antiforgery;

namespace Runnerly.Web.Apis;

/// <summary>Posts from the pages' forms that read no form fields themselves: the antiforgery token is still required.</summary>
internal static class FormTokens
{
    public static TBuilder RequireFormToken<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(RefuseWithoutAntiforgeryToken);

    /// <summary>The antiforgery middleware only records what it found; these endpoints read no form, so they refuse here.</summary>
    private static async ValueTask<object?> RefuseWithoutAntiforgeryToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "This form has expired. Go back, reload the page and try again.")
            : await next(context);
}
