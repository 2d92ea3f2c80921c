using System.Diagnostics;
using Runnerly.AppHost.Infrastructure;
using Runnerly.Testing;

/// <summary>
/// smtp4dev started as the AppHost starts it in local mode (mail in memory, the last 100 messages and
/// <see cref="Smtp4devSettings.SessionsToKeep"/> SMTP conversations kept), without the refusal rules the
/// reports tests give theirs: those are a JavaScript expression smtp4dev evaluates for every SMTP command,
/// a cost the app's mail server does not have.
/// </summary>
internal sealed class AppMailServer : IDisposable
{
    private readonly Process _process;

    private AppMailServer(Process process, int smtpPort)
    {
        _process = process;
        ConnectionString = $"Endpoint=smtp://127.0.0.1:{smtpPort}";
    }

    public string ConnectionString { get; }

    public static async Task<AppMailServer> StartAsync()
    {
        var (smtpPort, api, process) = await Smtp4dev.StartAsync([], $"--sessionstokeep={Smtp4devSettings.SessionsToKeep}");
        api.Dispose();
        return new AppMailServer(process, smtpPort);
    }

    public void Dispose() => LocalPrograms.StopTied(_process);
}
