using System.Data.Common;
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
        SendAsync(email, "Confirm your Runnerly account", $"""
            Welcome to Runnerly!

            Confirm your email address to activate your account:

            {confirmLink}

            The link works once and expires in 24 hours. If you did not sign up, ignore this email.
            """, cancellationToken);

    public Task SendPasswordResetAsync(string email, string resetLink, CancellationToken cancellationToken = default) =>
        SendAsync(email, "Reset your Runnerly password", $"""
            Someone asked to reset the password of the Runnerly account for this address.

            Choose a new password here:

            {resetLink}

            The link works once and expires in 24 hours. If it was not you, ignore this email: your password stays as it is.
            """, cancellationToken);

    public Task SendEmailChangeAsync(string newEmail, string confirmLink, CancellationToken cancellationToken = default) =>
        SendAsync(newEmail, "Confirm your new Runnerly email", $"""
            Confirm that this is the new email address of your Runnerly account:

            {confirmLink}

            Until you do, your account keeps its old address. The link works once and expires in 24 hours.
            """, cancellationToken);

    private async Task SendAsync(string to, string subject, string text, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };

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
        logger.LogInformation("Sent '{Subject}' email", subject);
    }
}
