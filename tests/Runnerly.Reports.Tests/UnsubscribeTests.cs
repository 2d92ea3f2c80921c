using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Reports.Composition;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Tests;

public sealed class UnsubscribeTests
{
    private const string Paris = "Europe/Paris";

    [Fact]
    public async Task The_link_in_the_email_shows_a_page_on_GET_and_turns_the_report_off_on_POST_without_signing_in()
    {
        await using var rig = await ReportsRig.StartAsync();
        var runner = await rig.RunnerAsync("leaving");
        await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));
        await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        var mail = await rig.Mail.WaitForAsync(runner.Email);
        var link = new Uri(mail.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        Assert.Equal("https", link.Scheme);
        using var anonymous = rig.Reports.CreateClient();

        // What link scanners and previews do: nothing changes.
        using var page = await anonymous.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\" action=\"" + link.AbsolutePath + "\">", html);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/app.css\">", html);
        Assert.False(await rig.OptedOutAsync(runner));

        // What a mail client's one-click does (RFC 8058): a form POST, no cookie, no token.
        using var unsubscribed = await anonymous.PostAsync(link.PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        Assert.Contains("You are unsubscribed", await unsubscribed.Content.ReadAsStringAsync());
        Assert.True(await rig.OptedOutAsync(runner));

        // Twice is fine.
        using var again = await anonymous.PostAsync(link.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_forged_altered_or_borrowed_link_is_refused_and_changes_nothing()
    {
        await using var rig = await ReportsRig.StartAsync();
        var victim = await rig.RunnerAsync("victim");
        var attacker = await rig.RunnerAsync("attacker");
        var tokens = rig.Reports.Services.GetRequiredService<UnsubscribeTokens>();
        var own = tokens.Create(attacker.Id);
        var signature = own.Split('.')[1];
        var flipped = (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        string[] forged =
        [
            $"{WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(victim.Id))}.{signature}", // another runner with one's own signature
            $"{own.Split('.')[0]}.{flipped}", // an altered signature
            WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(victim.Id)), // no signature
            "not-a-token",
        ];
        using var anonymous = rig.Reports.CreateClient();
        foreach (var token in forged)
        {
            using var get = await anonymous.GetAsync($"/reports/unsubscribe/{token}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            using var post = await anonymous.PostAsync($"/reports/unsubscribe/{token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
            Assert.Contains("nothing was changed", await post.Content.ReadAsStringAsync());
        }

        Assert.False(await rig.OptedOutAsync(victim));
        Assert.False(await rig.OptedOutAsync(attacker));
    }

    [Fact]
    public async Task A_token_works_only_exactly_as_it_was_written_not_padded_spaced_or_with_other_low_bits()
    {
        await using var rig = await ReportsRig.StartAsync();
        var runner = await rig.RunnerAsync("careful");
        var token = rig.Reports.Services.GetRequiredService<UnsubscribeTokens>().Create(runner.Id);
        var (id, signature) = (token.Split('.')[0], token.Split('.')[1]);
        // A 32-byte signature is 43 characters whose last one carries 4 bits: the two below it change no byte.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf(signature[^1], StringComparison.Ordinal);
        var sameBytes = signature[..^1] + alphabet[last ^ 1];
        using var anonymous = rig.Reports.CreateClient();
        foreach (var spelling in new[] { token + "=", $"{id}.{signature}%20", $"{id}%20.{signature}", $"{id}.{sameBytes}", $"{id}=.{signature}" })
        {
            using var get = await anonymous.GetAsync($"/reports/unsubscribe/{spelling}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            using var post = await anonymous.PostAsync($"/reports/unsubscribe/{spelling}", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        Assert.False(await rig.OptedOutAsync(runner));
        using var exact = await anonymous.GetAsync($"/reports/unsubscribe/{token}");
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
    }

    [Fact]
    public async Task Unsubscribing_while_a_report_waits_for_its_hour_stops_it()
    {
        await using var rig = await ReportsRig.StartAsync();
        var runner = await rig.RunnerAsync("late", "America/New_York"); // due at 13:00 UTC
        await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), "America/New_York", 8_000, TimeSpan.FromMinutes(42));
        await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        Assert.Equal(ReportStatus.Pending, (await rig.Reports.ReportAsync(runner.Id, 2026, 11))!.Status);

        var token = rig.Reports.Services.GetRequiredService<UnsubscribeTokens>().Create(runner.Id);
        using var anonymous = rig.Reports.CreateClient();
        (await anonymous.PostAsync($"/reports/unsubscribe/{token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" })))
            .EnsureSuccessStatusCode();

        rig.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero));
        var skipped = await rig.Reports.WaitForEndAsync(runner, 2026, 11);
        Assert.Equal(ReportStatus.Skipped, skipped.Status);
        Assert.StartsWith("opted_out:", skipped.Reason);
        Assert.Equal(0, await rig.Mail.CountToAsync(runner.Email));
    }
}
