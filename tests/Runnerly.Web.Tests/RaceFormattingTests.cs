using Runnerly.Web.Formatting;

namespace Runnerly.Web.Tests;

public sealed class RaceFormattingTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Theory]
    [InlineData(0, "today")]
    [InlineData(1, "tomorrow")]
    [InlineData(23, "in 23 days")]
    [InlineData(-1, "yesterday")]
    [InlineData(-12, "12 days ago")]
    public void Race_day_counts_down_in_days(int days, string expected) =>
        Assert.Equal(expected, RaceFormat.Countdown(new DateOnly(2027, 4, 11).AddDays(days), new DateOnly(2027, 4, 11)));

    [Theory]
    [InlineData("2027-04-11T05:25:00Z", "09:30", "in 2 h 5 min")] // 07:25 in Paris (summer time)
    [InlineData("2027-04-11T07:20:00Z", "09:30", "in 10 min")]
    [InlineData("2027-04-11T07:31:00Z", "09:30", "today, under way")]
    [InlineData("2027-04-11T05:25:00Z", null, "today")]
    [InlineData("2027-04-10T21:59:00Z", "09:30", "tomorrow")] // 23:59 the evening before, there
    [InlineData("2027-03-19T12:00:00Z", "09:30", "in 23 days")]
    public void On_race_day_the_countdown_runs_to_the_start_at_the_race(string now, string? start, string expected) =>
        Assert.Equal(expected, RaceFormat.Countdown(new DateOnly(2027, 4, 11), start, Paris, DateTimeOffset.Parse(now)));

    [Fact]
    public void Today_is_the_race_s_own_calendar_day()
    {
        var now = DateTimeOffset.Parse("2027-04-10T23:30:00Z");
        Assert.Equal(new DateOnly(2027, 4, 11), RaceFormat.TodayAt("Europe/Paris", now));
        Assert.Equal(new DateOnly(2027, 4, 10), RaceFormat.TodayAt("America/Los_Angeles", now));
        Assert.Equal(new DateOnly(2027, 4, 10), RaceFormat.TodayAt("Not/AZone", now));
    }

    [Theory]
    [InlineData(21_097.5, "Half marathon", "km", "Half marathon · 21.1 km")]
    [InlineData(21_097.5, "Half marathon", "mi", "Half marathon · 13.1 mi")]
    [InlineData(42_195, "Marathon", "mi", "Marathon · 26.2 mi")]
    [InlineData(5_000, null, "mi", "3.1 mi")]
    [InlineData(15_000, null, "km", "15 km")]
    public void A_race_s_distance_reads_in_the_runner_s_units(double meters, string? standard, string units, string expected) =>
        Assert.Equal(expected, RaceFormat.Distance(meters, standard, units));

    [Theory]
    [InlineData(300, "km", "5:00 /km")]
    [InlineData(300, "mi", "8:03 /mi")]
    [InlineData(254.6, "km", "4:15 /km")]
    public void Training_paces_given_per_km_read_in_the_runner_s_units(double secondsPerKm, string units, string expected) =>
        Assert.Equal(expected, RunFormat.Pace(secondsPerKm, units));

    [Fact]
    public void An_easy_pace_is_a_range_fast_to_slow() => Assert.Equal("8:19–9:15 /mi", RunFormat.PaceRange(310, 345, "mi"));

    [Theory]
    [InlineData(6432, 6300, "1:47:12", "2:12 over your goal")]
    [InlineData(6200, 6300, "1:43:20", "1:40 under your goal")]
    [InlineData(1500, 1500, "25:00", "right on your goal")]
    public void A_result_reads_as_a_time_and_against_the_goal(int result, int goal, string time, string against)
    {
        Assert.Equal(time, RunFormat.Duration(result));
        Assert.Equal(against, RaceFormat.AgainstGoal(result, goal));
    }

    [Theory]
    [InlineData(new string[0], 0, "Nobody yet")]
    [InlineData(new string[0], 3, "3 runners")]
    [InlineData(new[] { "Ada" }, 0, "Ada")]
    [InlineData(new[] { "Ada" }, 2, "Ada and 2 others")]
    [InlineData(new[] { "Ada", "Grete" }, 1, "Ada, Grete and 1 other")]
    public void Who_is_running_names_those_who_show_their_name_and_counts_the_rest(string[] names, int others, string expected) =>
        Assert.Equal(expected, RaceFormat.Who(names, others));

    [Fact]
    public void The_start_is_said_in_the_race_s_own_time_zone()
    {
        Assert.Equal("Sunday 11 April 2027 at 09:30, Europe/Paris time", RaceFormat.When(new DateOnly(2027, 4, 11), "09:30", "Europe/Paris"));
        Assert.Equal("Sunday 11 April 2027", RaceFormat.When(new DateOnly(2027, 4, 11), null, "Europe/Paris"));
    }

    [Fact]
    public void Countries_are_named_in_english_and_time_zones_are_iana_ids()
    {
        Assert.Equal("France", Places.CountryName("FR"));
        Assert.Equal("XX", Places.CountryName("XX"));
        Assert.Contains(("US", "United States"), Places.Countries);
        Assert.Equal(Places.Countries.Count, Places.Countries.Select(c => c.Code).Distinct().Count());
        Assert.Contains("Europe/Paris", Places.TimeZones);
        Assert.Contains("UTC", Places.TimeZones);
    }
}
