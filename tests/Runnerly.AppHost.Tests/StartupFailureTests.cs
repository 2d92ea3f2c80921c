using Runnerly.Testing;

namespace Runnerly.AppHost.Tests;

public sealed class StartupFailureTests
{
    [Fact]
    public async Task Local_mode_without_postgres_binaries_stops_at_once_and_says_what_to_install()
    {
        using var empty = new TemporaryDirectory("runnerly-no-postgres-");

        var result = await AppHostCommand.RunAsync(
            new Dictionary<string, string>
            {
                ["Runnerly__Infra"] = "local",
                ["Runnerly__PostgresBin"] = empty.Path,
            },
            // A hang would run into this; the AppHost exits in about 2 s (see docs/benchmarks.md).
            TimeSpan.FromMinutes(2));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Runnerly:PostgresBin", result.Output);
        Assert.Contains(empty.Path, result.Output);
        Assert.Contains("Install PostgreSQL", result.Output);
    }
}
