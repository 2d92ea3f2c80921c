using Microsoft.Net.Http.Headers;

namespace Runnerly.Gateway.Hardening;

/// <summary>
/// Answers under <c>/api</c> are a runner's own data: no shared cache (a CDN, a company proxy)
/// may keep them, whatever the service said.
/// </summary>
internal static class PersonalAnswers
{
    private static readonly PathString Api = "/api";

    public static bool Include(PathString path) => path.StartsWithSegments(Api);

    /// <summary>
    /// <c>private, no-store</c>, unless the service already said <c>no-store</c>. An answer with an
    /// ETag gets <c>private, no-cache</c> instead: a browser may keep it only to revalidate it with
    /// <c>If-None-Match</c> (which <c>no-store</c> would rule out), and must ask every time.
    /// </summary>
    public static void KeepOutOfSharedCaches(IHeaderDictionary headers)
    {
        if (headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        headers.CacheControl = headers.ContainsKey(HeaderNames.ETag) ? "private, no-cache" : "private, no-store";
    }
}
