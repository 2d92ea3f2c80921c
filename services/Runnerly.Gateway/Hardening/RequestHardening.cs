using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Runnerly.Gateway.Hardening;

internal static class RequestHardening
{
    /// <summary>HSTS outside development, security headers on every response, and a body size limit.</summary>
    public static WebApplication UseRequestHardening(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        var options = app.Services.GetRequiredService<IOptions<HardeningOptions>>().Value;
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() => AddSecurityHeaders(context.Response, options));
            return next(context);
        });
        app.Use(async (context, next) =>
        {
            // A declared length over the limit is refused before anything is read; a chunked body
            // is cut off by the server when it passes the same limit.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = options.MaxRequestBodyBytes;
            }

            if (context.Request.ContentLength > options.MaxRequestBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "The request body is too large",
                        Detail = $"A request body may have at most {options.MaxRequestBodyBytes} bytes.",
                    },
                });
                return;
            }

            await next(context);
        });
        return app;
    }

    private static Task AddSecurityHeaders(HttpResponse response, HardeningOptions options)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = options.ReferrerPolicy;
        if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = options.ContentSecurityPolicy;
        }

        headers.Remove(HeaderNames.Server); // the upstream's, which the proxy copies
        return Task.CompletedTask;
    }
}
