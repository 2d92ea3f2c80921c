using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// ETags for GET endpoints: a hash of the JSON body. A client that sends it back in
/// <c>If-None-Match</c> gets 304 Not Modified and no body.
/// </summary>
public static class ETags
{
    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var inner = result is INestedHttpResult nested ? nested.Result : result;
            if (inner is not (IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } and IValueHttpResult { Value: { } value }))
            {
                return result;
            }

            var http = context.HttpContext;
            var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json)))[..32]}\"";
            http.Response.Headers.ETag = tag;
            http.Response.Headers.CacheControl = "private, no-cache";

            var sent = http.Request.Headers.IfNoneMatch.ToString();
            return sent.Split(',', StringSplitOptions.TrimEntries).Any(t => t == tag || t == "W/" + tag || t == "*")
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : result;
        });
}
