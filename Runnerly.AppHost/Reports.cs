namespace Aspire.Hosting;

/// <summary>The reports service's developer commands on the Aspire dashboard.</summary>
internal static class Reports
{
    private const string AdminKeyHeader = "X-Reports-Admin-Key";

    /// <summary>
    /// Dashboard buttons on the reports resource: send last month's reports now (every runner, or
    /// one by id). They call the service's <c>/commands/reports/…</c> endpoints directly — the
    /// gateway does not route them — with a generated admin key the service alone also knows.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReportCommands(this IResourceBuilder<ProjectResource> reports)
    {
        var adminKey = reports.ApplicationBuilder.AddSecret("reports-admin-key");
        reports.WithEnvironment("Reports__AdminKey", adminKey);

        reports.WithHttpCommand("/commands/reports/send-last-month", "Send last month's reports now", commandName: "send-last-month",
            commandOptions: new HttpCommandOptions
            {
                Description = "Queues last month's report of every runner, due now (a report already sent is never sent again).",
                ConfirmationMessage = "Send last month's report to every runner who has not had it yet?",
                IconName = "MailArrowForward",
                ResultMode = HttpCommandResultMode.Json,
                PrepareRequest = async context =>
                    context.Request.Headers.Add(AdminKeyHeader, await adminKey.Resource.GetValueAsync(context.CancellationToken)),
            });

        reports.WithHttpCommand("/commands/reports/runners/{runnerId}/send-last-month", "Send one runner's report now", commandName: "send-runner-report",
            commandOptions: new HttpCommandOptions
            {
                Description = "Queues last month's report of one runner, due now.",
                IconName = "Mail",
                ResultMode = HttpCommandResultMode.Json,
                Arguments = [new InteractionInput { Name = "runnerId", Label = "Runner id (the account's user id)", InputType = InputType.Text, Required = true }],
                PrepareRequest = async context =>
                {
                    var runnerId = Uri.EscapeDataString(context.Arguments.GetString("runnerId")?.Trim() ?? "");
                    context.Request.RequestUri = new Uri(context.Request.RequestUri!.AbsoluteUri.Replace("%7BrunnerId%7D", runnerId, StringComparison.OrdinalIgnoreCase)
                        .Replace("{runnerId}", runnerId, StringComparison.Ordinal));
                    context.Request.Headers.Add(AdminKeyHeader, await adminKey.Resource.GetValueAsync(context.CancellationToken));
                },
            });
        return reports;
    }
}
