using Runnerly.Running.Plans;

namespace Runnerly.Running.Tests.Plans;

/// <summary>
/// Rules every plan must keep, checked exhaustively: every distance × every length of 4–24 weeks, each with
/// every run-day set × starting volume × weekday of today × weekday of the race (fitness levels taken in turn).
/// The caps are Daniels' (research file A1: T ≤ 10 %, I ≤ min(10 km, 8 %), R ≤ min(8 km, 5 %),
/// M ≤ min(110 min, 20 %), long run ≤ 30 % and 150 min); the taper band is Bosquet et al. 2007
/// (MSSE 39(8):1358, volume cut 41–60 %).
/// </summary>
public class PlanPropertyTests
{
    private const double Epsilon = 1e-6;

    private static readonly (HashSet<DayOfWeek> Days, DayOfWeek Long)[] RunDaySets =
    [
        (Requests.Days(DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Sunday), DayOfWeek.Sunday),
        (Requests.Days(DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Saturday, DayOfWeek.Sunday), DayOfWeek.Sunday),
        (Requests.Days(DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Friday, DayOfWeek.Saturday), DayOfWeek.Saturday),
        (Requests.Days(Enum.GetValues<DayOfWeek>()), DayOfWeek.Sunday),
        (Requests.Days(DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday), DayOfWeek.Sunday),
    ];

    private static readonly double[] StartingKm = [0, 30, 80];
    private static readonly double[] Vdots = [32, 55, 70]; // taken in turn
    private static readonly DateOnly[] Todays = [new(2025, 3, 10), new(2025, 3, 13), new(2025, 3, 16)]; // Mon, Thu, Sun
    private static readonly int[] RaceDayOffsets = [6, 5, 1, 0]; // Sunday, Saturday, Tuesday, Monday of race week

    public static TheoryData<double, int> DistancesAndLengths()
    {
        var data = new TheoryData<double, int>();
        foreach (var meters in new[] { 5000, 10000, 21097.5, 42195 })
        {
            for (var weeks = 4; weeks <= 24; weeks++)
            {
                data.Add(meters, weeks);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DistancesAndLengths))]
    public void Every_plan_keeps_the_rules(double meters, int weeks)
    {
        var checkedDeterminism = 0;
        foreach (var request in AllRequests(meters, weeks))
        {
            var plan = Requests.Plan(request);
            var context = $"{meters} m, {weeks} weeks, today {request.Today}, race {request.RaceDate}, {request.RunDays.Count} days, {request.CurrentWeeklyKm} km, VDOT {request.Vdot}";

            WeeksAreConsecutiveMondaysFromToday(plan, request, weeks, context);
            PhasesRunInOrder(plan, context);
            RampStaysWithinTheLimit(plan, request, context);
            CutbackAtLeastEveryFourthWeekOutsideTheTaper(plan, context);
            CapsHoldInEveryWeek(plan, context);
            TaperFallsToFortyToSixtyPercentBelowPeak(plan, context);
            ExactlyOneRaceOnRaceDay(plan, request, context);
            SessionsOnlyOnRunDaysFromTodayToRaceDay(plan, request, context);
            NoHardDaysBackToBack(plan, context);
            SessionsAreWellFormed(plan, context);
            if (checkedDeterminism++ % 5 == 0)
            {
                SameRequestSamePlan(plan, request, context);
            }
        }
    }

    private static IEnumerable<PlanRequest> AllRequests(double meters, int weeks)
    {
        var n = 0;
        foreach (var (days, longDay) in RunDaySets)
        {
            foreach (var km in StartingKm)
            {
                foreach (var today in Todays)
                {
                    var firstMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
                    foreach (var offset in RaceDayOffsets)
                    {
                        yield return new PlanRequest
                        {
                            Today = today,
                            RaceDate = firstMonday.AddDays((7 * (weeks - 1)) + offset),
                            RaceDistanceMeters = meters,
                            Vdot = Vdots[n++ % Vdots.Length],
                            CurrentWeeklyKm = km,
                            RunDays = days,
                            LongRunDay = longDay,
                        };
                    }
                }
            }
        }
    }

    private static bool IsLoading(PlanWeek week) => week.Phase is PlanPhase.Base or PlanPhase.Build or PlanPhase.Peak;

