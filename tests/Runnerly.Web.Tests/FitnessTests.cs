using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Web.Clients;
using Runnerly.Web.Components.Pages;
using Runnerly.Web.Components.Shared;
using Runnerly.Web.Formatting;

namespace Runnerly.Web.Tests;

public sealed class FitnessTests : IDisposable
{
    private readonly BunitContext _context = new();

    private static FitnessReport Report(double? vdot) => new(
        vdot,
        vdot is null ? null : new FitnessSource(Guid.NewGuid(), "Parkrun", new DateOnly(2026, 11, 21), 5_000, 1_200),
        [new MonthlyVdot("2026-10", null), new MonthlyVdot("2026-11", vdot)],
        vdot is null ? [] : [new Prediction("5K", 5_000, 1_200, 1_200), new Prediction("Half marathon", 21_097.5, 5_600, 5_712)],
        vdot is null ? null : new PaceTable(new PaceSpan(310, 345), 285, 268, 247, 230),
        new LoadSummary(52.4, 47.1, -5.3, [new LoadPoint(new DateOnly(2026, 11, 30), 50, 47, -3), new LoadPoint(new DateOnly(2026, 12, 1), 52.4, 47.1, -5.3)]),
        12);

    [Fact]
    public void The_fitness_card_shows_vdot_and_its_run_predictions_both_ways_and_paces_in_the_runner_s_units()
    {
        var card = _context.Render<FitnessCard>(parameters => parameters.Add(p => p.Report, Report(49.8)).Add(p => p.Units, "mi"));

        Assert.Equal("VDOT 49.8", card.Find(".big").TextContent);
        Assert.Contains("Parkrun", card.Find(".big + p").TextContent);
        Assert.Contains("3.11 mi in 20:00", card.Find(".big + p").TextContent);
        var rows = card.FindAll("table.predictions tbody tr").Select(r => r.Children.Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal([["5K", "20:00", "20:00"], ["Half marathon", "1:33:20", "1:35:12"]], rows);
        Assert.Contains("8:19–9:15 /mi", card.Find(".paces").TextContent);
        Assert.Contains("−5.3", card.Find(".load").TextContent);
        Assert.Equal(["Training load, last 90 days", "VDOT by month"], card.FindAll("figure figcaption").Select(c => c.TextContent));
    }

    [Fact]
    public void Without_a_vdot_the_card_says_where_it_will_come_from()
    {
        var card = _context.Render<FitnessCard>(parameters => parameters.Add(p => p.Report, Report(null) with { RunsConsidered = 0 }));

        Assert.StartsWith("No fitness estimate yet.", card.Find(".empty").TextContent);
        Assert.Empty(card.FindAll("table.predictions"));
        Assert.Empty(card.FindAll("canvas"));
    }

    [Fact]
    public void The_load_chart_has_three_lines_and_the_same_numbers_as_a_table_for_screen_readers()
    {
        var load = ChartData.TrainingLoad(Report(49.8).Load);
        var chart = _context.Render<Chart>(parameters => parameters.Add(p => p.Series, load));

        Assert.Equal(["30 Nov", "1 Dec"], load.Labels);
        Assert.Equal(["Period", "Acute (7 days)", "Chronic (42 days)", "Form"], chart.FindAll("thead th").Select(th => th.TextContent));
        Assert.Equal(["52.4", "47.1", "-5.3"], chart.FindAll("tbody tr")[1].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Contains("\"datasets\":[{\"label\":\"Acute (7 days)\"", load.Json());
        var trend = _context.Render<Chart>(parameters => parameters.Add(p => p.Series, ChartData.VdotTrend(Report(49.8).Trend)));
        Assert.Equal(["no estimate", "49.8"], trend.FindAll("tbody td").Select(td => td.TextContent));
    }

    [Fact]
    public void With_training_down_the_dashboard_still_shows_the_runs_and_says_so_in_its_cards()
    {
        var run = new Run(Guid.NewGuid(), "strava", "1", "Tempo by the river", "Run", DateTimeOffset.Parse("2026-11-27T08:00:00Z"),
            new DateTime(2026, 11, 27, 9, 0, 0), "Europe/Paris", 10_000, 3000, 3100, 45, 3.33, 5.1, 151, 178, 172, null);
        var week = new PeriodTotals(new DateOnly(2026, 11, 23), 1, 10_000, 3000, 45, 300);
        _context.Services.AddSingleton(new DataApi(StubApi.Client(request => request.RequestUri!.AbsolutePath switch
        {
            "/api/profile" => StubApi.Json(new Profile(null, null, null, null, null, null, "km", "Europe/Paris", 4, false)),
            "/api/runs" => StubApi.Json(new RunPage([run], null)),
            "/api/stats" => StubApi.Json(new Stats("week", "Europe/Paris", week.Start, week.Start.AddDays(6), [week], week)),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        })));
        _context.Services.AddSingleton(new StravaApi(StubApi.Client(_ => StubApi.Json(new StravaStatus(true, 1, 1, 1, true, null, false, null)))));
        _context.Services.AddSingleton(new TrainingApi(StubApi.Down()));
        _context.Services.AddSingleton(new RunnerCache(TimeProvider.System)); // not listening: reads through
        _context.Services.AddSingleton<Microsoft.AspNetCore.Http.IHttpContextAccessor>(new Microsoft.AspNetCore.Http.HttpContextAccessor());
        _context.Services.AddSingleton(TimeProvider.System);
        _context.Services.AddTransient<DashboardReads>();

        var dashboard = _context.Render<Dashboard>();

        Assert.Contains("Tempo by the river", dashboard.Find("table.runs").TextContent);
        Assert.Equal("Your fitness cannot be shown just now. Please try again in a moment.", dashboard.Find(".fitness .empty").TextContent);
        Assert.Equal("Your races cannot be shown just now.", dashboard.Find(".next-race .empty").TextContent);
        Assert.Empty(dashboard.FindAll("[role=alert]"));
    }

    public void Dispose() => _context.Dispose();
}
