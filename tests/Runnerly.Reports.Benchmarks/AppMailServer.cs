using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
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
        var dll = typeof(TestMailServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "Runnerly.Smtp4dev").Value!;
        var smtpPort = LocalPrograms.FreePort();
        // The tests' mail server set its rules in this process's environment; this one must not inherit them.
        string[] command =
        [
            "env", "-u", "ServerOptions__CommandValidationExpression",
            "-u", "ServerOptions__DisableHtmlValidation", "-u", "ServerOptions__DisableHtmlCompatibilityCheck",
            "dotnet", dll, $"--urls=http://127.0.0.1:{LocalPrograms.FreePort()}", $"--smtpport={smtpPort}", "--imapport=", "--pop3port=", "--db=",
            $"--sessionstokeep={Smtp4devSettings.SessionsToKeep}",
        ];
        var process = LocalPrograms.StartTied("TERM", command);
        var server = new AppMailServer(process, smtpPort);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", smtpPort, cancel.Token);
                return server;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(200, cancel.Token);
            }
        }
    }

    public void Dispose() => LocalPrograms.StopTied(_process);
}
