namespace Aspire.Hosting;

/// <summary>The local stand-in for Strava, for development and tests only.</summary>
internal static class StravaSimulator
{
    private static readonly (string Name, string Path, string DisplayName, string Icon)[] Commands =
    [
        ("new-run", "/sim/latest/new-run", "New run", "Add"),
        ("rename-run", "/sim/latest/rename-run", "Rename latest run", "Edit"),
        ("delete-run", "/sim/latest/delete-run", "Delete latest run", "Delete"),
        ("deauthorize", "/sim/latest/deauthorize", "Deauthorize the app", "PlugDisconnected"),
        ("faults-on", "/sim/faults/on", "Faults on (20% errors, 500 ms)", "Warning"),
        ("faults-off", "/sim/faults/off", "Faults off", "Checkmark"),
    ];

    /// <summary>
    /// strava-sim, with dashboard commands that make things happen on "Strava" for the athlete
    /// who authorized last; each is sent to the push subscription as Strava would send it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddStravaSimulator(this IDistributedApplicationBuilder builder, string name)
    {
        var simulator = builder.AddProject<Projects.Runnerly_StravaSimulator>(name).WithHttpHealthCheck("/health");
        foreach (var command in Commands)
        {
            simulator.WithHttpCommand(command.Path, command.DisplayName, commandName: command.Name,
                commandOptions: new HttpCommandOptions { IconName = command.Icon, ResultMode = HttpCommandResultMode.Json });
        }

        return simulator;
    }
}
