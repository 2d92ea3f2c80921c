extern alias data;
extern alias identity;

using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Runnerly.Reports.Clients;
using Runnerly.Reports.Delivery;
using Runnerly.Reports.Infrastructure;
using Runnerly.Reports.Model;
using Runnerly.Reports.Scheduling;
using Runnerly.Testing;

namespace Runnerly.Reports.Tests;

/// <summary>
/// The reports service with the real identity and data services beside it (each on its own
/// database of the test PostgreSQL) and a real SMTP server. Identity issues the reports-worker's
/// token (audiences data, identity, training) and answers the account look-ups; the data service
/// holds profiles and runs and trusts identity's keys as well as the test issuer's (which the
/// tests use to act as runners). The training service (<see cref="RigTrainingHost"/>) is real too:
/// it reads the rig's data service and answers the month summary. The reports, data and training
/// services run on <see cref="Clock"/>, which only the test moves.
/// </summary>
public sealed class ReportsRig : IAsyncDisposable
{
    public const string WorkerSecret = "test-reports-worker-secret";
    public const string UnsubscribeKey = "test-unsubscribe-key-0123456789abcdef0123456789";
    public const string AdminKey = "test-admin-key";
    public const string PublicUrl = "https://runnerly.test";

    /// <summary>1 December 2026, 09:00 UTC: 08:00 has passed in Europe, not yet in the Americas.</summary>
    public static readonly DateTimeOffset FirstOfDecember = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly List<ReportsService> _reports = [];

    private ReportsRig(DateTimeOffset now) => Clock = new FakeTimeProvider(now);

    /// <summary><see cref="FirstOfDecember"/> unless the test started the rig at another time, until the test moves it.</summary>
    public FakeTimeProvider Clock { get; }

    public TestTokenIssuer Tokens { get; } = new();

    public RigTrainingHost Training { get; private set; } = null!;

    public ReportsMailServer Mail { get; private set; } = null!;

    public IdentityHost Identity { get; private set; } = null!;

    public RigDataHost Data { get; private set; } = null!;

    /// <summary>The first reports service the rig started.</summary>
    public ReportsService Reports => _reports[0];

    internal IReadOnlyList<SecurityKey> IdentityKeys { get; private set; } = [];

    /// <summary>
    /// Starts the rig, its clock at <paramref name="now"/> (<see cref="FirstOfDecember"/> by default); its reports
    /// service on <paramref name="database"/> when given (which then outlives it, for a restart).
    /// </summary>
    public static async Task<ReportsRig> StartAsync(Action<ReportsService>? configure = null, PostgresDatabase? database = null, DateTimeOffset? now = null)
    {
        var rig = new ReportsRig(now ?? FirstOfDecember) { Mail = await ReportsMailServer.GetAsync() };
        rig.Identity = new IdentityHost(rig);
        await rig.Identity.InitializeAsync();
        using var identity = await rig.Identity.CreateReadyClientAsync();
        await rig.WaitForWorkerClientAsync(identity);
        rig.IdentityKeys = new JsonWebKeySet(await identity.GetStringAsync("/.well-known/jwks")).GetSigningKeys().ToList();

        rig.Data = new RigDataHost(rig);
        await rig.Data.InitializeAsync();
        (await rig.Data.CreateReadyClientAsync()).Dispose();
        rig.Training = new RigTrainingHost(rig);
        await rig.Training.InitializeAsync();
        (await rig.Training.CreateReadyClientAsync()).Dispose();
        await rig.StartReportsAsync(database, configure);
        return rig;
    }

    /// <summary>Another reports service (a replica, or the same one restarted) on the database of <paramref name="database"/>, or a new one.</summary>
    public async Task<ReportsService> StartReportsAsync(PostgresDatabase? database = null, Action<ReportsService>? configure = null)
    {
        var service = new ReportsService(this, database);
        configure?.Invoke(service);
        await service.InitializeAsync();
        (await service.CreateReadyClientAsync()).Dispose();
        _reports.Add(service);
        return service;
    }

    /// <summary>Stops a reports service as a crash would leave its work: whatever it was doing is not finished.</summary>
    public async Task StopReportsAsync(ReportsService service)
    {
        _reports.Remove(service);
        await service.DisposeAsync();
    }

    /// <summary>A runner with an account (confirmed email unless said otherwise) and a profile; returns the id (identity's user id).</summary>
    public async Task<Runner> RunnerAsync(string name, string timeZone = "Europe/Paris", string units = "km", bool confirmed = true, bool optOut = false,
        string? displayName = null)
    {
        var email = $"{name}-{Guid.NewGuid():N}@runners.test";
        await using var scope = Identity.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = confirmed };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        await Data.SaveProfileAsync(user.Id, timeZone, displayName, units: units, monthlyReportOptOut: optOut);
        return new Runner(user.Id, email);
    }

    /// <summary>A run by hand, starting at <paramref name="localStart"/> wall time in <paramref name="timeZone"/>.</summary>
    public async Task AddRunAsync(Runner runner, DateTime localStart, string timeZone, double meters, TimeSpan moving, double elevation = 0)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var start = new DateTimeOffset(localStart, zone.GetUtcOffset(localStart));
        await Data.AddRunAsync(runner.Id, start, meters, moving, timeZone, elapsed: moving + TimeSpan.FromSeconds(30), elevationGainMeters: elevation);
    }

    public async Task<bool> OptedOutAsync(Runner runner)
    {
        using var client = Data.RunnerClient(runner.Id);
        return (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/profile")).GetProperty("monthlyReportOptOut").GetBoolean();
    }

    private async Task WaitForWorkerClientAsync(HttpClient identity)
    {
        // Identity registers its OAuth clients in the background once its schema exists.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await identity.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = "reports-worker",
                ["client_secret"] = WorkerSecret,
                ["scope"] = "runs.read",
            }), timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_reports))
        {
            await service.DisposeAsync();
        }

        await Training.DisposeAsync();
        await Data.DisposeAsync();
        await Identity.DisposeAsync();
    }
}

