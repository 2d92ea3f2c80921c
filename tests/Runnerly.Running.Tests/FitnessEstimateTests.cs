namespace Runnerly.Running.Tests;

public class FitnessEstimateTests
{
    private static readonly DateOnly Today = new(2025, 6, 30);

    [Fact]
    public void Picks_the_effort_with_the_best_vdot()
    {
        var tenK = new Effort(Today.AddDays(-10), 10000, TimeSpan.FromMinutes(40));
        Effort[] efforts =
        [
            new(Today.AddDays(-3), 8000, TimeSpan.FromMinutes(44), 140),
            tenK,
            new(Today.AddDays(-20), 5000, TimeSpan.FromMinutes(20)),
        ];

        var best = FitnessEstimate.Best(efforts, Today);

        Assert.NotNull(best);
        Assert.Same(tenK, best.Effort);
        Assert.Equal(51.94, best.Vdot, 0.01); // research file B1: 10K 40:00 → 51.94 [calc]
    }

    [Fact]
    public void Ignores_efforts_outside_the_window_or_in_the_future()
    {
        var inWindow = new Effort(Today.AddDays(-55), 5000, TimeSpan.FromMinutes(25));
        Effort[] efforts =
        [
            inWindow,
            new(Today.AddDays(-56), 5000, TimeSpan.FromMinutes(18)),
            new(Today.AddDays(1), 5000, TimeSpan.FromMinutes(18)),
        ];

        Assert.Same(inWindow, FitnessEstimate.Best(efforts, Today)?.Effort);
        Assert.Null(FitnessEstimate.Best(efforts, Today, windowDays: 30));
    }

    [Fact]
    public void Ignores_short_brief_slow_and_implausible_efforts()
    {
        Effort[] efforts =
        [
            new(Today, 1400, TimeSpan.FromMinutes(8.5)), // shorter than 1500 m
            new(Today, 2000, TimeSpan.FromMinutes(6)), // under 8 minutes
            new(Today, 5000, TimeSpan.FromMinutes(60)), // 5 km/h: a walk
            new(Today, 10000, TimeSpan.FromMinutes(20)), // 30 km/h: a car or a GPS glitch
        ];

        Assert.Null(FitnessEstimate.Best(efforts, Today));
    }

    [Fact]
    public void Ties_go_to_the_most_recent_effort()
    {
        var older = new Effort(Today.AddDays(-9), 5000, TimeSpan.FromMinutes(20));
        var newer = new Effort(Today.AddDays(-2), 5000, TimeSpan.FromMinutes(20));

        Assert.Same(newer, FitnessEstimate.Best([older, newer], Today)?.Effort);
        Assert.Same(newer, FitnessEstimate.Best([newer, older], Today)?.Effort);
    }

    [Fact]
    public void No_efforts_no_estimate()
    {
        Assert.Null(FitnessEstimate.Best([], Today));
        Assert.Throws<ArgumentOutOfRangeException>(() => FitnessEstimate.Best([], Today, 0));
    }
}
