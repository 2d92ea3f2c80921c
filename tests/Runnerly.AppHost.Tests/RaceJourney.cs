using System.Text.RegularExpressions;
using Aspire.Hosting;
using Microsoft.Playwright;

namespace Runnerly.AppHost.Tests;

/// <summary>
/// User story 4 in the browser: a runner adds a race; a second runner, signed up the same way, finds it,
/// is offered it when adding it again, and joins it; the first sees the count change, cannot delete it
/// any more, and changes it; the second sees that it changed.
/// </summary>
internal sealed class RaceJourney(IBrowser browser, string site, DistributedApplication app) : IAsyncDisposable
{
    private IBrowserContext? _secondContext;

    /// <summary>The second runner's page, once they have one (for a screenshot when the walk stops).</summary>
    public IPage? Second { get; private set; }

    /// <summary>The race both runners joined, once added.</summary>
    public string RaceUrl { get; private set; } = "";

    public async Task WalkAsync(IPage first)
    {
        var name = $"Lakeside Half {Guid.NewGuid().ToString("N")[..6]}";
        var raceDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(40);

        await first.GotoAsync(site + "/races");
        await first.GetByRole(AriaRole.Link, new() { Name = "Add a race" }).ClickAsync();
        await first.WaitForURLAsync(site + "/races/new");
        await FillRaceAsync(first, name, raceDay);
        await JourneyPages.ScreenshotsAsync(first, "add-race");
        await first.GetByRole(AriaRole.Button, new() { Name = "Add the race" }).ClickAsync();
        await first.WaitForURLAsync(RacePage());
        var race = RaceUrl = first.Url;
        await Assertions.Expect(first.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Assertions.Expect(first.Locator("[data-participants]")).ToHaveTextAsync("1 runner");

        await first.GotoAsync(site + "/dashboard");
        await Assertions.Expect(first.Locator(".next-race")).ToContainTextAsync(name);
        await Assertions.Expect(first.Locator(".next-race strong")).ToHaveTextAsync(new Regex(@"^in \d+ days$"));
        await JourneyPages.ScreenshotsAsync(first, "dashboard-next-race");

        var second = await SecondRunnerAsync();
        await second.GotoAsync(site + "/races");
        await second.GetByLabel("Distance").SelectOptionAsync("half");
        await second.GetByLabel("Name or city").FillAsync("Lakeside");
        await second.GetByRole(AriaRole.Button, new() { Name = "Show races" }).ClickAsync();
        var card = second.Locator(".race", new() { HasText = name });
        await Assertions.Expect(card).ToContainTextAsync("Annecy, France · 1 runner");
        await JourneyPages.ScreenshotsAsync(second, "races");

        // Adding the same race again offers the one in the calendar instead.
        await second.GetByRole(AriaRole.Link, new() { Name = "Add a race" }).ClickAsync();
        await FillRaceAsync(second, name, raceDay);
        await second.GetByRole(AriaRole.Button, new() { Name = "Add the race" }).ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Is it one of these?" })).ToBeVisibleAsync();
        await JourneyPages.ScreenshotsAsync(second, "race-look-alike");
        await second.Locator(".lookalikes").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await second.WaitForURLAsync(race);
        await second.GetByLabel("Goal time (optional)").FillAsync("1:45:00");
        await second.GetByRole(AriaRole.Button, new() { Name = "I'm running this" }).ClickAsync();
        await Assertions.Expect(second.Locator("section:has(#you-title)")).ToContainTextAsync("You're running this. Your goal: 1:45:00.");
        await Assertions.Expect(second.Locator("[data-participants]")).ToHaveTextAsync("2 runners");
        await JourneyPages.ScreenshotsAsync(second, "race-joined");

        await first.GotoAsync(race);
        await Assertions.Expect(first.Locator("[data-participants]")).ToHaveTextAsync("2 runners");
        await Assertions.Expect(first.Locator("section:has(#runners-title)")).ToContainTextAsync("Grete W and 1 other");
        await first.GetByRole(AriaRole.Button, new() { Name = "Delete this race" }).ClickAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Alert)).ToContainTextAsync("Other runners have joined this race");
        await JourneyPages.ScreenshotsAsync(first, "race");

        await first.GetByRole(AriaRole.Link, new() { Name = "Change", Exact = true }).ClickAsync();
        await first.WaitForURLAsync(race + "/edit");
        await Assertions.Expect(first.GetByLabel("Half marathon")).ToBeCheckedAsync();
        await first.GetByLabel("Description (optional)").FillAsync("Around the lake. The start has moved to the harbour.");
        await JourneyPages.ScreenshotsAsync(first, "edit-race");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await first.WaitForURLAsync(race);
        await Assertions.Expect(first.Locator(".description")).ToContainTextAsync("harbour");

        await second.GotoAsync(site + "/races");
        await Assertions.Expect(second.Locator(".race", new() { HasText = name }).Locator(".badge.changed")).ToHaveTextAsync("Changed since you joined");
    }

    /// <summary>A second runner, signed up through the pages as the first was, who shows their name on race pages.</summary>
    private async Task<IPage> SecondRunnerAsync()
    {
        _secondContext = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 375, Height = 812 } });
        _secondContext.SetDefaultTimeout(30_000);
        var page = Second = await _secondContext.NewPageAsync();
        await JourneyPages.SignUpAsync(page, site, app, $"runner-{Guid.NewGuid():N}@example.test");
        await page.GotoAsync(site + "/settings");
        await page.GetByLabel("Your name").FillAsync("Grete W");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Saved.")).ToBeVisibleAsync();
        await page.GetByLabel("Show my name to other runners on race pages").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save this choice" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Runners see you as Grete W.")).ToBeVisibleAsync();
        await JourneyPages.ScreenshotsAsync(page, "settings-race-pages");
        return page;
    }

    private static async Task FillRaceAsync(IPage page, string name, DateOnly raceDay)
    {
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Race day").FillAsync(raceDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Start time (optional)").FillAsync("09:30");
        await page.GetByLabel("Half marathon").CheckAsync();
        await page.GetByLabel("City").FillAsync("Annecy");
        await page.GetByLabel("Country").SelectOptionAsync("FR");
        await page.GetByLabel("Description (optional)").FillAsync("Around the lake.");
    }

    private Regex RacePage() => new($"^{Regex.Escape(site)}/races/[0-9a-f-]{{36}}$");

    public async ValueTask DisposeAsync()
    {
        if (_secondContext is not null)
        {
            await _secondContext.DisposeAsync();
        }
    }
}
