using System.Net.Http.Json;
using MimeKit;
using Runnerly.Testing;

namespace Runnerly.Reports.Tests;

/// <summary>
/// A real SMTP server (smtp4dev, mail in memory) of the reports' own tests, told to refuse some
/// recipients: <c>refused-…</c> gets 550 (permanent), <c>busy-…</c> gets 451 (temporary), and
/// <c>slow-…</c> waits 60 s before it answers (a mail server that hangs). Tests
/// read what arrived, raw, through its HTTP API.
/// </summary>
public sealed class ReportsMailServer
{
    public const string RefusedPrefix = "refused-";
    public const string BusyPrefix = "busy-";
    public const string SlowPrefix = "slow-";

    private static readonly Lazy<Task<ReportsMailServer>> Shared = new(StartAsync);

    private readonly HttpClient _api;

    private ReportsMailServer(int smtpPort, HttpClient api)
    {
        ConnectionString = $"Endpoint=smtp://127.0.0.1:{smtpPort}";
        _api = api;
    }

    public string ConnectionString { get; }

    public static Task<ReportsMailServer> GetAsync() => Shared.Value;

    /// <summary>
    /// Every message received for <paramref name="to"/>, parsed from its raw source, once there are at
    /// least <paramref name="atLeast"/> (the server lists a message shortly after accepting it).
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesToAsync(string to, int atLeast)
    {
        await WaitForCountAsync(to, atLeast);
        return await MessagesToAsync(to);
    }

    /// <summary>Waits until at least <paramref name="count"/> messages to <paramref name="to"/> are listed; returns how many there are.</summary>
    public async Task<int> WaitForCountAsync(string to, int count)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var listed = await CountToAsync(to);
            if (listed >= count)
            {
                return listed;
            }

            await Task.Delay(100, cancel.Token);
        }
    }

    /// <summary>Every message received for <paramref name="to"/> so far, parsed from its raw source.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesToAsync(string to)
    {
        var page = await _api.GetFromJsonAsync<MessagePage>("/api/messages?pageSize=100000");
        var messages = new List<MimeMessage>();
        foreach (var summary in page!.Results.Where(m => m.To.Contains(to, StringComparer.OrdinalIgnoreCase)).OrderBy(m => m.ReceivedDate))
        {
            await using var raw = await _api.GetStreamAsync($"/api/messages/{summary.Id}/raw");
            messages.Add(await MimeMessage.LoadAsync(raw));
        }

        return messages;
    }

    public async Task<int> CountToAsync(string to)
    {
        var page = await _api.GetFromJsonAsync<MessagePage>("/api/messages?pageSize=100000");
        return page!.Results.Count(m => m.To.Contains(to, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Waits until a message to <paramref name="to"/> arrived; returns the first.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var messages = await MessagesToAsync(to);
            if (messages.Count > 0)
            {
                return messages[0];
            }

            await Task.Delay(100, cancel.Token);
        }
    }

    private static async Task<ReportsMailServer> StartAsync()
    {
        var (smtpPort, api, _) = await Smtp4dev.StartAsync(
        [
            "ServerOptions__CommandValidationExpression="
                + $"command.Verb == 'RCPT' && command.ArgumentsText.includes('{RefusedPrefix}') ? error(550, 'No such mailbox') : "
                + $"(command.Verb == 'RCPT' && command.ArgumentsText.includes('{BusyPrefix}') ? error(451, 'Mailbox busy, try again later') : "
                + $"(command.Verb == 'RCPT' && command.ArgumentsText.includes('{SlowPrefix}') ? delay(60) : null))",
            "ServerOptions__DisableHtmlValidation=true",
            "ServerOptions__DisableHtmlCompatibilityCheck=true",
        ], "--messagestokeep=100000", "--sessionstokeep=10");
        return new ReportsMailServer(smtpPort, api);
    }

    private sealed record MessagePage(List<MessageSummary> Results);

    private sealed record MessageSummary(string Id, List<string> To, string Subject, DateTimeOffset ReceivedDate);
}
