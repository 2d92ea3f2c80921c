using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Web.Clients;
using Runnerly.Web.Components.Pages;
using Runnerly.Web.Components.Shared;
using static Runnerly.Web.Tests.PlanFormattingTests;

namespace Runnerly.Web.Tests;

public sealed class PlanComponentTests : IDisposable
{
    private static readonly DateOnly Today = new(2027, 3, 17); // a Wednesday
    private static readonly PlanRace Lyon = new(Guid.NewGuid(), "Lyon Half", new DateOnly(2027, 4, 11), "09:30", 21_097.5, "Lyon", "FR");
    private readonly BunitContext _context = new();

    private static PlanDetail Detail(ReplanAdvice? advice = null, string status = "active")
    {
        var run = new MatchedRun(Guid.NewGuid(), new DateOnly(2027, 3, 9), 8_100, 2_800);
        var past = new PlanWeek(1, new DateOnly(2027, 3, 8), "Base", false, 30, 29.5, 20.1, new ComplianceTotals(2, 1, 1, 0),
        [
            Session("easy", 8_000, 2_700, 320, 352, status: "done", date: new DateOnly(2027, 3, 9), run: run),
            Session("easy", 6_000, 2_000, 320, 352, status: "missed", date: new DateOnly(2027, 3, 11)),
        ]);
        var current = new PlanWeek(2, new DateOnly(2027, 3, 15), "Build", true, 27, 26, 8, new ComplianceTotals(1, 0, 0, 2),
        [
            Session("easy", 8_000, 2_700, 320, 352, status: "done", date: new DateOnly(2027, 3, 16)),
            Session("threshold", 11_450, 3_600, 233, 237, reps: 5, repMeters: 1000, recovery: 180, date: Today),
            Session("long", 16_000, 5_400, 320, 352, date: new DateOnly(2027, 3, 21)),
        ]);
        var next = new PlanWeek(3, new DateOnly(2027, 3, 22), "Peak", false, 35, 34, 0, new ComplianceTotals(0, 0, 0, 1),
            [Session("interval", 10_000, 3_300, 220, 224, reps: 6, repMeters: 800, recovery: 150, date: new DateOnly(2027, 3, 23))]);
        return new PlanDetail(Guid.NewGuid(), status, Lyon, ["tuesday", "wednesday", "sunday"], "sunday", 6300, 48.2,
            [new PlanNotice("ShortPlan", "Five weeks is short for a half marathon: the plan builds less than it would with more time.")],
            [new PlanVersion(1, new DateOnly(2027, 3, 8), DateTimeOffset.Parse("2027-03-08T10:00:00Z"), "Original plan", 48.2, 30, 35)],
            [past, current, next], new ComplianceTotals(3, 1, 1, 3), advice,
            status == "active" ? new CalendarLinks("https://runnerly.test/calendar/s3cret.ics", "webcal://runnerly.test/calendar/s3cret.ics") : null, Today);
    }

    [Fact]
    public void The_plan_shows_what_is_still_to_do_in_miles_folds_past_weeks_and_gives_the_calendar_links()
    {
        var plan = Detail();
        Serve(plan, "mi");

        var page = _context.Render<Plan>(parameters => parameters.Add(p => p.Id, plan.Id));

        Assert.Equal("Your plan for Lyon Half", page.Find("h1").TextContent);
        Assert.Equal("ShortPlan", page.Find("[data-warning]").GetAttribute("data-warning"));
        Assert.Contains("Five weeks is short", page.Find(".notices").TextContent);
        Assert.Empty(page.FindAll(".advice"));
        var ahead = page.FindAll("section.week");
        Assert.Equal(2, ahead.Count);
        Assert.Contains("Build, an easier week · target 16.8 mi · planned 16.2 mi", ahead[0].TextContent);
        var today = page.Find("li.session[data-session-date='2027-03-17']");
        Assert.Equal("Today", today.QuerySelector("[data-status]")!.TextContent);
        Assert.Contains("5 × 0.62 mi at 6:15–6:21 /mi, 3 min jog between", today.TextContent);
        var past = page.Find("details.week.past");
        Assert.False(past.HasAttribute("open"));
        Assert.Contains("2 done, 1 partly done, 1 missed · 12.5 mi of 18.3 mi", past.QuerySelector("summary")!.TextContent);
        Assert.Contains("/runs/", past.QuerySelector(".session-run a")!.GetAttribute("href"));
        Assert.Equal("https://runnerly.test/calendar/s3cret.ics", page.Find("input[data-calendar-link]").GetAttribute("value"));
        Assert.Equal("#calendar-link", page.Find("button[data-copy]").GetAttribute("data-copy"));
        Assert.Equal("webcal://runnerly.test/calendar/s3cret.ics", page.Find("a.button[href^='webcal:']").GetAttribute("href"));
        Assert.Contains("stops working", page.Find(".calendar details.confirm").TextContent);
        Assert.Contains("Original plan", page.Find(".versions").TextContent);
        Assert.Equal("Re-plan from today", page.Find("form button.secondary").TextContent);
        Assert.Equal("Archive this plan…", page.FindAll("details.confirm summary")[1].TextContent);
    }

