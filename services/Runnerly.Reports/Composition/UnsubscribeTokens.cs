using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Runnerly.Reports.Composition;

/// <summary>
/// The opaque part of an unsubscribe link: the runner id and an HMAC-SHA256 of it under the
/// service's secret key. It names one runner and only the key's holder can make one, so a
/// link cannot be forged, altered or turned to another runner.
/// </summary>
internal sealed class UnsubscribeTokens
{
    private const string Purpose = "runnerly.reports.unsubscribe.v1:";

    private readonly byte[] _key;

    public UnsubscribeTokens(IOptions<ReportsOptions> options)
    {
        var key = options.Value.UnsubscribeKey;
        if (string.IsNullOrWhiteSpace(key) || key.Length < 32)
        {
            throw new InvalidOperationException("Reports:UnsubscribeKey must be set to a secret of at least 32 characters.");
        }

        _key = Encoding.UTF8.GetBytes(key);
    }

    public string Create(string runnerId) =>
        $"{WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(runnerId))}.{WebEncoders.Base64UrlEncode(Sign(runnerId))}";

    /// <summary>The runner a token was made for, or null for anything this service did not sign.</summary>
    public string? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 400 || token.Split('.') is not [var id, var signature])
        {
            return null;
        }

        try
        {
            var idBytes = WebEncoders.Base64UrlDecode(id);
            var given = WebEncoders.Base64UrlDecode(signature);
            // The decoder forgives padding, whitespace and stray low bits, so several spellings carry the same bytes:
            // only the one this service wrote is a token, and a link that was changed in any way does nothing.
            if (WebEncoders.Base64UrlEncode(idBytes) != id || WebEncoders.Base64UrlEncode(given) != signature)
            {
                return null;
            }

            var runnerId = Encoding.UTF8.GetString(idBytes);
            return runnerId.Length is > 0 and <= 64 && CryptographicOperations.FixedTimeEquals(given, Sign(runnerId)) ? runnerId : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private byte[] Sign(string runnerId) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(Purpose + runnerId));
}

/// <summary>The absolute links of a runner's email, on the public URL.</summary>
internal sealed class ReportLinkBuilder(IOptions<ReportsOptions> options, UnsubscribeTokens tokens)
{
    public const string UnsubscribePath = "/reports/unsubscribe/";

    private string Origin => options.Value.PublicUrl.TrimEnd('/');

    public ReportLinks For(string runnerId) =>
        new($"{Origin}/dashboard", $"{Origin}/settings", UnsubscribeUrl(runnerId));

    public string UnsubscribeUrl(string runnerId) => $"{Origin}{UnsubscribePath}{tokens.Create(runnerId)}";
}
