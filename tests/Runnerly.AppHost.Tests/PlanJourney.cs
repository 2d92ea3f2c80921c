using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Runnerly.AppHost.Tests;

/// <summary>
/// User story 5 in the browser: the runner who joined a race asks for a plan, reads what is still to do, copies the
/// calendar link (and gets a new one), runs today's session and sees it done; a runner whose runs do not show their
/// fitness is asked for a recent race instead.
/// </summary>
internal static class PlanJourney
{
    private static readonly TimeZoneInfo Melbourne = TimeZoneInfo.FindSystemTimeZoneById("Australia/Melbourne");

    /// <summary>The first runner (in Melbourne, in miles, with Strava's history in) on the race they added.</summary>
    public static async Task WalkAsync(IPage page, string site, string race)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Melbourne).DateTime);
        await page.GotoAsync(race);
        await page.GetByRole(AriaRole.Link, new() { Name = "Get a plan" }).ClickAsync();
        await page.WaitForURLAsync(race + "/plan");
        // The profile's four days (Tue, Thu, Sat, Sun), and today too, so there is a session to run today.
        await Assertions.Expect(page.Locator("input[name='Input.Tuesday']")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("input[name='Input.Saturday']")).ToBeCheckedAsync();
        await page.Locator($"input[name='Input.{today.DayOfWeek}']").CheckAsync();
        await JourneyPages.ScreenshotsAsync(page, "get-plan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Get my plan" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"^{Regex.Escape(site)}/plans/[0-9a-f-]{{36}}$"));
        var plan = page.Url;

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Still to do" })).ToBeVisibleAsync();
        var todays = page.Locator($"li.session[data-session-date='{today:yyyy-MM-dd}']");
        await Assertions.Expect(todays.Locator(".session-how")).ToContainTextAsync("/mi");
        await Assertions.Expect(page.Locator("li.race-day")).ToContainTextAsync("Race day");
        await Assertions.Expect(page.Locator(".versions")).ToContainTextAsync("Original plan");
        await JourneyPages.ScreenshotsAsync(page, "plan");

        // The calendar: copy the link, and it serves the plan as iCalendar through the gateway.
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-copy-status]")).ToContainTextAsync("Copied");
        var link = await page.EvaluateAsync<string>("navigator.clipboard.readText()");
        // The "https" link starts with the public URL, which is plain http on this machine.
        Assert.Matches($"^{Regex.Escape(site)}/calendar/[A-Za-z0-9_-]+\\.ics$", link);
        Assert.StartsWith(site.StartsWith("https:", StringComparison.Ordinal) ? "https://" : "http://", link);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add to Apple Calendar" }))
            .ToHaveAttributeAsync("href", "webcal" + link[link.IndexOf(':', StringComparison.Ordinal)..]);
        var feed = await page.Context.APIRequest.GetAsync(link);
        Assert.Equal(200, feed.Status);
        Assert.StartsWith("text/calendar", feed.Headers["content-type"]);
        Assert.Contains("BEGIN:VCALENDAR", await feed.TextAsync());

        // A new link replaces it: the old one stops working.
        await page.GetByText("Get a new link…").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Get a new link", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Here is your new link.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("input[data-calendar-link]")).Not.ToHaveValueAsync(link);
        Assert.Equal(404, (await page.Context.APIRequest.GetAsync(link)).Status);

        // Today's session, run: added by hand at its distance, then marked done with the run linked.
        var miles = Regex.Match(await todays.Locator(".session-size").InnerTextAsync(), @"^(\d+\.\d) mi").Groups[1].Value;
        var minutes = (int)Math.Round(double.Parse(miles, CultureInfo.InvariantCulture) * 9.5);
        await page.GotoAsync(site + "/runs/new");
        await page.GetByLabel("Name").FillAsync("Today's session");
        await page.GetByLabel("Distance (mi)").FillAsync(miles);
        await page.GetByLabel("Hours").FillAsync((minutes / 60).ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Minutes").FillAsync((minutes % 60).ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Seconds").FillAsync("0");
        await Assertions.Expect(page.GetByLabel("Date")).ToHaveValueAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"^{Regex.Escape(site)}/runs/[0-9a-f-]{{36}}$"));
        await page.GotoAsync(plan);
        await Assertions.Expect(todays.Locator("[data-status]")).ToHaveTextAsync("Done");
        // The run linked is the closest to the session: this one, unless Strava's run of today happens to be as close.
        await Assertions.Expect(todays.Locator(".session-run a")).ToHaveAttributeAsync("href", new Regex("^/runs/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator(".compliance")).ToContainTextAsync("done");
        await JourneyPages.ScreenshotsAsync(page, "plan-done");

        await page.GotoAsync(site + "/dashboard");
        await Assertions.Expect(page.Locator(".this-week")).ToContainTextAsync("Done");
        await JourneyPages.ScreenshotsAsync(page, "dashboard-plan");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Plans" }).ClickAsync();
        await page.WaitForURLAsync(site + "/plans");
        await Assertions.Expect(page.Locator(".plan-item").First).ToContainTextAsync("Next:");
        await JourneyPages.ScreenshotsAsync(page, "plans");
    }

    /// <summary>The second runner has no runs: the plan asks for a recent race, then is made from it.</summary>
    public static async Task RecentRaceAsync(IPage page, string site, string race)
    {
        await page.GotoAsync(race + "/plan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Get my plan" }).ClickAsync();
        await Assertions.Expect(page.GetByText("A recent race or hard run")).ToBeVisibleAsync();
        await JourneyPages.ScreenshotsAsync(page, "plan-recent-race");
        await page.Locator(".recent").GetByText("10K").ClickAsync();
        await page.GetByLabel("Your time").FillAsync("50:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Get my plan" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"^{Regex.Escape(site)}/plans/[0-9a-f-]{{36}}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Still to do" })).ToBeVisibleAsync();
    }
}
