namespace Runnerly.AppHost.Infrastructure;

/// <summary>
/// Finds <c>postgres</c> and <c>initdb</c>, or says plainly what to install. Plain .NET on purpose:
/// the test servers (tests/Runnerly.Testing) compile this same file.
/// </summary>
internal sealed record PostgresBinaries(string Directory)
{
    /// <summary>The setting (environment: <c>Runnerly__PostgresBin</c>) that names the bin folder.</summary>
    public const string Setting = "Runnerly:PostgresBin";

    private static readonly string Exe = OperatingSystem.IsWindows() ? ".exe" : "";

    public string Postgres => Path.Combine(Directory, "postgres" + Exe);

    public string Initdb => Path.Combine(Directory, "initdb" + Exe);

    /// <exception cref="InvalidOperationException">When none is found (<paramref name="whenMissing"/> says what else would do).</exception>
    public static PostgresBinaries Find(string? configured, string whenMissing)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var binaries = new PostgresBinaries(configured);
            return binaries.Complete
                ? binaries
                : throw Missing($"{Setting} is '{configured}', which holds no 'postgres' and 'initdb'.", whenMissing);
        }

        return Candidates().Select(directory => new PostgresBinaries(directory)).FirstOrDefault(b => b.Complete)
            ?? throw Missing("No PostgreSQL binaries were found.", whenMissing);
    }

    private bool Complete => File.Exists(Postgres) && File.Exists(Initdb);

    private static IEnumerable<string> Candidates()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return dir;
        }

        string[] roots = ["/usr/lib/postgresql", "/usr/pgsql", "/opt/homebrew/opt", "/usr/local/opt", @"C:\Program Files\PostgreSQL"];
        foreach (var root in roots.Where(System.IO.Directory.Exists))
        {
            // Newest version first, as numbers: /usr/lib/postgresql/17/bin before /usr/lib/postgresql/9/bin.
            foreach (var versioned in System.IO.Directory.GetDirectories(root).OrderByDescending(VersionOf))
            {
                yield return Path.Combine(versioned, "bin");
            }
        }
    }

    internal static int VersionOf(string directory) =>
        int.TryParse(new string(Path.GetFileName(directory).Where(char.IsDigit).ToArray()), out var version) ? version : 0;

    private static InvalidOperationException Missing(string what, string whenMissing) => new(
        $"{what} Install PostgreSQL (Debian/Ubuntu: 'apt-get install postgresql'; macOS: 'brew install postgresql'), " +
        $"set {Setting} (environment: Runnerly__PostgresBin) to its bin folder, or {whenMissing}.");
}
