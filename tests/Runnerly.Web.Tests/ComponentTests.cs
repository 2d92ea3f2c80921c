using Bunit;
using Runnerly.Web.Clients;
using Runnerly.Web.Components.Shared;
using Runnerly.Web.Formatting;

namespace Runnerly.Web.Tests;

public sealed class ComponentTests : IDisposable
{
    private readonly BunitContext _context = new();

    private static readonly Run TenK = new(Guid.NewGuid(), "strava", "1", "Tempo by the river", "Run", DateTimeOffset.Parse("2026-11-27T08:00:00Z"),
        new DateTime(2026, 11, 27, 9, 0, 0), "Europe/Paris", 10_000, 3000, 3100, 45, 3.33, 5.1, 151, 178, 172, null);

    [Fact]
    public void The_run_table_shows_a_run_in_miles_with_its_pace_and_links_to_it()
    {
        var table = _context.Render<RunTable>(parameters => parameters.Add(p => p.Runs, [TenK]).Add(p => p.Units, "mi"));

        var cells = table.FindAll("tbody td").Select(td => td.TextContent).ToList();
        // The date twice: its own column on a wide screen, under the name on a phone.
        Assert.Equal(["Fri 27 Nov", "Tempo by the riverFri 27 Nov", "6.21 mi", "50:00", "8:03 /mi", "151 bpm", "148 ft"], cells);
        Assert.Equal("Tempo by the river", table.Find("td.name a").GetAttribute("title"));
        Assert.Equal($"/runs/{TenK.Id}", table.Find("tbody a").GetAttribute("href"));
    }

    [Fact]
    public void A_total_compares_with_the_same_days_of_the_period_before()
    {
        var card = _context.Render<TotalCard>(parameters => parameters
            .Add(p => p.Title, "This week")
            .Add(p => p.Current, new PeriodTotals(new DateOnly(2026, 11, 23), 3, 24_540, 7561, 300, null))
            .Add(p => p.Before, new SameDaysTotals(Comparisons.Week(new DateOnly(2026, 11, 25)), 32_300)));

        Assert.Equal("24.5 km", card.Find(".big").TextContent);
        Assert.Equal("3 runs · 2:06:01", card.Find(".runs-count").TextContent);
        Assert.Equal("−24% vs Mon–Wed last week", card.Find(".change").TextContent);
    }

    [Fact]
    public void On_the_first_of_the_month_the_whole_month_before_shows_too()
    {
        var row = _context.Render<PeriodTotalsRow>(parameters => parameters
            .Add(p => p.Weeks, Periods("week", new DateOnly(2026, 12, 1), (new DateOnly(2026, 11, 23), 52_000), (new DateOnly(2026, 11, 30), 8_000)))
            .Add(p => p.Months, Periods("month", new DateOnly(2026, 12, 1), (new DateOnly(2026, 11, 1), 2_990_900), (new DateOnly(2026, 12, 1), 0)))
            .Add(p => p.Years, Periods("year", new DateOnly(2026, 12, 1), (new DateOnly(2025, 1, 1), 2_000_000), (new DateOnly(2026, 1, 1), 2_990_900)))
            .Add(p => p.MonthBefore, new SameDaysTotals(Comparisons.Month(new DateOnly(2026, 12, 1)), 0)));

        var month = row.Find("[aria-label='This month']");
        Assert.Equal("0.0 km", month.QuerySelector(".big")!.TextContent);
        Assert.Equal(["1 Nov: no runs", "November: 2,991 km in 1 run"], month.QuerySelectorAll(".change").Select(p => p.TextContent));
        // A Tuesday: no whole week before; and the week's same days could not be read, so no comparison either.
        Assert.Empty(row.Find("[aria-label='This week']").QuerySelectorAll(".change"));
    }

    [Fact]
    public void While_the_history_comes_in_the_totals_say_comparisons_mean_little_yet()
    {
        var card = _context.Render<TotalCard>(parameters => parameters
            .Add(p => p.Title, "This year")
            .Add(p => p.Current, new PeriodTotals(new DateOnly(2026, 1, 1), 40, 430_000, 1_026_430, 300, null))
            .Add(p => p.Before, new SameDaysTotals(Comparisons.Year(new DateOnly(2026, 11, 25)), 100_000))
            .Add(p => p.Note, "Comparisons mean little until your Strava history is in."));

        Assert.Equal("40 runs · 285 h 07 min", card.Find(".runs-count").TextContent);
        Assert.Equal("Comparisons mean little until your Strava history is in.", card.Find(".change").TextContent);
    }

    private static Stats Periods(string period, DateOnly today, params (DateOnly Start, double Meters)[] periods) =>
        new(period, "Europe/Paris", periods[0].Start, today, periods.Select(p => new PeriodTotals(p.Start, p.Meters > 0 ? 1 : 0, p.Meters, 0, 0, null)).ToList(),
            new PeriodTotals(periods[0].Start, 0, 0, 0, 0, null));

    [Fact]
    public void Charts_carry_their_series_in_the_runner_s_units_with_gaps_where_there_were_no_runs()
    {
        var weeks = new Stats("week", "Europe/Paris", new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 29),
        [
            new PeriodTotals(new DateOnly(2026, 11, 9), 2, 16_093.44, 4800, 100, null),
            new PeriodTotals(new DateOnly(2026, 11, 16), 0, 0, 0, 0, null),
            new PeriodTotals(new DateOnly(2026, 11, 23), 1, 10_000, 3000, 50, null),
        ], new PeriodTotals(new DateOnly(2026, 11, 9), 3, 26_093.44, 7800, 150, null));

        var distance = ChartData.WeeklyDistance(weeks, "mi");
        var pace = ChartData.PaceTrend(weeks, "km");
        var chart = _context.Render<Chart>(parameters => parameters.Add(p => p.Series, distance));

        Assert.Equal(["9 Nov", "16 Nov", "23 Nov"], distance.Labels);
        Assert.Equal([10.0, 0.0, 6.2], distance.Datasets.Single().Values);
        Assert.Equal([298.3, null, 300.0], pace.Datasets.Single().Values);
        Assert.Equal("Distance per week (mi)", chart.Find("figcaption").TextContent);
        Assert.Equal(distance.Json(), chart.Find("canvas").GetAttribute("data-chart"));
        // Screen readers get the numbers as a table.
        Assert.Equal(["10 mi", "0 mi", "6.2 mi"], chart.FindAll("table tbody td").Select(td => td.TextContent));
        var paceTable = _context.Render<Chart>(parameters => parameters.Add(p => p.Series, pace)).FindAll("table tbody td").Select(td => td.TextContent);
        Assert.Equal(["4:58 /km", "no runs", "5:00 /km"], paceTable);
    }

    public void Dispose() => _context.Dispose();
}
