using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Runnerly.AppHost.Tests;

/// <summary>
/// The whole application in local mode (no containers), on throw-away data,
/// started once for the tests that share it.
/// </summary>
public sealed class LocalAppFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _dataDirectory = CreateDataDirectory();

    public DistributedApplication App { get; private set; } = null!;

    public DistributedApplicationModel Model => App.Services.GetRequiredService<DistributedApplicationModel>();

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Runnerly_AppHost>(
        [
            "Runnerly:Infra=local",
            $"Runnerly:DataDirectory={_dataDirectory.FullName}",
        ]);
        App = await builder.BuildAsync();
        await App.StartAsync();
    }

    // Readable by others: as root, PostgreSQL runs as the 'postgres' user and must reach its folder.
    private static DirectoryInfo CreateDataDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("runnerly-apphost-test-");
        if (!OperatingSystem.IsWindows())
        {
            directory.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        return directory;
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _dataDirectory.Delete(recursive: true);
    }
}
