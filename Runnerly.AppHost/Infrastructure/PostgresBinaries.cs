namespace Runnerly.AppHost.Infrastructure;

/// <summary>Finds <c>postgres</c> and <c>initdb</c>, or says plainly what to install.</summary>
internal sealed record PostgresBinaries(string Directory)
{
    private static readonly string Exe = OperatingSystem.IsWindows() ? ".exe" : "";

    public string Postgres => Path.Combine(Directory, "postgres" + Exe);

    public string Initdb => Path.Combine(Directory, "initdb" + Exe);

    public static PostgresBinaries Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var binaries = new PostgresBinaries(configured);
            return binaries.Complete
                ? binaries
                : throw Missing($"{LocalInfrastructureOptions.PostgresBinSetting} is '{configured}', which holds no 'postgres' and 'initdb'.");
        }

        return Candidates().Select(directory => new PostgresBinaries(directory)).FirstOrDefault(b => b.Complete)
            ?? throw Missing("No container runtime answered and no PostgreSQL binaries were found.");
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
            // Newest version first: /usr/lib/postgresql/17/bin before /usr/lib/postgresql/15/bin.
            foreach (var versioned in System.IO.Directory.GetDirectories(root).OrderByDescending(VersionOf))
            {
                yield return Path.Combine(versioned, "bin");
            }
        }
    }

    private static int VersionOf(string directory) =>
        int.TryParse(new string(Path.GetFileName(directory).Where(char.IsDigit).ToArray()), out var version) ? version : 0;

    private static DistributedApplicationException Missing(string what) => new(
        $"{what} Install PostgreSQL (Debian/Ubuntu: 'apt-get install postgresql'; macOS: 'brew install postgresql'), " +
        $"set {LocalInfrastructureOptions.PostgresBinSetting} (environment: Runnerly__PostgresBin) to its bin folder, " +
        "or start Docker/Podman to run everything in containers.");
}
