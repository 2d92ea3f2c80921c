using System.Diagnostics;
using System.Net.Sockets;
using Runnerly.Testing;

/// <summary>The service behind both proxies: a small JSON answer from Kestrel, as a cheap API call would be.</summary>
internal sealed class BenchmarkUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchmarkUpstream(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    public static async Task<BenchmarkUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"items":[],"next":null}""");
        });
        await app.StartAsync();
        return new BenchmarkUpstream(app, new Uri(app.Urls.Single()));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>A proxy process for the length of one measurement.</summary>
internal sealed class ProxyProcess(Process process, Uri address) : IDisposable
{
    public Uri Address { get; } = address;

    public static async Task WaitUntilListeningAsync(Uri address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(address.Host, address.Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public void Dispose() => LocalPrograms.StopTied(process);
}

internal static class Gateway
{
    /// <summary>The Release build of the gateway, with every route's cluster pointed at the upstream.</summary>
    public static ProxyProcess Start(string folder, Uri upstream, string redis, int permitsPerSecond, int burst, int localBatch)
    {
        var address = new Uri($"http://127.0.0.1:{LocalPrograms.FreePort()}");
        var process = LocalPrograms.StartTied("TERM", "env",
            $"ASPNETCORE_URLS={address}",
            "ASPNETCORE_ENVIRONMENT=Production",
            $"ConnectionStrings__redis={redis}",
            $"ReverseProxy__Clusters__data__Destinations__data__Address={upstream}",
            $"Gateway__RateLimits__PerClient__PermitsPerSecond={permitsPerSecond}",
            $"Gateway__RateLimits__PerClient__Burst={burst}",
            $"Gateway__RateLimits__PerClient__LocalBatch={localBatch}",
            "Gateway__RateLimits__ConcurrentPerClient=100000",
            "Logging__LogLevel__Default=Error",
            "dotnet", Path.Combine(folder, "Runnerly.Gateway.dll"), "--contentRoot", folder);
        ProxyProcess.WaitUntilListeningAsync(address).GetAwaiter().GetResult();
        return new ProxyProcess(process, address);
    }
}

internal static class Nginx
{
    /// <summary>nginx as the book's WAF: limit_req per client address with nodelay bursts, keep-alive to the upstream.</summary>
    public static ProxyProcess Start(string workFolder, Uri upstream, int permitsPerSecond, int burst)
    {
        var address = new Uri($"http://127.0.0.1:{LocalPrograms.FreePort()}");
        var folder = Directory.CreateDirectory(Path.Combine(workFolder, $"nginx-{permitsPerSecond}")).FullName;
        var config = Path.Combine(folder, "nginx.conf");
        File.WriteAllText(config, $$"""
            worker_processes auto;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 4096; }
            http {
              access_log off;
              client_body_temp_path {{folder}}/body;
              proxy_temp_path {{folder}}/proxy;
              limit_req_zone $binary_remote_addr zone=perclient:10m rate={{permitsPerSecond}}r/s;
              limit_req_status 429;
              upstream service { server {{upstream.Host}}:{{upstream.Port}}; keepalive 64; }
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
            }
            """);
        var process = LocalPrograms.StartTied("QUIT", "nginx", "-p", folder, "-c", config, "-g", "daemon off;");
        ProxyProcess.WaitUntilListeningAsync(address).GetAwaiter().GetResult();
        return new ProxyProcess(process, address);
    }
}
