namespace Runnerly.Running.Plans;

/// <summary>A week's place in the plan before sessions are laid out.</summary>
internal sealed record WeekSpec(int Number, DateOnly Monday, PlanPhase Phase, bool IsCutback, double TargetKm);

/// <summary>Weeks, phases and weekly volume targets, built back from race day.</summary>
internal sealed record WeekLayout(IReadOnlyList<WeekSpec> Weeks, double StartKm, double PeakCapKm, double PeakKm)
{
    public static WeekLayout Create(PlanRequest request, RaceProfile profile)
    {
        var firstMonday = Calendar.Monday(request.Today);
        var raceMonday = Calendar.Monday(request.RaceDate);
        var weekCount = ((raceMonday.DayNumber - firstMonday.DayNumber) / 7) + 1;

        var taper = profile.TaperFor(weekCount).ToList();
        if (request.RaceDate.DayNumber - raceMonday.DayNumber < 3)
        {
            // Too few days before a Monday–Wednesday race to taper in race week alone.
            taper.Add(taper[^1]);
        }

        var taperWeeks = Math.Min(taper.Count, weekCount);
        var taperFractions = taper.Skip(taper.Count - taperWeeks).ToArray();
        var loadingWeeks = weekCount - taperWeeks;
        var peakWeeks = Math.Min(loadingWeeks, profile.PeakWeeks);
        var buildWeeks = Math.Min(loadingWeeks - peakWeeks, profile.BuildWeeks);
        var baseWeeks = loadingWeeks - peakWeeks - buildWeeks;

        var peakCap = PeakCap(request, profile);
        var start = Calendar.FloorHalf(Math.Min(Math.Max(request.CurrentWeeklyKm, profile.FloorKm), peakCap));
        var firstPeakWeek = peakWeeks > 0 ? baseWeeks + buildWeeks + 1 : loadingWeeks;
        var targets = Ramp(loadingWeeks, start, peakCap, firstPeakWeek);
        var peak = targets.Count > 0 ? targets.Max() : start;

        var weeks = new List<WeekSpec>(weekCount);
        for (var i = 1; i <= weekCount; i++)
        {
            var monday = firstMonday.AddDays(7 * (i - 1));
            if (i <= loadingWeeks)
            {
                var phase = i <= baseWeeks ? PlanPhase.Base : i <= baseWeeks + buildWeeks ? PlanPhase.Build : PlanPhase.Peak;
                weeks.Add(new WeekSpec(i, monday, phase, IsCutback(i, loadingWeeks), targets[i - 1]));
            }
            else
            {
                var fraction = taperFractions[i - loadingWeeks - 1];
                var phase = i == weekCount ? PlanPhase.Race : PlanPhase.Taper;
                weeks.Add(new WeekSpec(i, monday, phase, false, Calendar.RoundHalf(peak * fraction)));
            }
        }

        return new WeekLayout(weeks, start, peakCap, peak);
    }

    private static double PeakCap(PlanRequest request, RaceProfile profile)
    {
        var fitness = Math.Clamp((request.Vdot - 30) / 40, 0, 1);
        var byFitness = profile.PeakMinKm + ((profile.PeakMaxKm - profile.PeakMinKm) * fitness);
        var peak = Math.Clamp(Math.Max(byFitness, request.CurrentWeeklyKm), profile.PeakMinKm, profile.PeakMaxKm);
        return Calendar.FloorHalf(Math.Min(peak, request.RunDays.Count * PlanRules.MaxKmPerRunDay));
    }

    // Counting back from the taper keeps the last loading week (the peak) a full one.
    private static bool IsCutback(int week, int loadingWeeks) =>
        (loadingWeeks - week) % PlanRules.CutbackEvery == PlanRules.CutbackEvery - 1;

    private static List<double> Ramp(int loadingWeeks, double start, double peak, int firstPeakWeek)
    {
        var targets = new List<double>(loadingWeeks);
        var last = start;
        for (var week = 1; week <= loadingWeeks; week++)
        {
            if (IsCutback(week, loadingWeeks))
            {
                targets.Add(Calendar.FloorHalf(PlanRules.CutbackFraction * last));
                continue;
            }

            if (week > 1)
            {
                // Spread what is left to reach the peak over the loading weeks until the peak phase.
                var weeksLeft = Enumerable.Range(week, Math.Max(1, firstPeakWeek - week + 1))
                    .Count(w => !IsCutback(w, loadingWeeks));
                var step = Math.Min(PlanRules.MaxIncreaseKm(last), Math.Max(0, peak - last) / Math.Max(1, weeksLeft));
                last = Math.Max(last, Calendar.FloorHalf(last + step));
            }

            targets.Add(last);
        }

        return targets;
    }
}
