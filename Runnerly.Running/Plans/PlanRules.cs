namespace Runnerly.Running.Plans;

/// <summary>
/// The numbers the plan generator works by, in one place.
/// </summary>
/// <remarks>
/// <para>Volume: week 1 holds the runner's current volume (or a floor by distance: 5K 10, 10K 15, half 20,
/// marathon 25 km), then each loading week adds at most <see cref="RampFraction"/> of the last loading week or
/// <see cref="RampAllowanceKm"/>, whichever is more, spread so the peak is reached when the peak phase starts.
/// Counting back from the taper, every <see cref="CutbackEvery"/>th week is a cutback at
/// <see cref="CutbackFraction"/> of the last loading week; the week after a cutback ramps from the loading week
/// before it. Peak volume by distance grows with VDOT from 30 to 70 (5K 25–60, 10K 30–70, half 35–85,
/// marathon 45–110 km), is never below the current volume within those bounds, and is at most
/// <see cref="MaxKmPerRunDay"/> times the number of run days.</para>
/// <para>Phases, counted back from race day: taper (race week included) 5K 1 week, 10K 2 (1 in plans under
/// 8 weeks), half 2, marathon 3, at 50 %; 70 % then 50 %; 75 %, 60 %, 45 % of peak (race excluded). When the
/// race is on a Monday, Tuesday or Wednesday the week before race week also gets the final fraction. Then
/// peak (5K, 10K, half 3 weeks; marathon 4), build (5K 5, 10K and half 6, marathon 7) and base, the rest:
/// base shrinks first when time is short, then build, then peak.</para>
/// <para>Sessions: the long run is 25 % (5K), 27 % (10K) or 30 % of the week's scheduled kilometres, at most
/// 150 min at the slow end of E pace and 35 km, and is dropped below 5 km. Quality by phase: base R; build 5K
/// I + R, 10K I + T, half and marathon T + I; peak 5K I + T, 10K T + I, half T + M, marathon M + T; taper and
/// race week one session, I (5K, 10K) or T (half, marathon); with one quality day a week the two kinds
/// alternate. Quality caps (Daniels): T ≤ 10 % of the week, I ≤ min(10 km,
/// 8 %), R ≤ min(8 km, 5 %), M ≤ min(110 min, 20 %). Two quality days with five or more run days, else one;
/// never the day before or after another hard day (the week is treated as a cycle); none in the two days
/// before the race; no long run in race week. A quality session uses 80 % of its cap in base weeks, 90 % in
/// build weeks and all of it from the peak on (the taper cuts volume, not intensity); below a minimum
/// (2 × 1 km T, 3 × 400 m I, 4 × 200 m R, 5 km M) it becomes an easy run. Easy runs share what is left,
/// in half kilometres, the day after the long run a lighter recovery run; days that would get less than
/// 3 km are rest days.</para>
/// <para>Partial weeks: the first week holds the sessions the whole week would have from today on; the race
/// week gives each run day before the race its share of the taper volume (target ÷ run days).</para>
/// </remarks>
public static class PlanRules
{
    /// <summary>Largest weekly increase as a fraction of the last loading week.</summary>
    public const double RampFraction = 0.10;

    /// <summary>Weekly increase always allowed, so very low volumes can grow (10 % of 20 km is only 2 km).</summary>
    public const double RampAllowanceKm = 3;

    /// <summary>A cutback week's volume as a fraction of the last loading week.</summary>
    public const double CutbackFraction = 0.8;

    /// <summary>One week in this many (outside the taper) is a cutback.</summary>
    public const int CutbackEvery = 4;

    /// <summary>Peak weekly volume is at most this times the number of run days.</summary>
    public const double MaxKmPerRunDay = 15;

    /// <summary>The longest plan: a race further away is refused.</summary>
    public const int MaxWeeks = 52;

    /// <summary>The largest weekly increase allowed after a loading week of <paramref name="lastKm"/>.</summary>
    public static double MaxIncreaseKm(double lastKm) => Math.Max(RampFraction * lastKm, RampAllowanceKm);
}