    private static void WeeksAreConsecutiveMondaysFromToday(TrainingPlan plan, PlanRequest request, int weeks, string context)
    {
        Assert.True(plan.Weeks.Count == weeks, context);
        for (var i = 0; i < plan.Weeks.Count; i++)
        {
            var week = plan.Weeks[i];
            Assert.True(week.Number == i + 1, context);
            Assert.True(week.StartDate.DayOfWeek == DayOfWeek.Monday, context);
            Assert.True(i == 0 || week.StartDate == plan.Weeks[i - 1].StartDate.AddDays(7), context);
        }

        Assert.InRange(request.Today.DayNumber - plan.Weeks[0].StartDate.DayNumber, 0, 6);
    }

    private static void PhasesRunInOrder(TrainingPlan plan, string context)
    {
        var phases = plan.Weeks.Select(w => w.Phase).ToList();
        Assert.True(phases.SequenceEqual(phases.Order()), $"phases out of order: {string.Join(",", phases)}; {context}");
        Assert.True(phases[^1] == PlanPhase.Race && phases.Count(p => p == PlanPhase.Race) == 1, context);
    }

    // Each loading week adds at most 10 % of the last loading week, or 3 km at low volume; the first week
    // starts at the runner's volume or the distance's floor (documented in PlanRules).
    private static void RampStaysWithinTheLimit(TrainingPlan plan, PlanRequest request, string context)
    {
        var floor = request.RaceDistanceMeters switch { <= 7500 => 10.0, <= 15000 => 15.0, <= 30000 => 20.0, _ => 25.0 };
        Assert.True(plan.StartWeeklyKm <= Math.Max(request.CurrentWeeklyKm, floor), context);
        var reference = plan.StartWeeklyKm;
        foreach (var week in plan.Weeks.Where(IsLoading))
        {
            if (week.IsCutback)
            {
                Assert.True(week.TargetKm >= (0.7 * reference) - 0.5 && week.TargetKm <= 0.9 * reference, $"cutback week {week.Number}: {week.TargetKm} after {reference}; {context}");
                continue;
            }

            var limit = reference + Math.Max(0.10 * reference, 3);
            Assert.True(week.TargetKm <= limit + Epsilon, $"week {week.Number}: {week.TargetKm} km after {reference}; {context}");
            reference = week.TargetKm;
        }

        Assert.All(plan.Weeks, w => Assert.True(w.PlannedKm <= w.TargetKm + 0.05, $"week {w.Number} planned over target; {context}"));
    }

    private static void CutbackAtLeastEveryFourthWeekOutsideTheTaper(TrainingPlan plan, string context)
    {
        var run = 0;
        foreach (var week in plan.Weeks.Where(IsLoading))
        {
            run = week.IsCutback ? 0 : run + 1;
            Assert.True(run <= 3, $"four loading weeks without a cutback at week {week.Number}; {context}");
        }

        Assert.DoesNotContain(plan.Weeks, w => !IsLoading(w) && w.IsCutback);
    }

    private static void CapsHoldInEveryWeek(TrainingPlan plan, string context)
    {
        var raceWeek = plan.Weeks[^1];
        foreach (var week in plan.Weeks)
        {
            // Week 1 is laid out as a whole week and shown from today on; its caps refer to the whole week.
            var weekKm = week.Number == 1 && week != raceWeek ? week.TargetKm : week.PlannedKm;
            foreach (var session in week.Sessions)
            {
                var workKm = session.WorkMeters / 1000;
                var ok = session.Kind switch
                {
                    SessionKind.Long => session.DistanceMeters / 1000 <= (0.30 * weekKm) + 0.05
                        && session.DistanceMeters <= 35000 && session.Duration <= TimeSpan.FromMinutes(150),
                    SessionKind.Threshold => workKm <= (0.10 * weekKm) + 0.05,
                    SessionKind.Interval => workKm <= Math.Min(10, 0.08 * weekKm) + 0.05,
                    SessionKind.Repetition => workKm <= Math.Min(8, 0.05 * weekKm) + 0.05,
                    SessionKind.MarathonPace => workKm <= (0.20 * weekKm) + 0.05
                        && plan.Paces.Marathon.TimeFor(session.WorkMeters) <= TimeSpan.FromMinutes(110),
                    _ => true,
                };
                Assert.True(ok, $"{session.Kind} {session.Description} in a {weekKm} km week {week.Number}; {context}");
            }
        }
    }

