/// <summary>A server to measure; <paramref name="CountsRedisCalls"/>: the Redis calls it makes per request are counted.</summary>
internal sealed record Setup(string Key, string Name, Func<ServerProcess> Start, bool CountsRedisCalls = false)
{
    /// <summary>
    /// The setups named in <paramref name="keys"/> (<c>all</c>: every one); a key may carry settings for its server after
    /// <c>@</c>, separated by <c>@</c> too (<c>gateway-inline@OTEL_SDK_DISABLED=true</c>), to compare variants of one setup.
    /// </summary>
    public static List<Setup> Chosen(Func<Servers, IEnumerable<Setup>> setups, Servers servers, string keys)
    {
        if (keys == "all")
        {
            return setups(servers).ToList();
        }

        var chosen = new List<Setup>();
        foreach (var key in keys.Split(','))
        {
            var settings = key.Split('@');
            var withSettings = servers with { ExtraSettings = [.. servers.ExtraSettings, .. settings[1..]] };
            if (setups(withSettings).FirstOrDefault(s => s.Key == settings[0]) is { } setup)
            {
                chosen.Add(settings.Length == 1 ? setup : setup with { Key = key, Name = $"{setup.Name}, {string.Join(", ", settings[1..])}" });
            }
            else if (!Setups.Keys(servers).Contains(settings[0]))
            {
                throw new ArgumentException($"No setup is called '{settings[0]}'; the setups: {string.Join(", ", Setups.Keys(servers))}.");
            }
        }

        if (chosen.GroupBy(setup => setup.Key).FirstOrDefault(same => same.Count() > 1) is { } repeated)
        {
            throw new ArgumentException($"'{repeated.Key}' is named twice: each setup is measured once a round (give a variant a setting to tell it apart).");
        }

        return chosen;
    }
}

internal static class Setups
{
    public const string Floor = "yarp";

    /// <summary>Every key, of the runs far above the limits and of those at the book's limits.</summary>
    public static IEnumerable<string> Keys(Servers servers) => All(servers).Concat(AtBookLimits(servers)).Select(setup => setup.Key);

    /// <summary>The floors, then the gateway's parts added one at a time, then the gateway itself and nginx.</summary>
    public static IEnumerable<Setup> All(Servers servers) =>
    [
        new("kestrel", "Kestrel answering itself", () => servers.Host(EdgeHosts.Kestrel)),
        new(Floor, "YARP alone", () => servers.Host(EdgeHosts.Yarp)),
        new("forwarded", "+ forwarded headers", () => servers.Host(EdgeHosts.Forwarded)),
        new("hardening", "+ hardening", () => servers.Host(EdgeHosts.Hardening)),
        new("limiter-local", "+ limiter, local (Redis unreachable)", () => servers.Host(EdgeHosts.Limiter)),
        new("limiter-redis", "+ limiter, Redis (batches of 10)", () => servers.Host(EdgeHosts.Limiter, servers.Redis), CountsRedisCalls: true),
        new("gateway-quiet", "the gateway, telemetry off", () => servers.Gateway(servers.Redis, telemetry: false), CountsRedisCalls: true),
        new("gateway", "the gateway (+ telemetry)", () => servers.Gateway(servers.Redis, telemetry: true), CountsRedisCalls: true),
        new("gateway-local", "the gateway, Redis unreachable", () => servers.Gateway(Servers.NoRedis, telemetry: true)),
        new("yarp-inline", "YARP alone, inline scheduling", () => servers.Host(EdgeHosts.Yarp, inline: true)),
        new("yarp-telemetry", "YARP alone with the gateway's telemetry", () => servers.Host(EdgeHosts.YarpWithTelemetry, telemetry: true)),
        new("gateway-inline", "the gateway, inline scheduling", () => servers.Gateway(servers.Redis, telemetry: true, inline: true), CountsRedisCalls: true),
        new("nginx", "nginx limit_req", () => servers.Nginx()),
    ];

    public static IEnumerable<Setup> AtBookLimits(Servers servers) =>
    [
        // Its Redis calls are not counted: the count's pause after the warm-up would refill the burst, and the admitted rate
        // must be the limit's alone.
        new("gateway-book", "the gateway", () => servers.Gateway(servers.Redis, telemetry: true, permitsPerSecond: 200, burst: 100)),
        new("nginx-book", "nginx limit_req", () => servers.Nginx(permitsPerSecond: 200, burst: 100)),
    ];
}
