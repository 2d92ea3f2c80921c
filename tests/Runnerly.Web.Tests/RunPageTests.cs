using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Web.Clients;
using Runnerly.Web.Components.Pages;
using Runnerly.Web.Formatting;

namespace Runnerly.Web.Tests;

public sealed class RunPageTests : IDisposable
{
    private readonly BunitContext _context = new();

    private static Run TenK(string name, int seconds, double meters = 10_000, string source = "strava", string sport = "Run") => new(
        Guid.NewGuid(), source, "4242", name, sport, DateTimeOffset.Parse("2026-11-27T08:00:00Z"), new DateTime(2026, 11, 27, 9, 0, 0), "Europe/Paris",
        meters, seconds, seconds + 130, 45, meters / seconds, 5.1, 151, 178, 86, null);

    [Fact]
    public void A_run_ranks_among_the_runner_s_runs_of_about_its_distance_by_pace()
    {
        var run = TenK("Tempo", 2700);
        var others = new[] { TenK("Race", 2580, 10_050), TenK("Easy", 3300), TenK("Long-ish", 2650, 10_590), TenK("Half", 6000, 21_100), TenK("Short", 1200, 5_000) };

        var rank = Efforts.Rank(run, others.Append(run));

        Assert.Equal(new EffortRank(3, 4, "10 km"), rank);
        Assert.Equal("Your 3rd fastest of 4 runs of about 10 km, by pace", Efforts.Describe(rank!));
        Assert.Null(Efforts.Rank(TenK("Odd", 3000, 12_000), others));
        Assert.Null(Efforts.Rank(TenK("Alone", 3000, 42_195), others));
        Assert.Equal(["1st", "2nd", "3rd", "4th", "11th", "12th", "21st", "112th"], new[] { 1, 2, 3, 4, 11, 12, 21, 112 }.Select(Efforts.Ordinal));
    }

    [Fact]
    public void A_strava_run_shows_what_it_carries_in_words_links_back_to_strava_and_to_its_month()
    {
        var run = TenK("Tempo by the river", 2700, sport: "TrailRun");
        Serve(run, [run, TenK("Race", 2580)]);

        var page = _context.Render<RunDetail>(parameters => parameters.Add(p => p.Id, run.Id));

        page.WaitForAssertion(() => Assert.Contains("Your 2nd fastest of 2 runs of about 10 km, by pace.", page.Find("[data-effort]").TextContent));
        Assert.Contains("Trail run · from Strava", page.Markup);
        Assert.Equal("/runs/2026/11", page.Find(".back a").GetAttribute("href"));
        Assert.Equal("https://www.strava.com/activities/4242", page.Find("a.strava-link").GetAttribute("href"));
        Assert.Equal("View on Strava", page.Find("a.strava-link").TextContent);
        var facts = page.FindAll("dl.facts div").ToDictionary(d => d.QuerySelector("dt")!.TextContent, d => d.QuerySelector("dd")!.TextContent);
        Assert.Equal("45:00", facts["Moving time"]);
        Assert.Equal("47:10 (2:10 stopped)", facts["Elapsed time"]);
        Assert.Equal("178 bpm", facts["Max heart rate"]);
        Assert.Equal("172 spm", facts["Cadence"]);
    }

    [Fact]
    public void A_run_added_by_hand_says_so_and_has_no_strava_link()
    {
        var run = TenK("Hotel treadmill", 3000, 7_000, source: "manual", sport: "VirtualRun") with { AverageCadence = null, MaxHeartRate = null };
        Serve(run, [run]);

        var page = _context.Render<RunDetail>(parameters => parameters.Add(p => p.Id, run.Id));

        Assert.Contains("Treadmill or virtual run · added by hand", page.Markup);
        Assert.Empty(page.FindAll("a.strava-link"));
        Assert.Empty(page.FindAll("[data-effort]"));
        Assert.DoesNotContain("Cadence", page.Find("dl.facts").TextContent);
    }

    [Fact]
    public void The_moving_time_is_three_number_fields_a_phone_s_numeric_keypad_can_fill()
    {
        var run = TenK("Hotel treadmill", 4_350, 12_000, source: "manual");
        Serve(run, [run]);

        var form = _context.Render<EditRun>(parameters => parameters.Add(p => p.Id, run.Id));

        var fields = form.FindAll("fieldset.duration input");
        Assert.Equal(["Input.Hours", "Input.Minutes", "Input.Seconds"], fields.Select(f => f.GetAttribute("name")));
        Assert.All(fields, f => Assert.Equal(("number", "numeric"), (f.GetAttribute("type"), f.GetAttribute("inputmode"))));
        Assert.Equal(["1", "12", "30"], fields.Select(f => f.GetAttribute("value")));
        Assert.Equal(["Hours", "Minutes", "Seconds"], form.FindAll("fieldset.duration label").Select(l => l.TextContent));
    }

    private void Serve(Run run, IReadOnlyList<Run> runs) => _context.Services.AddSingleton(new DataApi(StubApi.Client(request => request.RequestUri!.AbsolutePath switch
    {
        "/api/profile" => StubApi.Json(new Profile(null, null, null, null, null, null, "km", "Europe/Paris", 4, false)),
        "/api/runs" => StubApi.Json(new RunPage(runs, null)),
        var path when path == $"/api/runs/{run.Id}" => StubApi.Json(run),
        _ => new HttpResponseMessage(HttpStatusCode.NotFound),
    })));

    public void Dispose() => _context.Dispose();
}
