using System.Security.Cryptography;
using System.Text;

namespace Runnerly.Gateway.RateLimiting;

/// <summary>What a request is counted by, besides its client address (<see cref="ClientAddress"/>).</summary>
internal static class Partitions
{
    /// <summary>
    /// The email an account page will see, read as its model binding reads it: the form's first
    /// value, else the query string's. The body stays readable for the upstream.
    /// </summary>
    public static async Task<string?> TypedEmailAsync(HttpRequest request)
    {
        var email = "";
        if (request.HasFormContentType)
        {
            request.EnableBuffering();
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            request.Body.Position = 0;
            email = form["Email"].FirstOrDefault() ?? "";
        }

        if (email.Length == 0)
        {
            email = request.Query["Email"].FirstOrDefault() ?? "";
        }

        email = email.Trim();
        return email.Length == 0 ? null : email.ToUpperInvariant();
    }

    public static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }

    /// <summary>Keys in Redis never hold an email address or a token, only a digest of it.</summary>
    public static string Digest(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 16);
}
