namespace Aspire.Hosting;

internal static class Replicas
{
    public const string Setting = "Runnerly:Replicas";

    /// <summary>How many copies of each service to run: <c>Runnerly:Replicas</c>, 1 unless set.</summary>
    public static int ReplicasPerService(this IDistributedApplicationBuilder builder)
    {
        var value = builder.Configuration[Setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return 1;
        }

        return int.TryParse(value, out var replicas) && replicas is >= 1 and <= 10
            ? replicas
            : throw new InvalidOperationException($"{Setting} must be a whole number from 1 to 10, not '{value}'.");
    }
}
