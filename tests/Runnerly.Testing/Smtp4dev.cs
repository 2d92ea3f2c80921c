using System.Diagnostics;
using System.Reflection;

namespace Runnerly.Testing;

/// <summary>smtp4dev, the real SMTP server of the tests (mail kept in memory), started from the NuGet packages folder.</summary>
public static class Smtp4dev
{
    /// <summary>
    /// Starts one, tied to this test process, with <paramref name="settings"/> in its environment (its
    /// <c>ServerOptions__…</c>) and <paramref name="options"/> on its command line; answers once its HTTP API does.
    /// It stops with this process, or before with <see cref="LocalPrograms.StopTied"/>.
    /// </summary>
    public static async Task<(int SmtpPort, HttpClient Api, Process Process)> StartAsync(IEnumerable<string> settings, params string[] options)
    {
        var dll = typeof(Smtp4dev).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Runnerly.Smtp4dev")?.Value;
        if (string.IsNullOrEmpty(dll) || !File.Exists(dll))
        {
            throw new InvalidOperationException($"smtp4dev is not in the NuGet packages folder ('{dll}'); run 'dotnet restore'.");
        }

        var httpPort = LocalPrograms.FreePort();
        var smtpPort = LocalPrograms.FreePort();
        var process = LocalPrograms.StartTied("TERM", ["env", .. settings, "dotnet", dll, $"--urls=http://127.0.0.1:{httpPort}", $"--smtpport={smtpPort}",
            "--imapport=", "--pop3port=", "--db=", .. options]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => LocalPrograms.StopTied(process);

        var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                using var response = await api.GetAsync("/api/messages", cancel.Token);
                if (response.IsSuccessStatusCode)
                {
                    return (smtpPort, api, process);
                }
            }
            catch (HttpRequestException) when (!process.HasExited)
            {
            }

            await Task.Delay(200, cancel.Token);
        }
    }
}
