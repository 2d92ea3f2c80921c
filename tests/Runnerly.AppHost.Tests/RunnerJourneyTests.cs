using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace Runnerly.AppHost.Tests;

/// <summary>
/// A new runner's stories in Debian's Chromium, through the gateway: sign up, confirm through the
/// email, sign in, connect Strava (strava-sim), watch the runs arrive, open one, switch units, see
/// their fitness, add a race another runner joins, disconnect. Each page is saved as a screenshot at
/// phone and desktop width in TestResults/screenshots.
/// </summary>
[Collection(LocalAppCollection.Name)]
public sealed class RunnerJourneyTests(LocalAppFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_new_runner_signs_up_connects_strava_sees_runs_and_fitness_adds_a_race_others_join_and_disconnects()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed: apt-get install -y chromium");
        var site = fixture.App.GetEndpoint("gateway", "http").ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        // Both for actions (the context's) and for Expect(...), which otherwise keeps Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(30_000);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 375, Height = 812 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await using var races = new RaceJourney(browser, site, fixture.App);
        try
        {
            await WalkAsync(page, site, races);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or OperationCanceledException or Xunit.Sdk.XunitException)
        {
            await JourneyPages.ScreenshotsAsync(page, "failure");
            if (races.Second is { } second)
            {
                await JourneyPages.ScreenshotsAsync(second, "failure-second-runner");
            }

            var content = await page.ContentAsync();
            throw new InvalidOperationException($"The walk stopped at {page.Url}: {e.Message}\n{content[..Math.Min(content.Length, 2_000)]}", e);
        }
    }

    private async Task WalkAsync(IPage page, string site, RaceJourney races)
    {
        await JourneyPages.SignUpAsync(page, site, fixture.App, $"runner-{Guid.NewGuid():N}@example.test", screenshots: true);
        await Assertions.Expect(page.GetByText("No runs yet")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".fitness")).ToContainTextAsync("No fitness estimate yet");
        await JourneyPages.ScreenshotsAsync(page, "dashboard-empty");

        // Connect Strava: strava-sim's authorize page, as the runner sees Strava's.
        await page.GotoAsync(site + "/settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Strava" }).ClickAsync();
        await page.Locator("select[name=athlete]").SelectOptionAsync("1012");
        await JourneyPages.ScreenshotsAsync(page, "strava-authorize");
        await page.GetByRole(AriaRole.Button, new() { Name = "Authorize" }).ClickAsync();
        await page.WaitForURLAsync(site + "/dashboard");
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Strava import" })).ToBeVisibleAsync();
        await JourneyPages.ScreenshotsAsync(page, "dashboard-importing");
        await JourneyPages.WaitForBackfillAsync(page, site);
        await Assertions.Expect(page.GetByText("runs imported.")).ToBeVisibleAsync(); // updated in place, no reload
        await Assertions.Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("canvas[data-chart]")).ToHaveCountAsync(5); // distance ×2, pace, training load, VDOT
        await JourneyPages.ScreenshotsAsync(page, "dashboard");

        // Live: a run recorded on Strava now reaches the open dashboard by itself (webhook → data → notice → page).
        var newest = await page.Locator("table.runs tbody tr a").First.GetAttributeAsync("href");
        await Waits.UntilAsync("the strava service's push subscription", TimeSpan.FromMinutes(1), fixture.StravaPushSubscriptionsAsync, count => count > 0);
        using (var command = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            var created = await fixture.App.ResourceCommands.ExecuteCommandAsync("strava-sim", "new-run", command.Token);
            Assert.True(created.Success, created.Message);
        }

        var latest = page.Locator("table.runs tbody tr a").First;
        await Assertions.Expect(latest).Not.ToHaveAttributeAsync("href", newest!, new() { Timeout = 60_000 });
        var run = await latest.GetAttributeAsync("href");
        await latest.ClickAsync();
        await page.WaitForURLAsync(site + run);
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Pace");
        await JourneyPages.ScreenshotsAsync(page, "run");

        await page.GotoAsync(site + "/settings");
        await page.GetByLabel("Units").SelectOptionAsync("mi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Saved.")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Units")).ToHaveValueAsync("mi");
        await page.GotoAsync(site + "/dashboard");
        await Assertions.Expect(page.Locator("table.runs tbody tr").First).ToContainTextAsync(" mi");
        await Assertions.Expect(page.Locator("table.runs tbody tr").First).ToContainTextAsync("/mi");

        // Fitness from the imported runs: VDOT, predictions two ways, paces in miles.
        await Assertions.Expect(page.Locator(".fitness .big")).ToHaveTextAsync(new Regex(@"^VDOT \d+\.\d$"));
        await Assertions.Expect(page.Locator(".fitness table.predictions tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator(".fitness table.predictions")).ToContainTextAsync("Half marathon");
        await Assertions.Expect(page.Locator(".fitness .paces")).ToContainTextAsync("/mi");
        await JourneyPages.ScreenshotsAsync(page, "dashboard-miles");

        await races.WalkAsync(page);

        // A run entered by hand, in miles, then deleted.
        await page.GotoAsync(site + "/runs/new");
        await page.GetByLabel("Name").FillAsync("Hotel treadmill");
        await page.GetByLabel("Kind of run").SelectOptionAsync("VirtualRun");
        await page.GetByLabel("Distance (mi)").FillAsync("3.1");
        await page.GetByLabel("Moving time (h:mm:ss or mm:ss)").FillAsync("25:00");
        await JourneyPages.ScreenshotsAsync(page, "add-run");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"^{Regex.Escape(site)}/runs/[0-9a-f-]{{36}}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hotel treadmill" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("3.10 mi");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("8:04 /mi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete this run" }).ClickAsync();
        await page.WaitForURLAsync(site + "/runs");

        // Disconnecting may finish at once or in the background (202); either way the runs go.
        await page.GotoAsync(site + "/settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect Strava" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex("Strava is (being )?disconnected")).First).ToBeVisibleAsync();
        await JourneyPages.ScreenshotsAsync(page, "disconnected");
        await Waits.UntilAsync("the dashboard to have no runs after disconnecting", TimeSpan.FromMinutes(2), async _ =>
        {
            await page.GotoAsync(site + "/dashboard");
            return await page.GetByText("No runs yet").IsVisibleAsync();
        }, empty => empty, TimeSpan.FromSeconds(2));
    }
}
