using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Runnerly.AppHost.Infrastructure;

/// <summary>Where local mode finds its programs and keeps its data.</summary>
internal sealed record LocalInfrastructureOptions(
    string DataDirectory,
    string? PostgresBin,
    string GarnetServerDll,
    string? Smtp4devDll)
{
    public const string DataDirectorySetting = "Runnerly:DataDirectory";
    public const string PostgresBinSetting = PostgresBinaries.Setting;

    public static LocalInfrastructureOptions From(IDistributedApplicationBuilder builder)
    {
        var dataDirectory = builder.Configuration[DataDirectorySetting];
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            dataDirectory = Path.Combine(builder.AppHostDirectory, ".infra");
        }

        return new LocalInfrastructureOptions(
            Path.GetFullPath(dataDirectory),
            builder.Configuration[PostgresBinSetting],
            BakedPath("Runnerly.GarnetServer") ?? throw new DistributedApplicationException("The AppHost was built without the Garnet server path."),
            BakedPath("Runnerly.Smtp4dev"));
    }

    private static string? BakedPath(string key)
    {
        var path = typeof(LocalInfrastructureOptions).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        return File.Exists(path) ? path : throw new DistributedApplicationException(
            $"{path} is missing from the NuGet packages folder; run 'dotnet restore Runnerly.AppHost' and start again.");
    }
}
