using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace Runnerly.AppHost.Tests;

/// <summary>
/// A new runner's stories in Debian's Chromium, through the gateway: sign up, confirm through the
/// email, sign in, connect Strava (strava-sim), watch the runs arrive, open one, switch units,
/// disconnect. Each page is saved as a screenshot at phone and desktop width in TestResults/screenshots.
/// </summary>
[Collection(LocalAppCollection.Name)]
public sealed class RunnerJourneyTests(LocalAppFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_new_runner_signs_up_connects_strava_sees_runs_arrive_switches_units_and_disconnects()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed: apt-get install -y chromium");
        using var timeout = new CancellationTokenSource(StartTimeout);
        foreach (var service in new[] { "identity", "data", "strava", "strava-sim", "web", "gateway" })
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }

        var site = fixture.App.GetEndpoint("gateway", "http").ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 375, Height = 812 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        try
        {
            await WalkAsync(page, site, timeout.Token);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            await ScreenshotsAsync(page, "failure");
            var content = await page.ContentAsync();
            throw new InvalidOperationException($"The walk stopped at {page.Url}: {e.Message}\n{content[..Math.Min(content.Length, 2_000)]}", e);
        }
    }

    private async Task WalkAsync(IPage page, string site, CancellationToken cancellationToken)
    {
        var email = $"runner-{Guid.NewGuid():N}@example.test";
        const string password = "correct horse battery staple";

        await page.GotoAsync(site + "/");
        await ScreenshotsAsync(page, "home");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Sign up" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await ScreenshotsAsync(page, "signed-up");

        using (var mailbox = new RunnerBrowser(fixture.App))
        {
            await page.GotoAsync(site + (await mailbox.LinkInEmailAsync(email, cancellationToken)).PathAndQuery);
        }

        await Assertions.Expect(page.GetByText("Your email is confirmed")).ToBeVisibleAsync();
        await page.GotoAsync(site + "/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(site + "/dashboard");
        await Assertions.Expect(page.GetByText("No runs yet")).ToBeVisibleAsync();
        await ScreenshotsAsync(page, "dashboard-empty");

        // Connect Strava: strava-sim's authorize page, as the runner sees Strava's.
        await page.GotoAsync(site + "/settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Strava" }).ClickAsync();
        await page.Locator("select[name=athlete]").SelectOptionAsync("1012");
        await ScreenshotsAsync(page, "strava-authorize");
        await page.GetByRole(AriaRole.Button, new() { Name = "Authorize" }).ClickAsync();
        await page.WaitForURLAsync(site + "/dashboard");
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Strava import" })).ToBeVisibleAsync();
        await ScreenshotsAsync(page, "dashboard-importing");
        await Assertions.Expect(page.GetByText("runs imported.")).ToBeVisibleAsync(new() { Timeout = 120_000 }); // updated in place, no reload
        await Assertions.Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("canvas[data-chart]")).ToHaveCountAsync(3);
        await ScreenshotsAsync(page, "dashboard");

        // Live: a run recorded on Strava now reaches the open dashboard by itself (webhook → data → notice → page).
        var newest = await page.Locator("table.runs tbody tr a").First.GetAttributeAsync("href");
        await LocalModeTests.WaitForAsync(() => fixture.StravaPushSubscriptionsAsync(cancellationToken), count => count > 0, cancellationToken);
        var created = await fixture.App.ResourceCommands.ExecuteCommandAsync("strava-sim", "new-run", cancellationToken);
        Assert.True(created.Success, created.Message);
        await Assertions.Expect(page.Locator("table.runs tbody tr a").First).Not.ToHaveAttributeAsync("href", newest!, new() { Timeout = 60_000 });

        await page.Locator("table.runs tbody tr a").First.ClickAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Pace");
        await ScreenshotsAsync(page, "run");

        await page.GotoAsync(site + "/settings");
        await page.GetByLabel("Units").SelectOptionAsync("mi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Saved.")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Units")).ToHaveValueAsync("mi");
        await page.GotoAsync(site + "/dashboard");
        await Assertions.Expect(page.Locator("table.runs tbody tr").First).ToContainTextAsync(" mi");
        await Assertions.Expect(page.Locator("table.runs tbody tr").First).ToContainTextAsync("/mi");
        await ScreenshotsAsync(page, "dashboard-miles");

        // A run entered by hand, in miles, then deleted.
        await page.GotoAsync(site + "/runs/new");
        await page.GetByLabel("Name").FillAsync("Hotel treadmill");
        await page.GetByLabel("Kind of run").SelectOptionAsync("VirtualRun");
        await page.GetByLabel("Distance (mi)").FillAsync("3.1");
        await page.GetByLabel("Moving time (h:mm:ss or mm:ss)").FillAsync("25:00");
        await ScreenshotsAsync(page, "add-run");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hotel treadmill" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("3.10 mi");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("8:04 /mi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete this run" }).ClickAsync();
        await page.WaitForURLAsync(site + "/runs");

        await page.GotoAsync(site + "/settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect Strava" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Strava is disconnected")).ToBeVisibleAsync();
        await ScreenshotsAsync(page, "disconnected");
        await page.GotoAsync(site + "/dashboard");
        await Assertions.Expect(page.GetByText("No runs yet")).ToBeVisibleAsync();
    }

    /// <summary>The page at phone width (as the test browses) and at desktop width.</summary>
    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-375.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-1280.png"), FullPage = true });
        await page.SetViewportSizeAsync(375, 812);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Runnerly.sln")))
        {
            directory = directory.Parent!;
        }

        return directory.FullName;
    }
}
