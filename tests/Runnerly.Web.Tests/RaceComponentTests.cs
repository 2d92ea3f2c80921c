using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Web.Clients;
using Runnerly.Web.Components.Pages;
using Runnerly.Web.Components.Shared;

namespace Runnerly.Web.Tests;

public sealed class RaceComponentTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2027-03-19T12:00:00Z");
    private readonly BunitContext _context = new();

    private static RaceSummary LyonHalf(bool joined = true, bool changed = true) =>
        new(Guid.NewGuid(), "Lyon Half", new DateOnly(2027, 4, 11), "09:30", "Europe/Paris", 21_097.5, "Half marathon", "road", "Lyon", "FR", 3, joined, changed);

    [Fact]
    public void A_race_card_shows_when_how_far_where_and_who_in_the_runner_s_units()
    {
        var race = LyonHalf();
        var card = _context.Render<RaceCard>(parameters => parameters.Add(p => p.Race, race).Add(p => p.Units, "mi").Add(p => p.Now, Now));

        Assert.Equal("Sun 11 Apr 2027", card.Find("time").TextContent);
        Assert.Equal("in 23 days", card.Find(".countdown").TextContent);
        Assert.Equal($"/races/{race.Id}", card.Find("h2 a").GetAttribute("href"));
        Assert.Contains("Half marathon · 13.1 mi · Road", card.Markup);
        Assert.Contains("Lyon, France · 3 runners", card.Markup);
        Assert.Equal(["Joined", "Changed since you joined"], card.FindAll(".badge").Select(b => b.TextContent));
    }

    [Fact]
    public void A_race_the_runner_has_not_joined_has_no_badges()
    {
        var card = _context.Render<RaceCard>(parameters => parameters.Add(p => p.Race, LyonHalf(joined: false, changed: false)).Add(p => p.Now, Now));

        Assert.Empty(card.FindAll(".badge"));
    }

    [Fact]
    public void Look_alikes_link_to_the_races_to_join_and_no_mine_is_different_posts_the_form_again_confirmed()
    {
        var first = new LookAlike(Guid.NewGuid(), "Semi-marathon de Lyon", "Lyon", new DateOnly(2027, 4, 11), 21_097.5);
        var second = new LookAlike(Guid.NewGuid(), "Lyon Urban Half", "Lyon", new DateOnly(2027, 4, 11), 21_100);
        var choice = _context.Render<LookAlikeChoice>(parameters => parameters.Add(p => p.LookAlikes, [first, second]).Add(p => p.Units, "km"));

        Assert.Equal("Is it one of these?", choice.Find("h2").TextContent);
        Assert.Equal([$"/races/{first.Id}", $"/races/{second.Id}"], choice.FindAll("li a").Select(a => a.GetAttribute("href")));
        Assert.Contains("Semi-marathon de Lyon · Lyon · Sun 11 Apr 2027 · 21.1 km", choice.Find("li").TextContent);
        var different = choice.Find("button");
        Assert.Equal("No, mine is different", different.TextContent);
        Assert.Equal("submit", different.GetAttribute("type"));
        Assert.Equal("Input.ConfirmNotDuplicate", different.GetAttribute("name"));
        Assert.Equal("true", different.GetAttribute("value"));
    }

    [Fact]
    public void The_next_race_says_how_far_off_it_is_and_links_to_it()
    {
        var race = LyonHalf();
        var card = _context.Render<NextRaceCard>(parameters => parameters.Add(p => p.Next, new MyRace(race, 6300, null, null)).Add(p => p.Units, "km").Add(p => p.Now, Now));

        Assert.Equal($"/races/{race.Id}", card.Find("a").GetAttribute("href"));
        Assert.Equal("in 23 days", card.Find("strong").TextContent);
        Assert.Contains("your goal 1:45:00", card.Markup);
    }

    [Fact]
    public void Race_results_say_the_time_and_how_it_went_against_the_goal()
    {
        var race = LyonHalf();
        Assert.Equal("1:47:12 (2:12 over your goal)", RaceResults.Outcome(new MyRace(race, 6300, new RaceResult(Guid.NewGuid(), 6432), null)));
        Assert.Equal("1:47:12", RaceResults.Outcome(new MyRace(race, null, new RaceResult(Guid.NewGuid(), 6432), null)));
        Assert.StartsWith("no result", RaceResults.Outcome(new MyRace(race, 6300, null, null)));
    }

    [Fact]
    public void After_race_day_the_runner_sees_their_result()
    {
        var run = Guid.NewGuid();
        var detail = new RaceDetail(LyonHalf(), null, null, null, Now, false, false, [], 3, new MyParticipation(6300, Now, new RaceResult(run, 6432), false));
        _context.Services.AddSingleton(new TrainingApi(StubApi.Down()));

        var section = _context.Render<RaceParticipation>(parameters => parameters.Add(p => p.Detail, detail).Add(p => p.HasBeenRun, true));

        Assert.Equal("Your result: 1:47:12", section.Find(".big").TextContent);
        Assert.Contains("2:12 over your goal (1:45:00)", section.Markup);
        Assert.Equal($"/runs/{run}", section.Find("a").GetAttribute("href"));
        Assert.Empty(section.FindAll("form"));
    }

    [Fact]
    public void Before_race_day_a_runner_who_joined_sees_their_goal_and_can_change_it_or_leave()
    {
        var detail = new RaceDetail(LyonHalf(), null, null, null, Now, false, false, [], 3, new MyParticipation(6300, Now, null, false));
        _context.Services.AddSingleton(new TrainingApi(StubApi.Down()));

        var section = _context.Render<RaceParticipation>(parameters => parameters.Add(p => p.Detail, detail));

        Assert.Contains("Your goal: 1:45:00.", section.Markup);
        Assert.Equal("1:45:00", section.Find("input#goal").GetAttribute("value"));
        Assert.Equal(["Save my goal", "Leave this race"], section.FindAll("button").Select(b => b.TextContent));
    }

    public void Dispose() => _context.Dispose();
}
