using System.Data.Common;
using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Runnerly.Identity.Accounts;

public sealed class MailOptions
{
    public string From { get; set; } = "Runnerly <no-reply@runnerly.local>";
}

/// <summary>The emails an account receives.</summary>
public interface IAccountMailer
{
    Task SendConfirmationAsync(string email, string confirmLink, CancellationToken cancellationToken = default);

    Task SendPasswordResetAsync(string email, string resetLink, CancellationToken cancellationToken = default);

    Task SendEmailChangeAsync(string newEmail, string confirmLink, CancellationToken cancellationToken = default);

    /// <summary>To the owner of an address someone tried to sign up with again: the sign-up page says nothing of it.</summary>
    Task SendAccountExistsAsync(string email, string signInLink, string resetLink, CancellationToken cancellationToken = default);
}

/// <summary>
/// Sends account emails over SMTP (MailKit) to the server named by the <c>mail</c> connection
/// string: <c>Endpoint=smtp://host:port</c> (plain, as smtp4dev) or <c>smtps://</c> (TLS), with
/// optional <c>Username</c> and <c>Password</c>.
/// </summary>
internal sealed class SmtpAccountMailer(IConfiguration configuration, IOptions<MailOptions> options, ILogger<SmtpAccountMailer> logger) : IAccountMailer
{
    public const string ConnectionName = "mail";

    public Task SendConfirmationAsync(string email, string confirmLink, CancellationToken cancellationToken = default) =>
        SendAsync(email, AccountEmails.Confirmation(confirmLink), cancellationToken);

    public Task SendPasswordResetAsync(string email, string resetLink, CancellationToken cancellationToken = default) =>
        SendAsync(email, AccountEmails.PasswordReset(resetLink), cancellationToken);

    public Task SendEmailChangeAsync(string newEmail, string confirmLink, CancellationToken cancellationToken = default) =>
        SendAsync(newEmail, AccountEmails.EmailChange(confirmLink), cancellationToken);

    public Task SendAccountExistsAsync(string email, string signInLink, string resetLink, CancellationToken cancellationToken = default) =>
        SendAsync(email, AccountEmails.AccountExists(signInLink, resetLink), cancellationToken);

    private async Task SendAsync(string to, AccountEmail email, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = email.Subject;
        message.Body = email.Body();

        var settings = new DbConnectionStringBuilder
        {
            ConnectionString = configuration.GetConnectionString(ConnectionName)
                ?? throw new InvalidOperationException($"No connection string '{ConnectionName}' for the mail server."),
        };
        var endpoint = new Uri((string)settings["Endpoint"]);

        using var client = new SmtpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port,
            endpoint.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable,
            cancellationToken);
        if (settings.TryGetValue("Username", out var user) && settings.TryGetValue("Password", out var password))
        {
            await client.AuthenticateAsync((string)user, (string)password, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Sent '{Subject}' email", email.Subject);
    }
}

/// <summary>The account emails' words.</summary>
public static class AccountEmails
{
    public static AccountEmail Confirmation(string link) => new(
        "Confirm your Runnerly account", "Welcome to Runnerly!", "Confirm your email address to activate your account:", "Confirm my email", link,
        "The link works once and expires in 24 hours. If you did not sign up, ignore this email.");

    public static AccountEmail PasswordReset(string link) => new(
        "Reset your Runnerly password", "Reset your password",
        "Someone asked to reset the password of the Runnerly account for this address. Choose a new password here:", "Choose a new password", link,
        "The link works once and expires in 24 hours. If it was not you, ignore this email: your password stays as it is.");

    public static AccountEmail EmailChange(string link) => new(
        "Confirm your new Runnerly email", "Confirm your new email", "Confirm that this is the new email address of your Runnerly account:",
        "Confirm this address", link, "Until you do, your account keeps its old address. The link works once and expires in 24 hours.");

    public static AccountEmail AccountExists(string signInLink, string resetLink) => new(
        "You already have a Runnerly account", "You already have an account",
        "Someone, perhaps you, tried to create a Runnerly account with this address, which already has one. Sign in with it:", "Sign in", signInLink,
        $"Forgot your password? Choose a new one here: {resetLink} — If it was not you, ignore this email: nothing has changed.");
}

/// <summary>
/// An account email as plain text and as HTML in the app's look (header, accent button), sent as alternatives: mail
/// programs that show no HTML, or that are set not to, read the text. Styles are inline: mail programs drop style sheets.
/// </summary>
public sealed record AccountEmail(string Subject, string Heading, string Intro, string Button, string Link, string FinePrint)
{
    private const string Ink = "#1b1f24", Muted = "#4a5360", Accent = "#b4380b", Line = "#d9dde3", Page = "#f4f5f7";

    public string Text => $"""
        {Heading}

        {Intro}

        {Link}

        {FinePrint}
        """;

    public string Html
    {
        get
        {
            string E(string text) => WebUtility.HtmlEncode(text);
            return $"""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(Subject)}</title></head>
                <body style="margin:0;padding:0;background:{Page};color:{Ink};font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5">
                <table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:{Page}"><tr><td align="center" style="padding:24px 12px">
                <table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width:560px;background:#ffffff;border:1px solid {Line};border-radius:10px">
                <tr><td style="padding:14px 24px;border-bottom:1px solid {Line};font-size:20px;font-weight:700;color:{Ink}">Runnerly</td></tr>
                <tr><td style="padding:24px">
                <h1 style="font-size:22px;line-height:1.3;margin:0 0 12px">{E(Heading)}</h1>
                <p style="margin:0 0 20px">{E(Intro)}</p>
                <p style="margin:0 0 20px"><a href="{E(Link)}" style="display:inline-block;background:{Accent};color:#ffffff;font-weight:600;text-decoration:none;padding:12px 20px;border-radius:6px">{E(Button)}</a></p>
                <p style="margin:0 0 8px;font-size:14px;color:{Muted}">If the button does not work, open this link: <a href="{E(Link)}" style="color:{Accent};word-break:break-all">{E(Link)}</a></p>
                <p style="margin:0;font-size:14px;color:{Muted}">{E(FinePrint)}</p>
                </td></tr></table>
                </td></tr></table>
                </body></html>
                """;
        }
    }

    /// <summary>multipart/alternative: the text first, the HTML last (the one mail programs prefer when they can show it).</summary>
    public MimeEntity Body() => new BodyBuilder { TextBody = Text, HtmlBody = Html }.ToMessageBody();
}
