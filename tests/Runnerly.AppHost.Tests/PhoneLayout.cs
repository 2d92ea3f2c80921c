using Microsoft.Playwright;

namespace Runnerly.AppHost.Tests;

/// <summary>What a runner on a 375 px phone trips over, checked on the pages as they are drawn.</summary>
internal static class PhoneLayout
{
    /// <summary>On any page: no focus box on the title the router focuses, a skip link first, the icon.</summary>
    public static async Task PageBasicsAsync(IPage page, string site)
    {
        Assert.Equal("none", await page.EvaluateAsync<string>("(() => { const h = document.querySelector('h1'); h.tabIndex = -1; h.focus(); return getComputedStyle(h).outlineStyle; })()"));
        var skip = page.Locator("a, button, input, select, textarea").First;
        Assert.Equal("Skip to the content", await skip.InnerTextAsync());
        await skip.FocusAsync();
        Assert.True((await skip.BoundingBoxAsync())!.Y >= 0, "the skip link shows when focused");
        var icon = await page.Context.APIRequest.GetAsync(site + "/favicon.svg");
        Assert.Equal(200, icon.Status);
        Assert.Equal(200, (await page.Context.APIRequest.GetAsync(site + "/favicon.ico")).Status);
    }

    /// <summary>
    /// The dashboard with runs: the pages in one row under the name and "Sign out"; the totals leave room for the runs on
    /// the first screen; each run on at most two lines (name, then date), pace on one.
    /// </summary>
    public static async Task DashboardAsync(IPage page)
    {
        var links = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link);
        var tops = new List<float>();
        foreach (var link in await links.AllAsync())
        {
            var box = (await link.BoundingBoxAsync())!;
            Assert.True(box.X + box.Width <= 375, $"{await link.InnerTextAsync()} ends at {box.X + box.Width} px, past the screen");
            tops.Add(box.Y);
        }

        Assert.Equal(6, tops.Count);
        Assert.Single(tops.Distinct());
        var signOut = (await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).BoundingBoxAsync())!;
        Assert.True(signOut.Y < tops[0], "Sign out sits on the first row, with the name");

        var totals = (await page.Locator(".totals").BoundingBoxAsync())!;
        Assert.True(totals.Height < 330, $"the totals take {totals.Height} px of the first screen");
        foreach (var row in await page.Locator("table.runs tbody tr").AllAsync())
        {
            Assert.True((await row.BoundingBoxAsync())!.Height < 64, $"a run takes more than two lines: {await row.InnerTextAsync()}");
        }
    }

    /// <summary>Identity's pages in the app's colours: the primary button is the web's accent (5.9:1 on white).</summary>
    public static Task IdentityLooksLikeTheAppAsync(IPage page) =>
        Assertions.Expect(page.Locator("button[type=submit]")).ToHaveCSSAsync("background-color", "rgb(180, 56, 11)");
}
