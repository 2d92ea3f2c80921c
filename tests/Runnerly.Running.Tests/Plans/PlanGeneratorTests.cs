using System.Text.RegularExpressions;
using Runnerly.Running.Plans;

namespace Runnerly.Running.Tests.Plans;

public partial class PlanGeneratorTests
{
    [Fact]
    public void A_typical_marathon_plan_uses_every_phase_and_session_kind()
    {
        var plan = Requests.Plan(Requests.Marathon() with { RaceDate = Requests.Thursday.AddDays(7 * 20 + 3) });

        Assert.Equal(
            [PlanPhase.Base, PlanPhase.Build, PlanPhase.Peak, PlanPhase.Taper, PlanPhase.Race],
            plan.Weeks.Select(w => w.Phase).Distinct());
        Assert.Equal(
            Enum.GetValues<SessionKind>().Order(),
            plan.Sessions.Select(s => s.Kind).Distinct().Order());
        Assert.Contains(plan.Weeks, w => w.IsCutback);
        Assert.Empty(plan.Warnings);
        Assert.Equal(45, plan.Vdot);
        Assert.Equal(45, plan.Paces.Vdot);
    }

    [Fact]
    public void Marathon_taper_is_three_weeks_and_a_5k_taper_one()
    {
        // Research file A9: marathon 3 weeks, half 2, 10K/5K 1–2; Pfitzinger's 3-week taper.
        var marathon = Requests.Plan(Requests.Marathon());
        Assert.Equal([PlanPhase.Taper, PlanPhase.Taper, PlanPhase.Race], marathon.Weeks.TakeLast(3).Select(w => w.Phase));
        Assert.Equal(PlanPhase.Peak, marathon.Weeks[^4].Phase);

        var fiveK = Requests.Plan(Requests.Marathon() with { RaceDistanceMeters = 5000 });
        Assert.Equal([PlanPhase.Peak, PlanPhase.Race], fiveK.Weeks.TakeLast(2).Select(w => w.Phase));
    }

    [Fact]
    public void Too_little_time_gives_a_short_plan_with_a_warning()
    {
        var request = Requests.Marathon() with { RaceDate = Requests.Thursday.AddDays(17) }; // a Sunday, 3 weeks on
        var result = PlanGenerator.Generate(request);

        Assert.True(result.Succeeded);
        var plan = result.Plan!;
        Assert.Contains(plan.Warnings, w => w.Code == PlanWarningCode.ShortPlan);
        Assert.Equal([PlanPhase.Taper, PlanPhase.Taper, PlanPhase.Race], plan.Weeks.Select(w => w.Phase));
        Assert.Single(plan.Sessions, s => s.Kind == SessionKind.Race && s.Date == request.RaceDate);
    }

    [Fact]
    public void A_race_today_is_a_plan_of_one_session()
    {
        var plan = Requests.Plan(Requests.Marathon() with { RaceDate = Requests.Thursday });

        var session = Assert.Single(plan.Sessions);
        Assert.Equal(SessionKind.Race, session.Kind);
        Assert.Contains(plan.Warnings, w => w.Code == PlanWarningCode.ShortPlan);
    }

