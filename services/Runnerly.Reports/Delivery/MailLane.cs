using System.Data.Common;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Runnerly.Reports.Delivery;

/// <summary>
/// One SMTP connection (MailKit's client is not thread-safe), used by one worker for one
/// message at a time and kept open between messages. Every exchange has a timeout, so a slow
/// or dead mail server costs a report one attempt, never a worker forever.
/// </summary>
internal sealed class MailLane(IConfiguration configuration, ReportsOptions options, TimeProvider time) : IAsyncDisposable
{
    public const string ConnectionName = "mail";

    private SmtpClient? _client;
    private DateTimeOffset _lastUsed;
    private int _sentOnConnection;

    /// <summary>Sends; returns the server's answer to the message. Throws <see cref="MailDeliveryException"/> when it was not accepted.</summary>
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.SmtpTimeout);
        try
        {
            var client = await ConnectedAsync(timeout.Token);
            var response = await client.SendAsync(message, timeout.Token);
            _lastUsed = time.GetUtcNow();
            _sentOnConnection++;
            return response;
        }
        catch (SmtpCommandException ex)
        {
            await DropAsync();
            var code = (int)ex.StatusCode;
            // 5xx about this recipient or this message will be the same next time; a refused sender is our own configuration.
            var permanent = code >= 500 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;
            throw new MailDeliveryException($"{code} {ex.Message}".Trim(), permanent, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await DropAsync();
            throw new MailDeliveryException($"The mail server did not answer within {options.SmtpTimeout.TotalSeconds:0} s.", permanent: false, ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException
            or AuthenticationException or TimeoutException)
        {
            await DropAsync();
            throw new MailDeliveryException($"{ex.GetType().Name}: {ex.Message}", permanent: false, ex);
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        // Reused while fresh, and for a bounded number of messages (servers limit messages per connection, and keep a log of each).
        if (_client is { IsConnected: true } && time.GetUtcNow() - _lastUsed < options.SmtpIdle && _sentOnConnection < options.SmtpMessagesPerConnection)
        {
            return _client;
        }

        await DropAsync();
        var settings = new DbConnectionStringBuilder
        {
            ConnectionString = configuration.GetConnectionString(ConnectionName)
                ?? throw new InvalidOperationException($"No connection string '{ConnectionName}' for the mail server."),
        };
        var endpoint = new Uri((string)settings["Endpoint"]);
        // MailKit's own socket timeout is a backstop a little beyond ours, so a hang is reported as ours.
        var client = new SmtpClient { Timeout = (int)(options.SmtpTimeout + TimeSpan.FromSeconds(5)).TotalMilliseconds };
        try
        {
            // Without Nagle's algorithm: the message's last small write otherwise waits for the server's delayed ACK (~40 ms a message).
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            await client.ConnectAsync(socket, endpoint.Host, endpoint.Port,
                endpoint.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
            if (settings.TryGetValue("Username", out var user) && settings.TryGetValue("Password", out var password))
            {
                await client.AuthenticateAsync((string)user, (string)password, cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        _lastUsed = time.GetUtcNow();
        _sentOnConnection = 0;
        return client;
    }

    private async Task DropAsync()
    {
        var client = _client;
        _client = null;
        if (client is null)
        {
            return;
        }

        try
        {
            if (client.IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(quit: true, quick.Token);
            }
        }
        catch (Exception)
        {
            // The connection is being thrown away anyway.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await DropAsync();
}

/// <summary>The mail server did not accept a message: <see cref="Permanent"/> for a refusal that retrying will not change.</summary>
internal sealed class MailDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
