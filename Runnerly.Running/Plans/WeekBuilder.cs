namespace Runnerly.Running.Plans;

/// <summary>Lays out one week's sessions on the run days within it.</summary>
internal sealed class WeekBuilder(PlanRequest request, RaceProfile profile, WeeklyPattern pattern, Workouts workouts, TimeSpan raceTarget)
{
    private const double MaxLongShare = 0.30;
    private const double MinEasyKm = 3;
    private const double MinShakeoutKm = 2;
    private const double RecoveryWeight = 0.7;
    private const double ShakeoutWeight = 0.4;

    private readonly record struct Day(DateOnly Date, SessionKind Kind, double Weight = 1, bool Shakeout = false);

    public PlanWeek Build(WeekSpec spec)
    {
        var raceWeek = request.RaceDate < spec.Monday.AddDays(7);
        List<Draft> drafts;
        if (raceWeek)
        {
            // Each run day before the race keeps its share of the taper volume; the race takes the rest.
            var days = Days(spec, request.Today);
            drafts = Lay(days, spec.TargetKm * days.Count / request.RunDays.Count, spec);
        }
        else
        {
            // A partial first week holds the sessions the whole week would have from today on.
            drafts = Lay(Days(spec, spec.Monday), spec.TargetKm, spec);
            drafts.RemoveAll(d => d.Date < request.Today);
        }

        var sessions = drafts.Select(workouts.Describe).ToList();
        if (raceWeek)
        {
            sessions.Add(Workouts.Race(request.RaceDate, request.RaceDistanceMeters, raceTarget));
        }

        return new PlanWeek
        {
            Number = spec.Number,
            StartDate = spec.Monday,
            Phase = spec.Phase,
            IsCutback = spec.IsCutback,
            TargetKm = spec.TargetKm,
            PlannedKm = Math.Round(drafts.Sum(d => d.Meters) / 1000, 1),
            Sessions = sessions,
        };
    }

    /// <summary>The training days of the week from <paramref name="from"/> (race day excluded) and what each is for.</summary>
    private List<Day> Days(WeekSpec spec, DateOnly from)
    {
        var days = new List<Day>(7);
        for (var date = spec.Monday; date < spec.Monday.AddDays(7); date = date.AddDays(1))
        {
            if (date < from || date >= request.RaceDate || !request.RunDays.Contains(date.DayOfWeek))
            {
                continue;
            }

            var slot = IndexOf(pattern.QualityDays, date.DayOfWeek);
            days.Add((request.RaceDate.DayNumber - date.DayNumber) switch
            {
                1 => new Day(date, SessionKind.Easy, ShakeoutWeight, Shakeout: true),
                2 => new Day(date, SessionKind.Easy),
                _ when spec.Phase == PlanPhase.Race => new Day(date, slot == 0 ? profile.Sharpen : SessionKind.Easy),
                _ when date.DayOfWeek == request.LongRunDay => new Day(date, SessionKind.Long),
                _ when slot >= 0 && QualityKind(spec, slot) is { } kind => new Day(date, kind),
                _ when date.DayOfWeek == NextDay(request.LongRunDay) => new Day(date, SessionKind.Recovery, RecoveryWeight),
                _ => new Day(date, SessionKind.Easy),
            });
        }

        return days;
    }

    private SessionKind? QualityKind(WeekSpec spec, int slot)
    {
        var kinds = spec.Phase switch
        {
            PlanPhase.Base => [SessionKind.Repetition],
            PlanPhase.Build => profile.Build,
            PlanPhase.Peak => profile.Peak,
            _ => new[] { profile.Sharpen },
        };
        if (kinds.Length == 1)
        {
            return slot == 0 ? kinds[0] : null;
        }

        // With one quality day a week, alternate the two kinds.
        return pattern.QualityDays.Count >= 2 ? kinds[slot] : kinds[spec.Number % 2];
    }

    /// <summary>
    /// Sizes the long run and quality from a cap volume, fills the rest with easy running, and lowers the cap
    /// volume until every cap holds against the kilometres actually scheduled.
    /// </summary>
    private List<Draft> Lay(List<Day> days, double volumeKm, WeekSpec spec)
    {
        var capKm = volumeKm;
        while (true)
        {
            var drafts = Compose(days, volumeKm, capKm, spec);
            var totalKm = drafts.Sum(d => d.Meters) / 1000;
            if (capKm <= 0 || Fits(drafts, totalKm, volumeKm))
            {
                return drafts;
            }

            capKm = Math.Max(0, Math.Min(capKm - 0.5, totalKm));
        }
    }