    [Fact]
    public void A_race_in_the_past_is_refused()
    {
        var result = PlanGenerator.Generate(Requests.Marathon() with { RaceDate = Requests.Thursday.AddDays(-1) });

        Assert.False(result.Succeeded);
        Assert.Null(result.Plan);
        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(PlanRequest.RaceDate), error.Field);
        Assert.Contains("before today", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_invalid_field_is_reported_at_once()
    {
        var result = PlanGenerator.Generate(Requests.Marathon() with
        {
            RaceDistanceMeters = 100000,
            Vdot = 10,
            CurrentWeeklyKm = -1,
            RunDays = Requests.Days(DayOfWeek.Saturday, DayOfWeek.Sunday),
        });

        Assert.Equal(
            [nameof(PlanRequest.RaceDistanceMeters), nameof(PlanRequest.Vdot), nameof(PlanRequest.CurrentWeeklyKm), nameof(PlanRequest.RunDays)],
            result.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(DayOfWeek.Monday)]
    [InlineData((DayOfWeek)9)]
    public void The_long_run_day_must_be_a_run_day(DayOfWeek longRunDay)
    {
        var result = PlanGenerator.Generate(Requests.Marathon() with { LongRunDay = longRunDay, RunDays = Requests.Days(DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Sunday) });

        Assert.Equal(nameof(PlanRequest.LongRunDay), Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void An_impossible_goal_time_is_refused()
    {
        var result = PlanGenerator.Generate(Requests.Marathon() with { GoalTime = TimeSpan.FromMinutes(30) });

        Assert.Equal(nameof(PlanRequest.GoalTime), Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void A_race_more_than_a_year_away_is_refused()
    {
        var result = PlanGenerator.Generate(Requests.Marathon() with { RaceDate = Requests.Thursday.AddDays(7 * 53) });

        Assert.Equal(nameof(PlanRequest.RaceDate), Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void A_goal_far_beyond_current_fitness_is_accepted_with_a_warning()
    {
        // VDOT 45 predicts 3:28:16; 3:00:00 needs VDOT 53.5 (research file B1).
        var plan = Requests.Plan(Requests.Marathon() with { GoalTime = TimeSpan.FromHours(3) });

        var warning = Assert.Single(plan.Warnings);
        Assert.Equal(PlanWarningCode.GoalBeyondFitness, warning.Code);
        Assert.Contains("53.5", warning.Message, StringComparison.Ordinal);
        Assert.Equal(45, plan.Paces.Vdot); // training paces stay at current fitness
        var race = plan.Sessions.Single(s => s.Kind == SessionKind.Race);
        Assert.Equal(Vdot.TimeFor(48, 42195), race.Duration); // race target capped at VDOT + 3
    }

    [Fact]
    public void A_goal_within_reach_is_the_race_target()
    {
        var goal = new TimeSpan(3, 20, 0);
        var plan = Requests.Plan(Requests.Marathon() with { GoalTime = goal });

        Assert.Empty(plan.Warnings);
        var race = plan.Sessions.Single(s => s.Kind == SessionKind.Race);
        Assert.Equal(goal, race.Duration);
        Assert.Equal("Race day: Marathon, 42.2 km, target 3:20:00 (4:44/km)", race.Description);
    }

    [Fact]
    public void A_new_runner_starts_from_the_floor_for_the_distance()
    {
        var plan = Requests.Plan(Requests.Marathon() with { CurrentWeeklyKm = 0 });

        Assert.Equal(25, plan.StartWeeklyKm);
        Assert.True(plan.Weeks[0].IsCutback || plan.Weeks[0].TargetKm == 25);
    }

    [Fact]
    public void A_high_volume_runner_on_few_days_is_told_the_plan_runs_less()
    {
        var plan = Requests.Plan(Requests.Marathon() with
        {
            CurrentWeeklyKm = 120,
            RunDays = Requests.Days(DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Sunday),
        });

        Assert.Equal(45, plan.PeakWeeklyKm); // 3 run days × 15 km
        Assert.Contains(plan.Warnings, w => w.Code == PlanWarningCode.VolumeBelowCurrent);
        Assert.Contains(plan.Warnings, w => w.Code == PlanWarningCode.FewRunDays);
    }

    [Fact]
    public void Run_days_all_next_to_the_long_run_leave_no_quality_and_say_so()
    {
        var plan = Requests.Plan(Requests.Marathon() with { RunDays = Requests.Days(DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday) });

        Assert.Contains(plan.Warnings, w => w.Code == PlanWarningCode.NoRoomForQuality);
        Assert.All(plan.Sessions, s => Assert.Contains(s.Kind, new[] { SessionKind.Easy, SessionKind.Recovery, SessionKind.Long, SessionKind.Race }));
    }

    [Fact]
    public void Quality_days_sit_between_the_long_runs()
    {
        var plan = Requests.Plan(Requests.Marathon() with { RunDays = Requests.Days(Enum.GetValues<DayOfWeek>()) });

        var qualityDays = plan.Sessions.Where(s => s.Kind is SessionKind.Threshold or SessionKind.Interval or SessionKind.MarathonPace)
            .Select(s => s.Date.DayOfWeek).Distinct().Order();
        Assert.Equal([DayOfWeek.Tuesday, DayOfWeek.Thursday], qualityDays);
    }

    [Fact]
    public void A_monday_race_gets_its_final_taper_the_week_before()
    {
        var race = new DateOnly(2025, 6, 30); // a Monday
        var plan = Requests.Plan(Requests.Marathon() with { RaceDate = race });

        var last = plan.Weeks.TakeLast(2).ToList();
        Assert.Equal(last[0].TargetKm, last[1].TargetKm);
        Assert.Equal(Math.Round(plan.PeakWeeklyKm * 0.45 * 2, MidpointRounding.AwayFromZero) / 2, last[0].TargetKm);
        var dayBefore = plan.Sessions.SingleOrDefault(s => s.Date == race.AddDays(-1));
        Assert.True(dayBefore is null || !dayBefore.Kind.IsHard());
    }

    [Fact]
    public void The_first_week_starts_today_with_what_the_whole_week_would_hold()
    {
        var plan = Requests.Plan(Requests.Marathon());

        var first = plan.Weeks[0];
        Assert.Equal(new DateOnly(2025, 3, 10), first.StartDate);
        Assert.All(first.Sessions, s => Assert.True(s.Date >= Requests.Thursday));
        Assert.True(first.PlannedKm < first.TargetKm);
    }

    [Fact]
    public void Descriptions_read_plainly_in_km_and_structure_is_exposed()
    {
        var plan = Requests.Plan(Requests.Marathon());

        var easy = plan.Sessions.First(s => s.Kind == SessionKind.Easy);
        Assert.Matches(EasyText(), easy.Description);

        var threshold = plan.Sessions.First(s => s.Kind == SessionKind.Threshold);
        Assert.Matches(ThresholdText(), threshold.Description);
        Assert.Equal(threshold.Reps * threshold.RepMeters, threshold.WorkMeters);
        Assert.Equal(TimeSpan.FromSeconds(threshold.RepMeters / 1000 * 60), threshold.RecoveryDuration);
        Assert.True(threshold.TargetPace.Contains(plan.Paces.Threshold));

        var interval = plan.Sessions.First(s => s.Kind == SessionKind.Interval);
        Assert.True(interval.RecoveryDuration <= plan.Paces.Interval.TimeFor(interval.RepMeters)); // Daniels: jog ≤ work time
    }

    [Fact]
    public void Same_request_same_plan()
    {
        var request = Requests.Marathon();
        var first = Requests.Plan(request);
        var second = Requests.Plan(request with { });

        Assert.Equal(first.Sessions, second.Sessions);
        Assert.Equal(first.Warnings, second.Warnings);
    }

    [GeneratedRegex(@"^Easy \d+(\.\d)? km at \d:\d\d–\d:\d\d/km$")]
    private static partial Regex EasyText();

    [GeneratedRegex(@"^Threshold: \d(\.5)? km warm-up, \d × (1|1\.6|2) km at \d:\d\d–\d:\d\d/km with (1 min|1 min 30 s|2 min) jog between, \d(\.5)? km cool-down$")]
    private static partial Regex ThresholdText();
}
