using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Runnerly.Testing;

public static class LocalPrograms
{
    public static string PostgresBinFolder() => Runnerly.AppHost.Infrastructure.PostgresBinaries.Find(
        Environment.GetEnvironmentVariable("Runnerly__PostgresBin"),
        $"set {TestPostgresServer.ConnectionStringVariable} to a server's connection string").Directory;

    public static void RunToEnd(params string[] command)
    {
        using var process = Process.Start(new ProcessStartInfo(command[0], command[1..])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {command[0]}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', command)}' exited with {process.ExitCode}: {error}{output.Result}");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts a server that cannot outlive this test process: a small shell holds our end of a
    /// pipe and sends the server <paramref name="stopSignal"/> when the pipe closes — on
    /// <see cref="StopTied"/>, or when this process ends in any way, even killed.
    /// (A background job of a non-interactive shell ignores SIGINT unless it resets it, as
    /// PostgreSQL does; .NET programs want SIGTERM.)
    /// </summary>
    public static Process StartTied(string stopSignal, params string[] command)
    {
        var script = $"\"$@\" < /dev/null & child=$!; cat > /dev/null; kill -{stopSignal} $child 2> /dev/null; wait $child";
        var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script, "sh", .. command])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {command[0]}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void StopTied(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
