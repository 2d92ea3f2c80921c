using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Runnerly.Gateway.Hardening;

internal static class RequestHardening
{
    /// <summary>The body size limit, as Kestrel's own: a chunked body is cut off by the server when it passes it.</summary>
    public static IServiceCollection AddRequestHardening(this IServiceCollection services)
    {
        services.AddOptions<HardeningOptions>().BindConfiguration(HardeningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HardeningOptions>>((kestrel, hardening) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = hardening.Value.MaxRequestBodyBytes;
        });
        return services;
    }

    /// <summary>HSTS outside development, security headers on every response, and a body size limit.</summary>
    public static WebApplication UseRequestHardening(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseMiddleware<HardeningMiddleware>();
        return app;
    }
}

internal sealed class HardeningMiddleware
{
    private readonly RequestDelegate _next;
    private readonly HardeningOptions _options;
    private readonly Func<object, Task> _addHeaders;

    public HardeningMiddleware(RequestDelegate next, IOptions<HardeningOptions> options)
    {
        (_next, _options) = (next, options.Value);
        _addHeaders = context => AddHeaders((HttpContext)context);
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(_addHeaders, context);
        // A declared length over the limit is refused before anything is read.
        return context.Request.ContentLength > _options.MaxRequestBodyBytes ? RefuseBodyAsync(context) : _next(context);
    }

    private Task RefuseBodyAsync(HttpContext context) => context.AnswerProblemAsync(StatusCodes.Status413PayloadTooLarge,
        "The request body is too large", $"A request body may have at most {_options.MaxRequestBodyBytes} bytes.").AsTask();

    private Task AddHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = _options.ReferrerPolicy;
        if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = _options.ContentSecurityPolicy;
        }

        headers.Remove(HeaderNames.Server); // the upstream's, which the proxy copies
        if (PersonalAnswers.Include(context.Request.Path))
        {
            PersonalAnswers.KeepOutOfSharedCaches(headers);
        }

        return Task.CompletedTask;
    }
}