    private List<Draft> Compose(List<Day> days, double volumeKm, double capKm, WeekSpec spec)
    {
        var drafts = new List<Draft>(days.Count);
        var easyDays = new List<Day>(days.Count);
        foreach (var day in days)
        {
            var draft = day.Kind switch
            {
                SessionKind.Long => LongRun(day.Date, capKm),
                SessionKind.Easy or SessionKind.Recovery => null,
                _ => workouts.Quality(day.Date, day.Kind, capKm, Intensity(spec.Phase)),
            };
            if (draft is { } fixedDraft)
            {
                drafts.Add(fixedDraft);
            }
            else
            {
                // A long run or quality session too small to be one becomes an easy run.
                easyDays.Add(day.Kind is SessionKind.Recovery || day.Shakeout ? day : day with { Kind = SessionKind.Easy, Weight = 1 });
            }
        }

        AddEasy(drafts, easyDays, volumeKm - (drafts.Sum(d => d.Meters) / 1000));
        drafts.Sort((a, b) => a.Date.CompareTo(b.Date));
        return drafts;
    }

    private Draft? LongRun(DateOnly date, double capKm)
    {
        var km = Calendar.FloorHalf(Math.Min(Math.Min(profile.LongShare, MaxLongShare) * capKm, workouts.LongRunLimitKm));
        return km >= Workouts.MinLongKm ? new Draft(date, SessionKind.Long, km * 1000, RepMeters: km * 1000) : null;
    }

    /// <summary>
    /// Shares <paramref name="km"/> among the easy days by weight, in half kilometres; days that would fall
    /// short of a minimum run become rest days, the lightest and latest first.
    /// </summary>
    private static void AddEasy(List<Draft> drafts, List<Day> days, double km)
    {
        while (days.Count > 0)
        {
            var totalWeight = days.Sum(d => d.Weight);
            if (days.TrueForAll(d => km * d.Weight / totalWeight >= (d.Shakeout ? MinShakeoutKm : MinEasyKm)))
            {
                break;
            }

            days.Remove(days.OrderBy(d => d.Weight).ThenByDescending(d => d.Date).First());
        }

        if (days.Count == 0)
        {
            return;
        }

        // Largest remainder: every run a whole number of half kilometres, the total at most km.
        var weight = days.Sum(d => d.Weight);
        var exact = days.ConvertAll(d => km * 2 * d.Weight / weight);
        var halves = exact.ConvertAll(e => (int)Math.Floor(e + 1e-9));
        var spare = (int)Math.Floor((km * 2) + 1e-9) - halves.Sum();
        foreach (var i in Enumerable.Range(0, days.Count).OrderByDescending(i => exact[i] - halves[i]).ThenBy(i => i).Take(spare))
        {
            halves[i]++;
        }

        for (var i = 0; i < days.Count; i++)
        {
            var meters = halves[i] * 500.0;
            drafts.Add(new Draft(days[i].Date, days[i].Kind, meters, RepMeters: meters, Shakeout: days[i].Shakeout));
        }
    }

    private bool Fits(List<Draft> drafts, double totalKm, double volumeKm) =>
        totalKm <= volumeKm + 1e-6 && drafts.TrueForAll(d => d.Kind switch
        {
            SessionKind.Long => d.Meters / 1000 <= (MaxLongShare * totalKm) + 1e-9,
            SessionKind.Easy or SessionKind.Recovery => true,
            _ => d.WorkMeters / 1000 <= workouts.MaxWorkKm(d.Kind, totalKm) + 1e-9,
        });

    private static double Intensity(PlanPhase phase) => phase switch
    {
        PlanPhase.Base => 0.8,
        PlanPhase.Build => 0.9,
        _ => 1.0,
    };

    private static int IndexOf(IReadOnlyList<DayOfWeek> days, DayOfWeek day)
    {
        for (var i = 0; i < days.Count; i++)
        {
            if (days[i] == day)
            {
                return i;
            }
        }

        return -1;
    }

    private static DayOfWeek NextDay(DayOfWeek day) => (DayOfWeek)(((int)day + 1) % 7);
}
