using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Runnerly.Identity.Infrastructure;

namespace Runnerly.Identity.Pages;

/// <summary>What the account pages share: a notice line, errors, and single-use links.</summary>
public abstract class AccountPageModel : PageModel
{
    public string? Notice { get; protected set; }

    protected void AddErrors(IdentityResult result)
    {
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(ErrorField(error.Code), error.Description);
        }
    }

    protected string Link(string page, string userId, string token) => PublicLink(page, new { userId, code = Encode(token) });

    /// <summary>
    /// An absolute link for an email. It starts with the public URL runners use (the issuer: the
    /// gateway's), not with whatever address this request reached the service at.
    /// </summary>
    protected string PublicLink(string page, object values) => PublicUrl(Url.Page(page, pageHandler: null, values)!);

    protected string PublicUrl(string path)
    {
        var issuer = HttpContext.RequestServices.GetRequiredService<IConfiguration>()[TokenServer.IssuerSetting];
        var origin = string.IsNullOrEmpty(issuer) ? $"{Request.Scheme}://{Request.Host}" : issuer.TrimEnd('/');
        return origin + path;
    }

    protected static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    protected static string? Decode(string? code)
    {
        try
        {
            return code is null ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string ErrorField(string code) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "Password",
        "DuplicateEmail" or "InvalidEmail" or "DuplicateUserName" or "InvalidUserName" => "Email",
        _ => string.Empty,
    };
}
