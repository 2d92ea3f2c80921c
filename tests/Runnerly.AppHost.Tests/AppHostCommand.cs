using System.Diagnostics;
using System.Reflection;

namespace Runnerly.AppHost.Tests;

/// <summary>Runs the AppHost the way a person does: <c>dotnet run --project Runnerly.AppHost -- …</c>.</summary>
internal static class AppHostCommand
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var configuration = typeof(AppHostCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var start = new ProcessStartInfo("dotnet", ["run", "--project", Projects.Runnerly_AppHost.ProjectPath, "--no-build", "-c", configuration, "--", .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'dotnet run --project Runnerly.AppHost -- {string.Join(' ', arguments)}' did not finish within {timeout}.");
        }

        return new Result(process.ExitCode, await stdout + await stderr);
    }
}