    private static void TaperFallsToFortyToSixtyPercentBelowPeak(TrainingPlan plan, string context)
    {
        var taper = plan.Weeks.Where(w => !IsLoading(w)).ToList();
        for (var i = 1; i < taper.Count; i++)
        {
            Assert.True(taper[i].TargetKm <= taper[i - 1].TargetKm, $"taper target rises in week {taper[i].Number}; {context}");
            if (taper[i - 1].Number > 1)
            {
                Assert.True(taper[i].PlannedKm <= taper[i - 1].PlannedKm + 0.05, $"taper volume rises in week {taper[i].Number}; {context}");
            }
        }

        Assert.All(taper, w => Assert.True(w.TargetKm <= plan.PeakWeeklyKm, context));
        var raceWeek = plan.Weeks[^1];
        var cut = 1 - (raceWeek.TargetKm / plan.PeakWeeklyKm);
        Assert.True(cut is >= 0.4 - 0.02 and <= 0.6 + 0.02, $"race week cut {cut:P0}; {context}");
    }

    private static void ExactlyOneRaceOnRaceDay(TrainingPlan plan, PlanRequest request, string context)
    {
        var races = plan.Sessions.Where(s => s.Kind == SessionKind.Race).ToList();
        Assert.True(races.Count == 1, context);
        Assert.True(races[0].Date == request.RaceDate && races[0].DistanceMeters == request.RaceDistanceMeters, context);
        Assert.Contains(races[0], plan.Weeks[^1].Sessions);
    }

    private static void SessionsOnlyOnRunDaysFromTodayToRaceDay(TrainingPlan plan, PlanRequest request, string context)
    {
        foreach (var week in plan.Weeks)
        {
            foreach (var session in week.Sessions)
            {
                Assert.True(session.Date >= request.Today && session.Date <= request.RaceDate, $"{session.Date} outside the plan; {context}");
                Assert.True(session.Date >= week.StartDate && session.Date < week.StartDate.AddDays(7), context);
                Assert.True(session.Kind == SessionKind.Race || request.RunDays.Contains(session.Date.DayOfWeek), $"{session.Date} not a run day; {context}");
            }

            Assert.True(week.Sessions.Select(s => s.Date).Distinct().Count() == week.Sessions.Count, $"two sessions on one day; {context}");
            Assert.True(week.Sessions.Select(s => s.Date).SequenceEqual(week.Sessions.Select(s => s.Date).Order()), context);
        }
    }

    private static void NoHardDaysBackToBack(TrainingPlan plan, string context)
    {
        var hardDays = plan.Sessions.Where(s => s.Kind.IsHard()).Select(s => s.Date).ToList();
        for (var i = 1; i < hardDays.Count; i++)
        {
            Assert.True(hardDays[i].DayNumber - hardDays[i - 1].DayNumber > 1, $"hard days {hardDays[i - 1]} and {hardDays[i]}; {context}");
        }
    }

    private static void SessionsAreWellFormed(TrainingPlan plan, string context)
    {
        foreach (var session in plan.Sessions)
        {
            Assert.True(session.DistanceMeters > 0 && session.Duration > TimeSpan.Zero, context);
            Assert.True(session.Reps >= 1 && session.RepMeters > 0, context);
            Assert.True(session.DistanceMeters >= session.WarmupMeters + session.WorkMeters + session.CooldownMeters - Epsilon, context);
            Assert.False(string.IsNullOrWhiteSpace(session.Description), context);
        }

        var weekSum = plan.Weeks.Sum(w => w.Sessions.Where(s => s.Kind != SessionKind.Race).Sum(s => s.DistanceMeters) / 1000);
        Assert.Equal(weekSum, plan.Weeks.Sum(w => w.PlannedKm), 0.05 * plan.Weeks.Count);
    }

    private static void SameRequestSamePlan(TrainingPlan plan, PlanRequest request, string context)
    {
        // Same request, run days given in another order.
        var again = Requests.Plan(request with { RunDays = request.RunDays.Reverse().ToHashSet() });
        Assert.True(plan.Sessions.SequenceEqual(again.Sessions), context);
        Assert.True(plan.Weeks.Select(Summary).SequenceEqual(again.Weeks.Select(Summary)), context);
        Assert.Equal(plan.Warnings, again.Warnings);

        static object Summary(PlanWeek w) => (w.Number, w.StartDate, w.Phase, w.IsCutback, w.TargetKm, w.PlannedKm);
    }
}
