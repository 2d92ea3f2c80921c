namespace Runnerly.Reports.Infrastructure;

/// <summary>The PostgreSQL DDL Quartz publishes for its job store, read from the Quartz assembly itself.</summary>
internal static class QuartzSchema
{
    public const string Name = "quartz";

    private const string Resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    /// <summary>
    /// The statements, with <paramref name="tablePrefix"/> (<c>schema.prefix_</c>) for the tables and
    /// the prefix without its schema for index names. Every statement only creates what is missing.
    /// </summary>
    public static IEnumerable<string> PostgresStatements(string tablePrefix)
    {
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The Quartz assembly has no '{Resource}'.");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd();
        var bare = tablePrefix[(tablePrefix.LastIndexOf('.') + 1)..];
        return script.Replace("\r\n", "\n").Split("\n--;;\n")
            .Select(part => string.Join('\n', part.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(statement => statement.Length > 0)
            .Select(statement => statement.Replace("{0}", tablePrefix, StringComparison.Ordinal).Replace("{1}", bare, StringComparison.Ordinal))
            .ToList();
    }
}