    [Fact]
    public void Race_day_shows_in_its_week_though_the_plan_s_sessions_leave_it_out()
    {
        var raceWeek = new PlanWeek(6, new DateOnly(2027, 4, 5), "Race", false, 20, 12, 0, new ComplianceTotals(0, 0, 0, 2),
            [Session("easy", 6_000, 2_000, 320, 352, date: new DateOnly(2027, 4, 7)), Session("easy", 6_000, 2_000, 320, 352, date: new DateOnly(2027, 4, 9))]);

        var week = _context.Render<PlanWeekView>(parameters => parameters
            .Add(p => p.Week, raceWeek).Add(p => p.Today, Today).Add(p => p.Units, "mi").Add(p => p.Race, Lyon).Add(p => p.Goal, 6300));
        var other = _context.Render<PlanWeekView>(parameters => parameters
            .Add(p => p.Week, Detail().Weeks[2]).Add(p => p.Today, Today).Add(p => p.Race, Lyon));

        var raceDay = week.Find("li.race-day");
        Assert.Contains("Sun 11 Apr", raceDay.TextContent);
        Assert.Contains("Lyon Half · 13.1 mi · your goal 1:45:00", raceDay.TextContent);
        Assert.Empty(other.FindAll("li.race-day"));
    }

    [Fact]
    public void Re_planning_on_other_days_starts_from_the_plan_s_days_folded_away()
    {
        var plan = Detail();
        Serve(plan, "km");

        var page = _context.Render<Plan>(parameters => parameters.Add(p => p.Id, plan.Id));

        var other = page.Find("details.more");
        Assert.False(other.HasAttribute("open"));
        Assert.Equal("Run on other days…", other.QuerySelector("summary")!.TextContent);
        Assert.Equal(["Input.Tuesday", "Input.Wednesday", "Input.Sunday"],
            other.QuerySelectorAll("input[type=checkbox][checked]").Select(c => c.GetAttribute("name")));
        Assert.Equal("sunday", other.QuerySelector("input[name='Input.LongRunDay'][checked]")!.GetAttribute("value"));
        Assert.Equal("Re-plan on these days", other.QuerySelector("button")!.TextContent);
    }

    [Fact]
    public void When_the_service_advises_a_re_plan_it_is_offered_first_with_its_reason()
    {
        var plan = Detail(new ReplanAdvice("The last two weeks came in at 45 % of the plan (20.1 of 44.5 km)."));
        Serve(plan, "km");

        var page = _context.Render<Plan>(parameters => parameters.Add(p => p.Id, plan.Id));

        var advice = page.Find(".advice");
        Assert.Contains("45 % of the plan", advice.TextContent);
        Assert.Equal("Re-plan from today", advice.QuerySelector("button")!.TextContent);
        Assert.Single(page.FindAll("button"), b => b.TextContent == "Re-plan from today");
    }

    [Fact]
    public void An_archived_plan_is_read_only_without_calendar_or_changes()
    {
        var plan = Detail(status: "archived");
        Serve(plan, "km");

        var page = _context.Render<Plan>(parameters => parameters.Add(p => p.Id, plan.Id));

        Assert.Contains("This plan is archived", page.Markup);
        Assert.Empty(page.FindAll(".calendar"));
        Assert.Empty(page.FindAll("form"));
    }

