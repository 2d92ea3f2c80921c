/// <summary>
/// CPU time a server has used, from <c>/proc</c>: the process and all its descendants (the server runs under a shell that
/// ties it to this benchmark; nginx serves from a worker). Per request, it compares servers where requests per second also
/// reflect the load core, which wrk, the upstream and Garnet share.
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, as /proc reports utime and stime

    public static TimeSpan Of(int rootId) => TimeSpan.FromSeconds(Tree(rootId).Sum(p => p.Ticks) / TicksPerSecond);

    /// <summary>The process and all its descendants.</summary>
    public static IReadOnlyList<int> Ids(int rootId) => Tree(rootId).Select(p => p.Id).ToList();

    private static List<Stat> Tree(int rootId)
    {
        var processes = Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var id) ? Read(id) : null)
            .OfType<Stat>()
            .ToList();
        var tree = new HashSet<int> { rootId };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var process in processes.Where(p => !tree.Contains(p.Id) && tree.Contains(p.ParentId)))
            {
                grew = tree.Add(process.Id);
            }
        }

        return processes.Where(p => tree.Contains(p.Id)).ToList();
    }

    private static Stat? Read(int id)
    {
        try
        {
            // pid (comm) state ppid … utime stime: the command may hold spaces and parentheses, so fields count from the last ')'.
            var line = File.ReadAllText($"/proc/{id}/stat");
            var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
            return new Stat(id, int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]));
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
    }

    private sealed record Stat(int Id, int ParentId, long Ticks);
}
