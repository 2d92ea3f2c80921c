using System.Globalization;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace Runnerly.AppHost.Tests;

/// <summary>
/// A new runner's stories in Debian's Chromium, through the gateway: sign up (in Melbourne's time zone),
/// confirm through the email, sign in, connect Strava (strava-sim; cancelled once), watch the runs arrive,
/// open one, switch units, see their fitness, add a race another runner joins, get a plan for it and run
/// today's session, come back after the session expired, disconnect. Each page is saved as a screenshot
/// at phone and desktop width in TestResults/screenshots.
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
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 375, Height = 812 },
            TimezoneId = "Australia/Melbourne", // a new profile is in UTC: the browser's zone must replace it
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await using var races = new RaceJourney(browser, site, fixture.App);
        try
        {
            await WalkAsync(page, site, races, browser);
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

    private async Task WalkAsync(IPage page, string site, RaceJourney races, IBrowser browser)
    {
        var email = $"runner-{Guid.NewGuid():N}@example.test";
        await JourneyPages.SignUpAsync(page, site, fixture.App, email, screenshots: true);
        await Assertions.Expect(page.GetByText("No runs yet")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Next: connect Strava" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".fitness")).ToContainTextAsync("No fitness estimate yet");
        await JourneyPages.ScreenshotsAsync(page, "dashboard-empty");
        // The page shares the browser's zone in the background; a page requested before that answer may still say UTC.
        await page.WaitForFunctionAsync("() => document.cookie.split('; ').some(c => c.startsWith('runnerly_zone='))");
        await page.GotoAsync(site + "/settings");
        await Assertions.Expect(page.Locator("[data-time-zone]")).ToContainTextAsync("In use: Australia/Melbourne.");

        // Connect Strava from the dashboard's next step; cancelled on Strava's page first, which says so in the app's look.
        await page.GotoAsync(site + "/dashboard");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Strava" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Strava was not connected" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("header.top")).ToHaveCSSAsync("border-bottom-style", "solid"); // the web's style sheet
        await JourneyPages.ScreenshotsAsync(page, "strava-cancelled");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to Runnerly" }).ClickAsync();
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
        // Like for like: the same days of the period before, said as such.
        await Assertions.Expect(page.Locator("[aria-label='This week'] .change").First).ToHaveTextAsync(new Regex(@" vs |^same as |: no runs$"));
        await PhoneLayout.DashboardAsync(page);
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
        await Assertions.Expect(page.GetByText("Run · from Strava")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "View on Strava" })).ToHaveAttributeAsync("href", new Regex(@"^https://www\.strava\.com/activities/\d+$"));
        await Assertions.Expect(page.Locator("[data-effort]")).ToContainTextAsync("fastest of");
        await Assertions.Expect(page.Locator(".back a")).ToHaveTextAsync(new Regex("^← Runs in "));
        await JourneyPages.ScreenshotsAsync(page, "run");

        await page.GotoAsync(site + "/settings");
        await page.GetByLabel("Units").SelectOptionAsync("mi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        // Said where the runner is, beside the button, not at the top of the page.
        await Assertions.Expect(page.GetByText("Saved.")).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("a[href='https://www.strava.com/athletes/1012']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("a[href='https://www.strava.com/athletes/1012']")).Not.ToHaveTextAsync(new Regex("^Strava athlete")); // the athlete's name
        await JourneyPages.ScreenshotsAsync(page, "settings");
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

        // The monthly report: none sent yet, and this month so far as the email would show it, in its frame.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No reports yet")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Preview this month so far" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This month so far" })).ToBeVisibleAsync();
        var reportEmail = page.FrameLocator("iframe.report-email");
        await Assertions.Expect(reportEmail.Locator("body")).ToContainTextAsync("so far this month you ran");
        await Assertions.Expect(reportEmail.Locator("body")).ToContainTextAsync(" mi");
        await JourneyPages.ScreenshotsAsync(page, "report-preview");
        await MonthlyReportAsync(page, site, email);

        await races.WalkAsync(page);
        await PlanJourney.WalkAsync(page, site, races.RaceUrl);
        await PlanJourney.RecentRaceAsync(races.Second!, site, races.RaceUrl);

        // A run entered by hand, in miles, then deleted.
        await page.GotoAsync(site + "/runs/new");
        await page.GetByLabel("Name").FillAsync("Hotel treadmill");
        await page.GetByLabel("Kind of run").SelectOptionAsync("VirtualRun");
        await page.GetByLabel("Distance (mi)").FillAsync("3.1");
        await page.GetByLabel("Minutes").FillAsync("25");
        await JourneyPages.ScreenshotsAsync(page, "add-run");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"^{Regex.Escape(site)}/runs/[0-9a-f-]{{36}}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hotel treadmill" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("3.10 mi");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("8:04 /mi");
        await Assertions.Expect(page.GetByText("Treadmill or virtual run · added by hand")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete this run" }).ClickAsync();
        await page.WaitForURLAsync(site + "/runs");

        await SignedOutAsync(browser, site, email);

        // Disconnecting asks first, may finish at once or in the background (202); either way Strava's runs go, and the one added by hand stays.
        await page.GotoAsync(site + "/settings");
        await page.GetByText("Disconnect Strava…").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Disconnect and delete [0-9,]+ runs$") }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex("Strava is (being )?disconnected")).First).ToBeVisibleAsync();
        await JourneyPages.ScreenshotsAsync(page, "disconnected");
        await Waits.UntilAsync("the dashboard to have only the run added by hand after disconnecting", TimeSpan.FromMinutes(2), async _ =>
        {
            await page.GotoAsync(site + "/dashboard");
            return await page.Locator("table.runs tbody tr").AllInnerTextsAsync();
        }, rows => rows.Count == 1 && rows[0].Contains("Today's session", StringComparison.Ordinal), TimeSpan.FromSeconds(2));
    }

    /// <summary>
    /// Last month's report, sent now (the dashboard's command does the same): the email's figures are the month page's,
    /// its dashboard link opens the dashboard, the archive shows it, and its unsubscribe link turns the email off in Settings.
    /// </summary>
    private async Task MonthlyReportAsync(IPage page, string site, string email)
    {
        var lastMonth = DateTime.UtcNow.AddMonths(-1);
        var monthName = lastMonth.ToString("MMMM", CultureInfo.InvariantCulture);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            var adminKey = await fixture.Model.Resources.OfType<ParameterResource>().Single(p => p.Name == "reports-admin-key").GetValueAsync(timeout.Token);
            using var reports = fixture.App.CreateHttpClient("reports", "http");
            using var send = new HttpRequestMessage(HttpMethod.Post, $"/commands/reports/runners/{await fixture.RunnerIdAsync(email, timeout.Token)}/send-last-month");
            send.Headers.Add("X-Reports-Admin-Key", adminKey);
            (await reports.SendAsync(send, timeout.Token)).EnsureSuccessStatusCode();
        }

        string text;
        using (var mailbox = new RunnerBrowser(fixture.App))
        using (var waiting = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            text = await mailbox.EmailPartAsync(email, monthName, "plaintext", waiting.Token);
        }

        // "in November you ran 178.4 mi in 21 runs": the month page of the same month says the same.
        var lead = Regex.Match(text, $@"in {monthName} you ran ([0-9,.]+) mi in (\d+) runs?");
        Assert.True(lead.Success, $"no lead in the report: {text[..Math.Min(text.Length, 600)]}");
        await page.GotoAsync($"{site}/runs/{lastMonth.Year}/{lastMonth.Month}");
        var totals = Regex.Match(await page.Locator("main").InnerTextAsync(), @"(\d+) runs? · ([0-9,.]+) mi");
        Assert.True(totals.Success, "no totals on the month page");
        Assert.Equal(totals.Groups[1].Value, lead.Groups[2].Value);
        Assert.Equal(double.Parse(totals.Groups[2].Value.Replace(",", ""), CultureInfo.InvariantCulture),
            double.Parse(lead.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture), 0.51); // each rounds as it reads

        // The email's links, as the runner's mail app opens them.
        var dashboard = new Uri(Regex.Match(text, @"Open your dashboard: (\S+)").Groups[1].Value);
        await page.GotoAsync(site + dashboard.PathAndQuery);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your running" })).ToBeVisibleAsync();
        await page.GotoAsync(site + "/reports");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(monthName) }).First.ClickAsync();
        await Assertions.Expect(page.FrameLocator("iframe.report-email").Locator("body")).ToContainTextAsync($"{lead.Groups[1].Value} mi");
        await JourneyPages.ScreenshotsAsync(page, "report-as-sent");

        var unsubscribe = new Uri(Regex.Match(text, @"Unsubscribe from monthly reports: (\S+)").Groups[1].Value);
        await page.GotoAsync(site + unsubscribe.PathAndQuery); // a link opened is only a question: mail scanners open links too
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are unsubscribed" })).ToBeVisibleAsync();
        await page.GotoAsync(site + "/settings");
        await Assertions.Expect(page.GetByLabel("Email me a monthly report")).Not.ToBeCheckedAsync();
    }

    /// <summary>
    /// A browser without the session (it expired): an unknown address gets a page, the dashboard goes through sign-in
    /// and back, and a sign-in callback that cannot complete signs in again.
    /// </summary>
    private static async Task SignedOutAsync(IBrowser browser, string site, string email)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 375, Height = 812 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var missing = await page.GotoAsync(site + "/no/such/page");
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "There is no page here" })).ToBeVisibleAsync();
        await PhoneLayout.PageBasicsAsync(page, site);
        await JourneyPages.ScreenshotsAsync(page, "not-found");

        await page.GotoAsync(site + "/dashboard");
        await page.WaitForURLAsync(new Regex($"^{Regex.Escape(site)}/identity/sign-in"));
        await PhoneLayout.IdentityLooksLikeTheAppAsync(page);
        await JourneyPages.ScreenshotsAsync(page, "sign-in");
        await JourneyPages.SignInAsync(page, site, email);

        await page.GotoAsync(site + "/signin-oidc?code=left-open&state=too-long");
        await page.WaitForURLAsync(site + "/dashboard");
    }
}
