using Runnerly.Web.Clients;
using Runnerly.Web.Formatting;
using Runnerly.Web.Forms;

namespace Runnerly.Web.Tests;

public sealed class PlanFormattingTests
{
    internal static PlanSession Session(string kind, double meters, int seconds, double fast, double slow, int reps = 1, double repMeters = 0, int recovery = 0,
        string status = "pending", DateOnly? date = null, MatchedRun? run = null) =>
        new(date ?? new DateOnly(2027, 3, 16), kind, meters, seconds, fast, slow, "(the service's words, in km)", reps, repMeters == 0 ? meters : repMeters, recovery, status, run);

    [Theory]
    [InlineData("km", "5 × 1 km at 3:53–3:57 /km, 3 min jog between; 11.5 km in all with warm-up and cool-down")]
    [InlineData("mi", "5 × 0.62 mi at 6:15–6:21 /mi, 3 min jog between; 7.1 mi in all with warm-up and cool-down")]
    public void Threshold_repeats_read_in_the_runner_s_units(string units, string expected) =>
        Assert.Equal(expected, PlanFormat.Describe(Session("threshold", 11_450, 3600, 233, 237, reps: 5, repMeters: 1000, recovery: 180), units));

    [Theory]
    [InlineData("km", "8 × 400 m at 3:30–3:34 /km (about 1:25 each), 2 min 45 s jog between; 9.2 km in all with warm-up and cool-down")]
    [InlineData("mi", "8 × 400 m at 5:38–5:44 /mi (about 1:25 each), 2 min 45 s jog between; 5.7 mi in all with warm-up and cool-down")]
    public void Short_repetitions_keep_their_track_length_and_give_the_time_of_one(string units, string expected) =>
        Assert.Equal(expected, PlanFormat.Describe(Session("repetition", 9_200, 3000, 210, 214, reps: 8, repMeters: 400, recovery: 165), units));

    [Theory]
    [InlineData("long", "km", "Long run", "18.0 km at 5:20–5:52 /km")]
    [InlineData("long", "mi", "Long run", "11.2 mi at 8:35–9:26 /mi")]
    [InlineData("easy", "mi", "Easy run", "11.2 mi at 8:35–9:26 /mi")]
    public void Continuous_runs_are_a_distance_at_a_pace_range(string kind, string units, string name, string expected)
    {
        Assert.Equal(name, PlanFormat.Kind(kind));
        Assert.Equal(expected, PlanFormat.Describe(Session(kind, 18_000, 6000, 320, 352), units));
    }

    [Fact]
    public void Marathon_pace_and_race_day_read_in_miles()
    {
        Assert.Equal("10 mi at marathon pace, 7:43–7:52 /mi, inside 13.7 mi with warm-up and cool-down",
            PlanFormat.Describe(Session("marathonPace", 22_000, 6600, 288, 293, repMeters: 16_093.44), "mi"));
        Assert.Equal("13.1 mi at 7:58–8:06 /mi, about 1:45:00",
            PlanFormat.Describe(Session("race", 21_097.5, 6300, 297, 302), "mi"));
    }

    [Fact]
    public void A_session_s_status_reads_as_words_and_today_s_stands_out()
    {
        var today = new DateOnly(2027, 3, 16);
        Assert.Equal("Done", PlanFormat.Status(Session("easy", 8000, 2700, 320, 352, status: "done"), today));
        Assert.Equal("Partly done", PlanFormat.Status(Session("easy", 8000, 2700, 320, 352, status: "partlyDone"), today));
        Assert.Equal("Missed", PlanFormat.Status(Session("easy", 8000, 2700, 320, 352, status: "missed"), today));
        Assert.Equal("Today", PlanFormat.Status(Session("easy", 8000, 2700, 320, 352, date: today), today));
        Assert.Equal("To do", PlanFormat.Status(Session("easy", 8000, 2700, 320, 352, date: today.AddDays(1)), today));
        Assert.Equal("45 min", PlanFormat.About(2700));
        Assert.Equal("1 h 35 min", PlanFormat.About(5700));
    }

    [Fact]
    public void A_week_s_bar_gives_each_status_its_share_of_the_sessions()
    {
        var bar = PlanFormat.Bar(new ComplianceTotals(Done: 2, PartlyDone: 1, Missed: 1, Pending: 1));

        Assert.Equal([new BarSegment("done", 2, 0, 40), new BarSegment("partly", 1, 40, 20), new BarSegment("missed", 1, 60, 20), new BarSegment("pending", 1, 80, 20)], bar);
        Assert.Equal([new BarSegment("done", 3, 0, 100)], PlanFormat.Bar(new ComplianceTotals(3, 0, 0, 0)));
        Assert.Equal([new BarSegment("done", 1, 0, 33.33), new BarSegment("missed", 2, 33.33, 66.67)], PlanFormat.Bar(new ComplianceTotals(1, 0, 2, 0)));
        Assert.Empty(PlanFormat.Bar(new ComplianceTotals(0, 0, 0, 0)));
        Assert.Equal("2 done, 1 partly done, 1 missed, 1 to do", PlanFormat.Compliance(new ComplianceTotals(2, 1, 1, 1)));
        Assert.Equal("3 done", PlanFormat.Compliance(new ComplianceTotals(3, 0, 0, 0)));
    }

    [Theory]
    [InlineData(2, "tuesday thursday sunday")]
    [InlineData(4, "tuesday thursday saturday sunday")]
    [InlineData(5, "tuesday wednesday thursday saturday sunday")]
    [InlineData(7, "monday tuesday wednesday thursday friday saturday sunday")]
    public void The_plan_form_starts_from_the_runner_s_usual_days_with_the_long_run_on_sunday(int daysPerWeek, string days)
    {
        var form = PlanForm.For(daysPerWeek, goalSeconds: 6300);

        Assert.Equal(days, string.Join(' ', form.RunDays));
        Assert.Equal("sunday", form.LongRunDay);
        Assert.Equal("1:45:00", form.GoalTime);
    }

    [Fact]
    public void The_plan_form_needs_three_days_the_long_run_among_them_and_once_asked_a_recent_effort()
    {
        var race = Guid.NewGuid();
        var form = new PlanForm { Tuesday = true, Sunday = true, LongRunDay = "sunday" };
        Assert.Null(form.ToRequest(race, "km", out var errors));
        Assert.Equal(["runDays"], errors.Keys);

        form.Thursday = true;
        form.LongRunDay = "saturday";
        Assert.Null(form.ToRequest(race, "km", out errors));
        Assert.Equal(["longRunDay"], errors.Keys);

        form.LongRunDay = "sunday";
        form.AskRecent = true;
        Assert.Null(form.ToRequest(race, "km", out errors));
        Assert.Equal(["recentRace"], errors.Keys);

        form.RecentDistance = "custom";
        form.RecentCustom = "6.2";
        form.RecentTime = "48:30";
        var request = form.ToRequest(race, "mi", out errors);
        Assert.Empty(errors);
        Assert.Equal(["tuesday", "thursday", "sunday"], request!.RunDays);
        Assert.Equal(9_977.93, request.RecentRace!.DistanceMeters, 2);
        Assert.Equal("48:30", request.RecentRace.Time);
        Assert.Null(request.GoalTime);
    }
}