public sealed record Runner(string Id, string Email);

/// <summary>The identity service as the rig runs it: issuing tokens as the test issuer's URL, with the reports-worker client registered.</summary>
public sealed class IdentityHost(ReportsRig rig) : ServiceFactory<identity::Program>("identitydb")
{
    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:mail", rig.Mail.ConnectionString);
        builder.UseSetting("Identity:Issuer", TestTokenIssuer.Issuer);
        builder.UseSetting("Identity:Clients:reports-worker:Secret", ReportsRig.WorkerSecret);
        builder.UseSetting("Identity:RunnerDataServices:data", "");
    }
}

/// <summary>The data service, trusting the identity service's keys besides the test issuer's.</summary>
public sealed class RigDataHost(ReportsRig rig) : DataServiceHost<data::Program>(rig.Tokens, rig.Clock)
{
    protected override void ConfigureService(IWebHostBuilder builder)
    {
        base.ConfigureService(builder);
        builder.ConfigureServices(services => services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            foreach (var key in rig.IdentityKeys)
            {
                options.Configuration!.SigningKeys.Add(key);
            }
        }));
    }
}

/// <summary>The reports service under test: the rig's data, identity and training services, its mail server and clock.</summary>
public sealed class ReportsService(ReportsRig rig, PostgresDatabase? database) : ServiceFactory<Program>("reportsdb", database)
{
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Reports:SchedulerEnabled"] = "false",
        ["Reports:Workers"] = "2",
        ["Reports:PollInterval"] = "00:00:05",
        ["Reports:SmtpTimeout"] = "00:00:20",
    };

    /// <summary>Stands in for a crash at the points of delivery it is asked about.</summary>
    public IDeliveryProbe? Probe { get; set; }

    /// <summary>A handler between the reports service and the data service (to spoil one runner's data).</summary>
    public Func<DelegatingHandler>? DataTap { get; set; }

    public string MailConnectionString { get; set; } = rig.Mail.ConnectionString;

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("services:data:http:0", "http://data.test");
        builder.UseSetting("services:identity:http:0", "http://identity.test");
        builder.UseSetting("services:training:http:0", "http://training.test");
        builder.UseSetting("Identity:Authority", "http://identity.test");
        builder.UseSetting("ServiceClient:ClientSecret", ReportsRig.WorkerSecret);
        builder.UseSetting("ConnectionStrings:mail", MailConnectionString);
        builder.UseSetting("Reports:PublicUrl", ReportsRig.PublicUrl);
        builder.UseSetting("Reports:UnsubscribeKey", ReportsRig.UnsubscribeKey);
        builder.UseSetting("Reports:AdminKey", ReportsRig.AdminKey);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            rig.Tokens.Trust(services);
            services.AddSingleton<TimeProvider>(rig.Clock);
            services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
            if (Probe is { } probe)
            {
                services.AddSingleton(probe);
            }

            var data = services.AddHttpClient<DataClient>().ConfigurePrimaryHttpMessageHandler(() => rig.Data.Server.CreateHandler());
            if (DataTap is { } tap)
            {
                data.AddHttpMessageHandler(tap);
            }

            services.AddHttpClient<IdentityClient>().ConfigurePrimaryHttpMessageHandler(() => rig.Identity.Server.CreateHandler());
            services.AddHttpClient<TrainingClient>().ConfigurePrimaryHttpMessageHandler(rig.Training.Boundary);
            services.AddHttpClient(ServiceTokens.TokenClientName).ConfigurePrimaryHttpMessageHandler(() => rig.Identity.Server.CreateHandler());
        });
    }

    internal DueSweep Sweep => Services.GetRequiredService<DueSweep>();

    public HttpClient RunnerClient(string runnerId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", rig.Tokens.Runner(runnerId, "reports"));
        return client;
    }

    internal async Task<MonthlyReport?> ReportAsync(string runnerId, int year, int month)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        return await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.RunnerId == runnerId && r.Year == year && r.Month == month);
    }

    /// <summary>
    /// Waits until the runner's report of the month satisfies <paramref name="done"/>, waking the workers at each look and moving the clock
    /// by <paramref name="tick"/> at each look when given (for waits that run on the clock, such as an HTTP client's retries).
    /// </summary>
    internal async Task<MonthlyReport> WaitForAsync(Runner runner, int year, int month, Func<MonthlyReport, bool> done, TimeSpan? timeout = null,
        TimeSpan? tick = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        MonthlyReport? last = null;
        while (true)
        {
            last = await ReportAsync(runner.Id, year, month);
            if (last is not null && done(last))
            {
                return last;
            }

            if (tick is { } step)
            {
                rig.Clock.Advance(step);
            }

            // The test moved the fake clock, which wakes no worker: one waits for the time its next look is due.
            // Pulsing makes the workers look now, at the clock's current time, however fast this machine is.
            Services.GetRequiredService<ReportSignal>().Pulse();

            try
            {
                await Task.Delay(50, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The {year}-{month:00} report of {runner.Email} is still {last?.Status.ToString() ?? "absent"} ({last?.Reason}).");
            }
        }
    }

    /// <summary>Waits until the report has left the queue: sent, failed or skipped.</summary>
    internal Task<MonthlyReport> WaitForEndAsync(Runner runner, int year, int month, TimeSpan? tick = null) =>
        WaitForAsync(runner, year, month, r => r.Status is ReportStatus.Sent or ReportStatus.Failed or ReportStatus.Skipped, tick: tick);
}
