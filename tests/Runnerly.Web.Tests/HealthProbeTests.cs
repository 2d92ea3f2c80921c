using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Runnerly.Web.Tests;

/// <summary>
/// Every service's <c>/health</c> (ServiceDefaults): a probe that gives up while the machine is busy must not fail the
/// checks it started, as a database check cancelled halfway reports Unhealthy and logs an error that reads as an outage.
/// </summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task A_probe_that_gives_up_leaves_the_checks_to_finish()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var database = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource<HealthCheckResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddAsyncCheck("database", async cancellationToken =>
        {
            started.SetResult();
            // As a database check does: any failure, a cancellation included, is reported Unhealthy.
            var result = await database.Task.WaitAsync(cancellationToken).ContinueWith(waited => waited.IsCompletedSuccessfully
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy(waited.Exception?.InnerException?.Message ?? "The operation was canceled."));
            ended.SetResult(result);
            return result;
        });
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var probe = new CancellationTokenSource();
        var request = client.GetAsync(Extensions.HealthPath, probe.Token);
        await started.Task;
        await probe.CancelAsync();
        database.SetResult();

        Assert.Equal(HealthStatus.Healthy, (await ended.Task).Status);
        await Record.ExceptionAsync(() => request); // the probe has gone: however its call ends, nobody reads it
    }
}
