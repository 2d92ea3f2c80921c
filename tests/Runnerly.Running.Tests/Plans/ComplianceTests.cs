using Runnerly.Running.Plans;

namespace Runnerly.Running.Tests.Plans;

/// <summary>
/// Bands: TrainingPeaks compliance colours by completed ÷ planned (green ±20 %, yellow 50–79 % or 121–150 %,
/// red otherwise or not done; support.trainingpeaks.com color coding, research file A5).
/// Matching: same local date as openpace's ActivityMatcher, widened to one day either side (research file A12).
/// </summary>
public class ComplianceTests
{
    private static readonly DateOnly Monday = new(2025, 3, 10);
    private static readonly DateOnly Today = Monday.AddDays(7);

    [Theory]
    [InlineData(1.0, ComplianceStatus.Done)]
    [InlineData(0.8, ComplianceStatus.Done)]
    [InlineData(1.2, ComplianceStatus.Done)]
    [InlineData(0.79, ComplianceStatus.PartlyDone)]
    [InlineData(0.5, ComplianceStatus.PartlyDone)]
    [InlineData(1.21, ComplianceStatus.PartlyDone)]
    [InlineData(1.5, ComplianceStatus.PartlyDone)]
    [InlineData(0.49, ComplianceStatus.Missed)]
    [InlineData(1.51, ComplianceStatus.Missed)]
    [InlineData(0, ComplianceStatus.Missed)]
    public void Trainingpeaks_bands(double ratio, ComplianceStatus expected)
    {
        Assert.Equal(expected, Compliance.Classify(ratio));
    }

    [Fact]
    public void A_run_close_to_plan_is_done()
    {
        var result = Assert.Single(Compliance.Evaluate([Session(Monday, 10)], [Run(Monday, 10.5)], Today));

        Assert.Equal(ComplianceStatus.Done, result.Status);
        Assert.Equal(1.05, result.Ratio!.Value, 1e-9);
        Assert.NotNull(result.Run);
    }

    [Fact]
    public void A_run_well_short_is_partly_done()
    {
        Assert.Equal(ComplianceStatus.PartlyDone, Compliance.Evaluate([Session(Monday, 10)], [Run(Monday, 6)], Today)[0].Status);
    }

    [Fact]
    public void Nothing_run_is_missed_once_the_day_after_has_passed()
    {
        var results = Compliance.Evaluate(
            [Session(Today.AddDays(-2), 10), Session(Today.AddDays(-1), 10), Session(Today, 10), Session(Today.AddDays(3), 10)],
            [],
            Today);

        Assert.Equal(
            [ComplianceStatus.Missed, ComplianceStatus.Pending, ComplianceStatus.Pending, ComplianceStatus.Pending],
            results.Select(r => r.Status));
        Assert.All(results, r => Assert.Null(r.Ratio));
    }

    [Fact]
    public void A_run_a_day_early_counts()
    {
        var result = Compliance.Evaluate([Session(Monday.AddDays(2), 8)], [Run(Monday.AddDays(1), 8)], Today)[0];

        Assert.Equal(ComplianceStatus.Done, result.Status);
    }

    [Fact]
    public void A_run_two_days_off_does_not_count()
    {
        var result = Compliance.Evaluate([Session(Monday.AddDays(3), 8)], [Run(Monday.AddDays(1), 8)], Today)[0];

        Assert.Equal(ComplianceStatus.Missed, result.Status);
        Assert.Null(result.Run);
    }

    [Fact]
    public void One_run_cannot_satisfy_two_sessions()
    {
        var results = Compliance.Evaluate([Session(Monday, 8), Session(Monday.AddDays(1), 8)], [Run(Monday, 8)], Today);

        Assert.Equal(ComplianceStatus.Done, results[0].Status);
        Assert.Equal(ComplianceStatus.Missed, results[1].Status);
        Assert.Null(results[1].Run);
    }

    [Fact]
    public void Runs_swapped_by_a_day_go_to_the_sessions_they_fit()
    {
        // Planned: Tuesday 8 km, Wednesday 20 km. Run: Wednesday 8 km, Thursday 20 km.
        var results = Compliance.Evaluate(
            [Session(Monday.AddDays(1), 8), Session(Monday.AddDays(2), 20)],
            [Run(Monday.AddDays(2), 8), Run(Monday.AddDays(3), 20)],
            Today);

        Assert.All(results, r => Assert.Equal(ComplianceStatus.Done, r.Status));
        Assert.Equal(8000, results[0].Run!.DistanceMeters);
        Assert.Equal(20000, results[1].Run!.DistanceMeters);
    }

    [Fact]
    public void A_run_on_the_date_wins_over_an_equally_good_one_a_day_off()
    {
        var onTheDay = Run(Monday.AddDays(1), 10);
        var results = Compliance.Evaluate([Session(Monday.AddDays(1), 10)], [Run(Monday, 10), onTheDay], Today);

        Assert.Same(onTheDay, results[0].Run);
    }

    [Fact]
    public void Sessions_without_distance_are_judged_by_time()
    {
        var session = Session(Monday, 0) with { Duration = TimeSpan.FromMinutes(30) };
        var result = Compliance.Evaluate([session], [new CompletedRun(Monday, 4000, TimeSpan.FromMinutes(33))], Today)[0];

        Assert.Equal(ComplianceStatus.Done, result.Status);
        Assert.Equal(1.1, result.Ratio!.Value, 1e-9);
    }

    [Fact]
    public void A_plan_run_as_written_is_all_done()
    {
        var plan = Requests.Plan(Requests.Marathon());
        var sessions = plan.Sessions.ToList();
        var runs = sessions.Select(s => new CompletedRun(s.Date, s.DistanceMeters, s.Duration)).ToList();

        var results = Compliance.Evaluate(sessions, runs, plan.RaceDate.AddDays(1));

        Assert.All(results, r => Assert.Equal(ComplianceStatus.Done, r.Status));
        Assert.Equal(runs.Count, results.Select(r => r.Run).Distinct().Count());
    }

    [Fact]
    public void Rejects_negative_runs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Compliance.Evaluate([Session(Monday, 8)], [Run(Monday, -1)], Today));
        Assert.Throws<ArgumentOutOfRangeException>(() => Compliance.Classify(double.NaN));
    }

    private static PlannedSession Session(DateOnly date, double km) => new()
    {
        Date = date,
        Kind = SessionKind.Easy,
        DistanceMeters = km * 1000,
        Duration = TimeSpan.FromMinutes(km * 6),
        TargetPace = PaceRange.Around(Pace.FromSecondsPerKm(360), 0.05),
        Description = $"Easy {km} km",
        RepMeters = km * 1000,
    };

    private static CompletedRun Run(DateOnly date, double km) => new(date, km * 1000, TimeSpan.FromMinutes(km * 6));
}
