using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Tests;

public sealed class ReportContentTests
{
    private const string Paris = "Europe/Paris";
    private static readonly string[] PngSignature = ["89", "50", "4E", "47"];
    private static readonly string[] RunDays = ["tuesday", "thursday", "sunday"];

    [Fact]
    public async Task November_goes_out_on_the_first_at_eight_local_time_with_the_month_in_the_runners_units_and_zone()
    {
        await using var rig = await ReportsRig.StartAsync();
        // West of UTC: 08:00 on 1 December is 16:00 UTC.
        var ana = await rig.RunnerAsync("ana", "America/Los_Angeles", displayName: "Ana");
        const string la = "America/Los_Angeles";
        await rig.AddRunAsync(ana, new DateTime(2026, 10, 31, 23, 30, 0), la, 10_000, TimeSpan.FromMinutes(50), 100); // October, though 1 November in UTC
        await rig.AddRunAsync(ana, new DateTime(2026, 11, 1, 0, 30, 0), la, 5_000, TimeSpan.FromMinutes(25), 20);
        await rig.AddRunAsync(ana, new DateTime(2026, 11, 8, 8, 0, 0), la, 12_000, TimeSpan.FromMinutes(60), 150);
        await rig.AddRunAsync(ana, new DateTime(2026, 11, 22, 9, 0, 0), la, 21_100, TimeSpan.FromMinutes(110), 300);
        await rig.AddRunAsync(ana, new DateTime(2026, 11, 30, 18, 0, 0), la, 8_000, TimeSpan.FromMinutes(38), 40);
        await rig.AddRunAsync(ana, new DateTime(2025, 11, 15, 9, 0, 0), la, 10_000, TimeSpan.FromMinutes(55), 80);
        // East of it, in miles: due at 07:00 UTC, so already due.
        var bea = await rig.RunnerAsync("bea", Paris, units: "mi");
        await rig.AddRunAsync(bea, new DateTime(2026, 11, 10, 10, 0, 0), Paris, 16_093.44, TimeSpan.FromMinutes(80), 100);

        var sweep = await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        Assert.Contains("2026-11", sweep.Months);

        var beas = await rig.Reports.WaitForEndAsync(bea, 2026, 11);
        Assert.Equal(ReportStatus.Sent, beas.Status);
        var anas = await rig.Reports.ReportAsync(ana.Id, 2026, 11);
        Assert.Equal(ReportStatus.Pending, anas!.Status);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero), anas.DueAt);
        Assert.Equal(0, await rig.Mail.CountToAsync(ana.Email));

        rig.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero));
        anas = await rig.Reports.WaitForEndAsync(ana, 2026, 11);
        Assert.Equal(ReportStatus.Sent, anas.Status);

        var mail = Assert.Single(await rig.Mail.MessagesToAsync(ana.Email, atLeast: 1));
        Assert.Equal("Your November 2026 in running: 46.1 km in 4 runs", mail.Subject);
        Assert.Equal($"report.{ana.Id}.2026-11@runnerly.local", mail.MessageId);
        var text = mail.TextBody!.Replace("\r\n", "\n");
        Assert.StartsWith("November 2026\n\nHi Ana, in November you ran 46.1 km in 4 runs, 3 h 53 min on your feet.", text);
        Assert.Contains("- Runs: 4 (vs October: +3 (+300%); vs November 2025: +3 (+300%))", text);
        Assert.Contains("- Distance: 46.1 km (vs October: +36.1 km (+361%); vs November 2025: +36.1 km (+361%))", text);
        Assert.Contains("- Moving time: 3 h 53 min (vs October: +3 h 03 min (+366%); vs November 2025: +2 h 58 min (+324%))", text);
        Assert.Contains("- Elevation gain: 510 m (vs October: +410 m (+410%); vs November 2025: +430 m (+538%))", text);
        Assert.Contains("- Longest run: 21.1 km (vs October: +11.1 km (+111%); vs November 2025: +11.1 km (+111%))", text);
        Assert.Contains("- Fastest pace (runs from 1 km): 4:45 /km (vs October: 15 s faster; vs November 2025: 45 s faster)", text);
        Assert.Contains("- 1 Nov: 5.0 km (1 run)\n- 2\u20138 Nov: 12.0 km (1 run)\n- 9\u201315 Nov: 0.0 km (0 runs)\n- 16\u201322 Nov: 21.1 km (1 run)\n- 23\u201329 Nov: 0.0 km (0 runs)\n- 30 Nov: 8.0 km (1 run)", text);
        Assert.Contains("Longest run of the last two years: 21.1 km on Sunday 22 November 2026 (before: 10.0 km)", text);
        Assert.Contains("Fastest 5K-or-longer pace of the last two years: 4:45 /km on Monday 30 November 2026 (before: 5:00 /km)", text);
        Assert.Contains("Fastest half-marathon-or-longer pace of the last two years: 5:13 /km on Sunday 22 November 2026 (your first)", text);
        Assert.DoesNotContain("10K-or-longer", text); // 5:00 /km equals October's: no record
        Assert.Contains("Biggest month of the last two years: 46.1 km (before: 10.0 km)", text);
        // Training's VDOT from the same runs: the best effort of the 8 weeks to 30 November, and to 31 October.
        Assert.Contains("\n\nTRAINING\n- Fitness (VDOT): 41.9 (+1.9 since last month)\n\n", text);
        Assert.Contains("Open your dashboard: https://runnerly.test/dashboard", text);

        // One-click unsubscribe (RFC 8058), also as a visible link.
        var unsubscribe = Regex.Match(mail.Headers["List-Unsubscribe"] ?? "", "^<(https://runnerly\\.test/reports/unsubscribe/[A-Za-z0-9_.-]+)>$");
        Assert.True(unsubscribe.Success, mail.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Contains(unsubscribe.Groups[1].Value, text);

        // Text first, then HTML with the chart inline (CID), alt text and the same numbers as a table.
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal("text/plain", alternative[0].ContentType.MimeType);
        var related = Assert.IsType<MultipartRelated>(alternative[1]);
        var html = mail.HtmlBody!;
        Assert.True(html.Length < 100_000, $"HTML is {html.Length} characters: Gmail clips it");
        Assert.Contains("src=\"cid:monthly-chart@runnerly\"", html);
        Assert.Contains("alt=\"Bar chart of distance per week in November 2026: 1 Nov: 5.0 km; 2\u20138 Nov: 12.0 km;", html);
        Assert.Contains(">21.1 km</td>", html);
        Assert.DoesNotContain("<style", html); // CSS inlined
        Assert.Contains("style=\"", html);
        var chart = Assert.IsType<MimePart>(related.Single(p => p.ContentId == "monthly-chart@runnerly"));
        Assert.Equal("image/png", chart.ContentType.MimeType);
        using var png = new MemoryStream();
        await chart.Content!.DecodeToAsync(png);
        Assert.Equal(PngSignature, png.ToArray().Take(4).Select(b => b.ToString("X2")));

        await ReportSamples.WriteAsync("report", mail);

        // The archive holds exactly what was sent.
        Assert.Equal(html.Replace("\r\n", "\n"), anas.Html!.Replace("\r\n", "\n"));
        Assert.Equal(png.ToArray(), anas.ChartPng);
        Assert.Equal(mail.Subject, anas.Subject);

        // Miles and feet for a runner who uses them, and no training section without a summary.
        var beaMail = Assert.Single(await rig.Mail.MessagesToAsync(bea.Email, atLeast: 1));
        var beaText = beaMail.TextBody!.Replace("\r\n", "\n");
        Assert.Equal("Your November 2026 in running: 10.0 mi in 1 run", beaMail.Subject);
        Assert.StartsWith("November 2026\n\nHi, in November you ran 10.0 mi in 1 run", beaText);
        Assert.Contains("- Elevation gain: 328 ft (vs October: no runs; vs November 2025: no runs)", beaText);
        Assert.Contains("- Fastest pace (runs from 1 km): 8:00 /mi", beaText);
        Assert.Contains("\n\nTRAINING\n- Fitness (VDOT): 41.8\n\n", beaText); // no effort in October to compare with
    }

    [Fact]
    public async Task The_training_section_tells_what_the_training_service_computed_of_the_month()
    {
        // Monday 2 November 2026, 09:00 in Paris: cyd has trained since September and asks for a plan.
        await using var rig = await ReportsRig.StartAsync(now: new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
        var cyd = await rig.RunnerAsync("cyd", Paris, displayName: "Cyd");
        for (var day = new DateTime(2026, 9, 8); day < new DateTime(2026, 11, 2); day = day.AddDays(1))
        {
            if (day == new DateTime(2026, 10, 18))
            {
                await rig.AddRunAsync(cyd, day.AddHours(9), Paris, 5_000, TimeSpan.FromSeconds(22 * 60 + 30)); // a 5K race
            }
            else if (day.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday or DayOfWeek.Sunday)
            {
                await rig.AddRunAsync(cyd, day.AddHours(7), Paris, 8_000, TimeSpan.FromMinutes(48));
            }
        }

        var race = await rig.Training.PostAsync(cyd.Id, "/api/races", new
        {
            name = "Lyon Half",
            date = "2027-03-14",
            startTime = "09:00",
            timeZone = Paris,
            distanceMeters = 21_097.5,
            surface = "road",
            city = "Lyon",
            country = "FR",
        });
        var raceId = race.GetProperty("race").GetProperty("id").GetGuid();
        var plan = await rig.Training.PostAsync(cyd.Id, "/api/plans", new { raceId, runDays = RunDays, longRunDay = "sunday" });
        var november = plan.GetProperty("weeks").EnumerateArray().SelectMany(w => w.GetProperty("sessions").EnumerateArray())
            .Select(s => (Date: DateOnly.Parse(s.GetProperty("date").GetString()!, CultureInfo.InvariantCulture),
                Meters: s.GetProperty("distanceMeters").GetDouble(), Seconds: s.GetProperty("durationSeconds").GetInt32()))
            .Where(s => s.Date.Month == 11).ToList();

        // The month: every third session skipped, the second at 65 % of its distance, the last at a race pace, the others as planned.
        rig.Clock.SetUtcNow(ReportsRig.FirstOfDecember);
        static bool Skipped(int session) => session % 3 == 2;
        var fast = Enumerable.Range(0, november.Count).Last(i => !Skipped(i));
        for (var i = 0; i < november.Count; i++)
        {
            var (date, meters, seconds) = november[i];
            meters = (meters > 0 ? meters : seconds / 360.0 * 1000) * (i == 1 ? 0.65 : 1.0);
            var secondsPerKm = i == fast ? 265 : 360;
            if (!Skipped(i))
            {
                await rig.AddRunAsync(cyd, date.ToDateTime(new TimeOnly(7, 0)), Paris, meters, TimeSpan.FromSeconds(Math.Round(meters / 1000 * secondsPerKm)));
            }
        }

        await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        Assert.Equal(ReportStatus.Sent, (await rig.Reports.WaitForEndAsync(cyd, 2026, 11)).Status);
        var mail = Assert.Single(await rig.Mail.MessagesToAsync(cyd.Email, atLeast: 1));
        await ReportSamples.WriteAsync("training-report", mail);

        // What training answers, and the plan as the runner sees it there, agree with what was run.
        var summary = await rig.Training.MonthSummaryAsync(cyd.Id, 2026, 11);
        var skipped = Enumerable.Range(0, november.Count).Count(Skipped);
        var graded = (await rig.Training.GetAsync(cyd.Id, $"/api/plans/{plan.GetProperty("id").GetGuid()}"))
            .GetProperty("weeks").EnumerateArray().SelectMany(w => w.GetProperty("sessions").EnumerateArray())
            .Where(s => s.GetProperty("date").GetString()!.StartsWith("2026-11-", StringComparison.Ordinal))
            .CountBy(s => s.GetProperty("status").GetString()!).ToDictionary();
        Assert.Equal(november.Count - skipped - 1, graded["done"]);
        Assert.Equal((graded["done"], 1, skipped), (summary.GetProperty("plan").GetProperty("done").GetInt32(),
            summary.GetProperty("plan").GetProperty("partlyDone").GetInt32(), summary.GetProperty("plan").GetProperty("missed").GetInt32()));
        Assert.Equal((44.7, 43.4), (summary.GetProperty("vdot").GetDouble(), summary.GetProperty("vdotMonthBefore").GetDouble()));

        var text = mail.TextBody!.Replace("\r\n", "\n");
        var lines = $"""

            TRAINING
            - Fitness (VDOT): 44.7 (+1.3 since last month)
            - Next race: Lyon Half, 21.1 km, on Sunday 14 March 2027 (in 103 days)
            - Plan for Lyon Half: {graded["done"]} sessions done, 1 partly done, {skipped} missed ({Math.Round(graded["done"] * 100.0 / november.Count, MidpointRounding.AwayFromZero)}% done)

            """;
        Assert.Contains(lines.Replace("\r\n", "\n"), text);
        Assert.Contains(">Fitness (VDOT): 44.7 (+1.3 since last month)<", mail.HtmlBody);
        Assert.Contains(">Next race: Lyon Half, 21.1 km, on Sunday 14 March 2027 (in 103 days)<", mail.HtmlBody);
    }
}
