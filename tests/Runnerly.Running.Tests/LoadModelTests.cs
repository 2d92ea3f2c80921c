namespace Runnerly.Running.Tests;

public class LoadModelTests
{
    private static readonly DateOnly Start = new(2025, 1, 6);
    private static readonly LoadModelOptions FromZero = new() { Seed = LoadSeed.Zero };

    [Fact]
    public void Forty_two_days_at_50_from_zero_under_the_default_one_over_n()
    {
        // Research file B7 [calc]: CTL 31.83 and ATL 49.92 under x += (L − x)/N.
        var last = LoadModel.Compute(Start, Enumerable.Repeat(50.0, 42).ToList(), FromZero)[^1];
        Assert.Equal(31.83, last.Chronic, 0.005);
        Assert.Equal(49.92, last.Acute, 0.005);
    }

    [Fact]
    public void Forty_two_days_at_50_under_the_golden_cheetah_lambda()
    {
        // Research file B7 [calc]: λ = 1 − e^(−1/N) (GoldenCheetah PMCData.cpp) gives CTL 31.61, ATL 49.88.
        var options = FromZero with { AcuteLambda = 1 - Math.Exp(-1.0 / 7), ChronicLambda = 1 - Math.Exp(-1.0 / 42) };
        var last = LoadModel.Compute(Start, Enumerable.Repeat(50.0, 42).ToList(), options)[^1];
        Assert.Equal(31.61, last.Chronic, 0.005);
        Assert.Equal(49.88, last.Acute, 0.005);
    }

    [Fact]
    public void Runalyze_single_load_decay()
    {
        // Runalyze tests/inc/core/Calculation/Performance/TSBTest.php (λ = 2/(N + 1), rounded):
        // 1000 on day 0 → CTL 47, ATL 250, TSB −203; then CTL 44, 42, 37 (5), 29 (10), 18 (20), 7 (40), 0 (100)
        // and ATL 188, 141, 59 (5), 14 (10), 3 (15), 0 (22).
        var loads = new double[101];
        loads[0] = 1000;
        var days = LoadModel.Compute(Start, loads, LoadModelOptions.Runalyze);

        Assert.Equal(47, Math.Round(days[0].Chronic));
        Assert.Equal(250, Math.Round(days[0].Acute));
        Assert.Equal(-203, Math.Round(days[1].Form)); // Runalyze's same-day TSB is our next-day form.
        int[] ctlDays = [1, 2, 5, 10, 20, 40, 100];
        Assert.Equal([44, 42, 37, 29, 18, 7, 0], ctlDays.Select(d => Math.Round(days[d].Chronic)));
        int[] atlDays = [1, 2, 5, 10, 15, 22];
        Assert.Equal([188, 141, 59, 14, 3, 0], atlDays.Select(d => Math.Round(days[d].Acute)));
    }

    [Fact]
    public void Runalyze_mixed_loads()
    {
        // Runalyze TSBTest.php: loads {0: 150, 1: 50, 2: 40, 5: 60, 6: 30, 7: 100}.
        double[] loads = [150, 50, 40, 0, 0, 60, 30, 100];
        var days = LoadModel.Compute(Start, loads, LoadModelOptions.Runalyze);

        Assert.Equal([7, 9, 10, 10, 9, 12, 13, 17], days.Select(d => Math.Round(d.Chronic)));
        Assert.Equal([38, 41, 40, 30, 23, 32, 32, 49], days.Select(d => Math.Round(d.Acute)));
    }

    [Fact]
    public void Constant_load_converges_to_the_load()
    {
        // Runalyze TSBTest.php: constant 50 → both converge to 50 (CTL within 2.5 by day 70).
        var runalyze = LoadModel.Compute(Start, Enumerable.Repeat(50.0, 70).ToList(), LoadModelOptions.Runalyze);
        Assert.InRange(runalyze[^1].Chronic, 47.5, 50);

        var days = LoadModel.Compute(Start, Enumerable.Repeat(50.0, 400).ToList(), FromZero);
        Assert.Equal(50, days[^1].Chronic, 0.01);
        Assert.Equal(50, days[^1].Acute, 1e-6);
        Assert.Equal(0, days[^1].Form, 0.01);
    }

    [Fact]
    public void History_mean_seed_starts_a_steady_runner_at_steady_state()
    {
        var days = LoadModel.Compute(Start, Enumerable.Repeat(50.0, 10).ToList());
        Assert.All(days, d => Assert.Equal(50, d.Chronic, 1e-9));
        Assert.All(days, d => Assert.Equal(0, d.Form, 1e-9));
    }

    [Fact]
    public void History_mean_seed_averages_the_first_seed_days()
    {
        var loads = new List<double> { 10, 20, 30, 1000 };
        var options = new LoadModelOptions { SeedDays = 3 };
        var first = LoadModel.Compute(Start, loads, options)[0];

        Assert.Equal(0, first.Form, 1e-9); // both averages start at 20
        Assert.Equal(20 + ((10 - 20) / 42.0), first.Chronic, 1e-9);
    }

    [Fact]
    public void Form_on_a_day_excludes_that_days_load()
    {
        double[] loads = [0, 0, 300, 0];
        var days = LoadModel.Compute(Start, loads, FromZero);

        Assert.Equal(0, days[2].Form);
        Assert.Equal(days[2].Chronic - days[2].Acute, days[3].Form, 1e-12);
        Assert.True(days[3].Form < 0);
        Assert.Equal(Start.AddDays(3), days[3].Date);
    }

    [Fact]
    public void Daily_totals_sum_per_day_and_fill_gaps_with_zero()
    {
        var runs = new (DateOnly, double)[]
        {
            (Start, 30), (Start, 20), (Start.AddDays(2), 40), (Start.AddDays(-1), 99), (Start.AddDays(9), 99),
        };
        Assert.Equal([50, 0, 40, 0], LoadModel.DailyTotals(runs, Start, Start.AddDays(3)));
    }

    [Fact]
    public void Rejects_negative_loads_and_bad_lambdas()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadModel.Compute(Start, [10, -1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadModel.Compute(Start, [10], new LoadModelOptions { ChronicLambda = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadModel.Compute(Start, [10], new LoadModelOptions { AcuteLambda = 1.5 }));
        Assert.Empty(LoadModel.Compute(Start, []));
    }
}
