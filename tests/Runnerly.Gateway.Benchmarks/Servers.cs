using System.Diagnostics;
using System.Net.Sockets;
using Runnerly.Testing;

/// <summary>
/// The service behind every proxy: a small JSON answer, as a cheap API call would be, from nginx (one worker when
/// pinned), so the load core spends as little as possible on it and the proxy under test is what limits the rate.
/// </summary>
internal static class BenchmarkUpstream
{
    public const string Json = """{"items":[],"next":null}""";

    /// <summary>The same answer from Kestrel itself: the floor that forwards nothing.</summary>
    public static Task AnswerAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(Json);
    }

    public static ServerProcess Start(string workFolder, bool pinned) => ServerProcess.Start(null, "QUIT", address =>
        NginxConfig.Command(Path.Combine(workFolder, "upstream"), oneWorker: pinned, $$"""
            keepalive_requests 1000000;
            server {
              listen {{address.Host}}:{{address.Port}};
              location / { default_type application/json; return 200 '{{Json}}'; }
            }
            """));
}

/// <summary>How the benchmark runs nginx, as the upstream and as a proxy under test.</summary>
internal static class NginxConfig
{
    /// <summary>nginx in the foreground with its files in <paramref name="folder"/> and the given <c>http</c> block's body.</summary>
    public static string[] Command(string folder, bool oneWorker, string http)
    {
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "nginx.conf");
        File.WriteAllText(config, $$"""
            worker_processes {{(oneWorker ? "1" : "auto")}};
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 4096; }
            http {
            access_log off;
            client_body_temp_path {{folder}}/body;
            proxy_temp_path {{folder}}/proxy;
            {{http}}
            }
            """);
        return ["nginx", "-p", folder, "-c", config, "-g", "daemon off;"];
    }
}

/// <summary>A server the benchmark starts (the upstream, or a proxy under test on the proxy's core when pinned), as a process of its own.</summary>
internal sealed class ServerProcess(Process process, Uri address) : IDisposable
{
    public Uri Address { get; } = address;

    public int Id => process.Id;

    public static ServerProcess Start(string? core, string stopSignal, Func<Uri, string[]> command)
    {
        var address = new Uri($"http://127.0.0.1:{LocalPrograms.FreePort()}");
        string[] pinned = core is null ? command(address) : ["taskset", "-c", core, .. command(address)];
        var process = LocalPrograms.StartTied(stopSignal, pinned);
        WaitUntilListening(address);
        return new ServerProcess(process, address);
    }

    private static void WaitUntilListening(Uri address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                tcp.Connect(address.Host, address.Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    public void Dispose() => LocalPrograms.StopTied(process);
}

/// <summary>How to start each server under test, given the upstream, Garnet and the gateway's Release build.</summary>
internal sealed record Servers(string GatewayFolder, Uri Upstream, string Redis, string WorkFolder, string? ProxyCore)
{
    /// <summary>Settings added to a .NET server's environment (<c>NAME=value</c>), after the setup's own.</summary>
    public string[] ExtraSettings { get; init; } = [];

    /// <summary>An address where no Redis answers: the limiter decides on the instance alone.</summary>
    public const string NoRedis = "127.0.0.1:1";

    private const int FarAbove = 1_000_000;

    /// <summary>
    /// The Release gateway with every cluster pointed at the upstream (each answers its health probe, as deployed, instead
    /// of failing it every few seconds); a setting <c>build=FOLDER</c> runs the
    /// gateway built in that folder instead (a copy of an earlier build, to compare two versions in one run).
    /// </summary>
    public ServerProcess Gateway(string redis, bool telemetry, int permitsPerSecond = FarAbove, int burst = FarAbove, bool inline = false)
    {
        var folder = ExtraSettings.LastOrDefault(s => s.StartsWith(BuildSetting, StringComparison.Ordinal))?[BuildSetting.Length..] ?? GatewayFolder;
        return ServerProcess.Start(ProxyCore, "TERM", address => ["env", .. Settings(address, redis, permitsPerSecond, burst), .. Inline(inline),
            $"OTEL_SDK_DISABLED={(telemetry ? "false" : "true")}", .. Exporter(telemetry), .. ExtraSettings.Where(s => !s.StartsWith(BuildSetting, StringComparison.Ordinal)),
            .. Clusters.Select(cluster => $"ReverseProxy__Clusters__{cluster}__Destinations__{cluster}__Address={Upstream}"),
            "dotnet", Path.Combine(folder, "Runnerly.Gateway.dll"), "--contentRoot", folder]);
    }

    private const string BuildSetting = "build=";

    private static readonly string[] Clusters = ["identity", "data", "strava", "training", "reports", "web"];

    /// <summary>A floor or a step of <see cref="EdgeHosts"/>, with the gateway's appsettings.json.</summary>
    public ServerProcess Host(string setup, string redis = NoRedis, bool inline = false, bool telemetry = false)
    {
        if (ExtraSettings.Any(s => s.StartsWith(BuildSetting, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"{BuildSetting}FOLDER runs an earlier gateway build: it applies to the gateway setups, not to '{setup}'.");
        }

        return ServerProcess.Start(ProxyCore, "TERM", address => ["env", .. Settings(address, redis, FarAbove, FarAbove), .. Inline(inline),
            .. Exporter(telemetry), .. ExtraSettings, "dotnet", typeof(EdgeHosts).Assembly.Location, "serve", setup, Upstream.ToString(), GatewayFolder]);
    }

    /// <summary>nginx as the book's WAF: limit_req per client address with nodelay bursts, keep-alive to the upstream.</summary>
    public ServerProcess Nginx(int permitsPerSecond = FarAbove, int burst = FarAbove) => ServerProcess.Start(ProxyCore, "QUIT", address =>
        NginxConfig.Command(Path.Combine(WorkFolder, $"nginx-{address.Port}"), oneWorker: ProxyCore is not null, $$"""
            limit_req_zone $binary_remote_addr zone=perclient:10m rate={{permitsPerSecond}}r/s;
            limit_req_status 429;
            upstream service { server {{Upstream.Host}}:{{Upstream.Port}}; keepalive 64; }
            server {
              listen {{address.Host}}:{{address.Port}};
              location / {
                limit_req zone=perclient burst={{burst}} nodelay;
                proxy_pass http://service;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              }
            }
            """));

    /// <summary>
    /// Telemetry exported as deployed (OTLP), to the upstream nginx, which answers every export with a 200: without an
    /// exporter, OpenTelemetry has no metric reader and records no metric at all.
    /// </summary>
    private string[] Exporter(bool telemetry) => telemetry ? [$"OTEL_EXPORTER_OTLP_ENDPOINT={Upstream}", "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"] : [];

    /// <summary>Requests and socket completions run on the socket's thread, without a hop to the thread pool.</summary>
    private static string[] Inline(bool inline) => inline ? ["Gateway__Transport__InlineScheduling=true", "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1"] : [];

    private static string[] Settings(Uri address, string redis, int permitsPerSecond, int burst) =>
    [
        $"ASPNETCORE_URLS={address}",
        "ASPNETCORE_ENVIRONMENT=Production",
        $"ConnectionStrings__redis={redis}",
        "Gateway__TrustedProxyNetworks__0=127.0.0.0/8",
        $"Gateway__RateLimits__PerClient__PermitsPerSecond={permitsPerSecond}",
        $"Gateway__RateLimits__PerClient__Burst={burst}",
        "Gateway__RateLimits__ConcurrentPerClient=100000",
        "Logging__LogLevel__Default=Error",
    ];
}