    [Fact]
    public void The_weekly_bars_draw_each_status_s_share_of_the_week()
    {
        var weeks = Detail().Weeks.Take(2).ToList();

        var bars = _context.Render<ComplianceBars>(parameters => parameters.Add(p => p.Weeks, weeks));

        var first = bars.FindAll(".bars li")[0];
        Assert.Equal([("done", "0", "50"), ("partly", "50", "25"), ("missed", "75", "25")],
            first.QuerySelectorAll("rect").Select(r => (r.GetAttribute("class"), r.GetAttribute("x"), r.GetAttribute("width"))));
        Assert.Equal("2 done, 1 partly done, 1 missed", first.QuerySelector(".bar-text")!.TextContent);
        Assert.Equal(["33.33", "66.67"], bars.FindAll(".bars li")[1].QuerySelectorAll("rect").Select(r => r.GetAttribute("width")));
    }

    [Fact]
    public void The_dashboard_card_lists_this_week_s_sessions_with_their_status_and_nothing_without_a_plan()
    {
        var week = new WeekOfPlan(Guid.NewGuid(), Lyon, new DateOnly(2027, 3, 15), Detail().Weeks[1].Sessions);

        var card = _context.Render<ThisWeekCard>(parameters => parameters.Add(p => p.Weeks, [week]).Add(p => p.Units, "km").Add(p => p.Today, Today));
        var none = _context.Render<ThisWeekCard>(parameters => parameters.Add(p => p.Weeks, []).Add(p => p.Today, Today));

        Assert.Equal($"/plans/{week.PlanId}", card.Find("h3 a").GetAttribute("href"));
        Assert.Equal(["Done", "Today", "To do"], card.FindAll("[data-status]").Select(s => s.TextContent));
        Assert.Contains("Threshold · 11.5 km", card.FindAll(".week-sessions li")[1].TextContent);
        Assert.Equal("", none.Markup.Trim());
    }

    [Fact]
    public void Get_a_plan_starts_from_the_runner_s_usual_days_and_says_asking_joins_the_race()
    {
        var race = new RaceSummary(Lyon.Id, "Lyon Half", Lyon.Date, "09:30", "Europe/Paris", 21_097.5, "Half marathon", "road", "Lyon", "FR", 3, false, false);
        _context.Services.AddSingleton(new DataApi(StubApi.Client(_ => StubApi.Json(new Profile(null, null, null, null, null, null, "km", "Europe/Paris", 4, false)))));
        _context.Services.AddSingleton(new TrainingApi(StubApi.Client(request => request.RequestUri!.AbsolutePath switch
        {
            "/api/plans" => StubApi.Json(Array.Empty<PlanSummary>()),
            _ => StubApi.Json(new RaceDetail(race, null, null, null, DateTimeOffset.UtcNow, false, false, [], 3, null)),
        })));

        var page = _context.Render<GetPlan>(parameters => parameters.Add(p => p.Id, Lyon.Id));

        Assert.Equal(["Input.Tuesday", "Input.Thursday", "Input.Saturday", "Input.Sunday"],
            page.FindAll("input[type=checkbox][checked]").Select(c => c.GetAttribute("name")));
        Assert.Equal("sunday", page.Find("input[name='Input.LongRunDay'][checked]").GetAttribute("value"));
        Assert.Contains("Asking for a plan adds you to this race's runners.", page.Markup);
        Assert.Empty(page.FindAll("fieldset.recent"));
    }

    private void Serve(PlanDetail plan, string units)
    {
        _context.Services.AddSingleton(new DataApi(StubApi.Client(_ => StubApi.Json(new Profile(null, null, null, null, null, null, units, "Europe/Paris", 4, false)))));
        _context.Services.AddSingleton(new TrainingApi(StubApi.Client(request => request.RequestUri!.AbsolutePath == $"/api/plans/{plan.Id}"
            ? StubApi.Json(plan)
            : new HttpResponseMessage(HttpStatusCode.NotFound))));
    }

    public void Dispose() => _context.Dispose();
}
