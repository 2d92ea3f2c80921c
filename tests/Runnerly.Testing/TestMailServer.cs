using System.Net.Http.Json;

namespace Runnerly.Testing;

/// <summary>
/// One real SMTP server (smtp4dev, mail kept in memory) for the whole test run. Tests read
/// what the services sent through its HTTP API.
/// </summary>
public sealed class TestMailServer
{
    private static readonly Lazy<Task<TestMailServer>> Shared = new(StartAsync);

    private readonly HttpClient _api;

    private TestMailServer(int smtpPort, HttpClient api)
    {
        ConnectionString = $"Endpoint=smtp://127.0.0.1:{smtpPort}";
        _api = api;
    }

    /// <summary>The connection string services read as <c>ConnectionStrings:mail</c>.</summary>
    public string ConnectionString { get; }

    public static Task<TestMailServer> GetAsync() => Shared.Value;

    /// <summary>Waits for the newest message to <paramref name="to"/> whose subject contains <paramref name="subject"/>, and returns its plain-text body.</summary>
    public async Task<string> WaitForMessageAsync(string to, string subject, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var page = await _api.GetFromJsonAsync<MessagePage>("/api/messages?pageSize=1000", cancel.Token);
            var message = page!.Results
                .Where(m => m.To.Contains(to, StringComparer.OrdinalIgnoreCase) && m.Subject.Contains(subject, StringComparison.OrdinalIgnoreCase))
                .MaxBy(m => m.ReceivedDate);
            if (message is not null)
            {
                return await _api.GetStringAsync($"/api/messages/{message.Id}/plaintext", cancel.Token);
            }

            await Task.Delay(100, cancel.Token);
        }
    }

    /// <summary>How many messages were sent to <paramref name="to"/>.</summary>
    public async Task<int> CountMessagesAsync(string to)
    {
        var page = await _api.GetFromJsonAsync<MessagePage>("/api/messages?pageSize=1000");
        return page!.Results.Count(m => m.To.Contains(to, StringComparer.OrdinalIgnoreCase));
    }

    private static async Task<TestMailServer> StartAsync()
    {
        var (smtpPort, api, _) = await Smtp4dev.StartAsync([]);
        return new TestMailServer(smtpPort, api);
    }

    private sealed record MessagePage(List<MessageSummary> Results);

    private sealed record MessageSummary(string Id, List<string> To, string Subject, DateTimeOffset ReceivedDate);
}
