using System.Text.Json;
using Aspire.Hosting;
using Microsoft.Playwright;

namespace Runnerly.AppHost.Tests;

/// <summary>What the browser walks do again and again: sign up as a runner does, wait for the Strava import, save screenshots.</summary>
internal static class JourneyPages
{
    public const string Password = "correct horse battery staple";

    /// <summary>A new runner through the pages: sign up, the emailed link, sign in; ends on the dashboard.</summary>
    public static async Task SignUpAsync(IPage page, string site, DistributedApplication app, string email, bool screenshots = false)
    {
        await page.GotoAsync(site + "/");
        if (screenshots)
        {
            await ScreenshotsAsync(page, "home");
        }

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Sign up" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        if (screenshots)
        {
            await ScreenshotsAsync(page, "signed-up");
        }

        string confirmation;
        using (var mailbox = new RunnerBrowser(app))
        using (var waiting = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            confirmation = site + (await mailbox.LinkInEmailAsync(email, waiting.Token)).PathAndQuery;
            if (screenshots)
            {
                // The email in the app's look, its link also as a button.
                var html = await mailbox.HtmlOfEmailAsync(email, waiting.Token);
                Assert.Contains(">Confirm my email</a>", html);
                Assert.Contains("background:#b4380b", html);
            }
        }

        await page.GotoAsync(confirmation);
        await Assertions.Expect(page.GetByText("Your email is confirmed")).ToBeVisibleAsync();
        if (screenshots)
        {
            await ScreenshotsAsync(page, "confirmed");
            // Opened again later: no error, and the way on.
            await page.GotoAsync(confirmation);
            await Assertions.Expect(page.GetByText("Your email is already confirmed")).ToBeVisibleAsync();
        }

        // Sign in from the confirmation page: through the web, onto the dashboard.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SignInAsync(page, site, email);
    }

    /// <summary>The identity service's sign-in form, filled in; ends on the dashboard.</summary>
    public static async Task SignInAsync(IPage page, string site, string email)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(site + "/dashboard");
    }

    /// <summary>Asks what the dashboard's progress bar asks, with the runner's cookie, until the whole history is in.</summary>
    public static Task WaitForBackfillAsync(IPage page, string site) =>
        Waits.UntilAsync("the Strava history to be imported", WholeAppTests.BackfillBudget, async _ =>
        {
            var response = await page.Context.APIRequest.GetAsync(site + "/dashboard/strava-status");
            if (!response.Ok)
            {
                return false; // strava busy for a moment: ask again
            }

            using var status = JsonDocument.Parse(await response.TextAsync());
            return status.RootElement.GetProperty("backfillComplete").GetBoolean();
        }, complete => complete, TimeSpan.FromSeconds(2));

    /// <summary>The page at phone width (as the walks browse) and at desktop width, in TestResults/screenshots.</summary>
    public static async Task ScreenshotsAsync(IPage page, string name)
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
