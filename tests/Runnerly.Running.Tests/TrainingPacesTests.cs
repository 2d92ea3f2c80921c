namespace Runnerly.Running.Tests;

public class TrainingPacesTests
{
    private const double Tolerance = 3; // seconds; the published tables round to the second

    [Fact]
    public void Vdot_40_threshold_per_mile_matches_run_fit()
    {
        // https://run-fit.com/pacetables/ : VDOT 40 → T 8:12/mi.
        Assert.Equal(8 * 60 + 12, TrainingPaces.For(40).Threshold.SecondsPerMile, Tolerance);
    }

    [Fact]
    public void Vdot_80_threshold_per_mile_matches_run_fit()
    {
        // https://run-fit.com/pacetables/ : VDOT 80 → T 4:41/mi.
        Assert.Equal(4 * 60 + 41, TrainingPaces.For(80).Threshold.SecondsPerMile, Tolerance);
    }

    [Fact]
    public void Vdot_50_threshold_and_interval_match_daniels()
    {
        // Research file key finding 2 / B2 (Daniels' table): VDOT 50 → T 4:15/km, I 94 s per 400 m.
        var paces = TrainingPaces.For(50);
        Assert.Equal(4 * 60 + 15, paces.Threshold.SecondsPerKm, Tolerance);
        Assert.Equal(94, paces.Interval.SecondsPerKm * 0.4, Tolerance);
    }

    [Fact]
    public void Vdot_49_matches_the_fit360_blog()
    {
        // http://fit360.blogspot.com/2009/05/gear-guide-daniels-running-formula.html (VDOT 49):
        // T 4:20/km and 6:55/mi, I 3:59/km, R 1:29 per 400 m, M 7:24/mi, E 8:40/mi.
        var paces = TrainingPaces.For(49);
        Assert.Equal(4 * 60 + 20, paces.Threshold.SecondsPerKm, Tolerance);
        Assert.Equal(6 * 60 + 55, paces.Threshold.SecondsPerMile, Tolerance);
        Assert.Equal(3 * 60 + 59, paces.Interval.SecondsPerKm, Tolerance);
        Assert.Equal(89, paces.Repetition.SecondsPerKm * 0.4, Tolerance);
        Assert.Equal(7 * 60 + 24, paces.Marathon.SecondsPerMile, Tolerance);
        Assert.True(paces.Easy.Contains(Pace.FromSecondsPerMile(8 * 60 + 40)));
    }

    [Theory]
    [InlineData(40, "5:51", "6:29")]
    [InlineData(50, "4:54", "5:26")]
    [InlineData(60, "4:13", "4:41")]
    public void Easy_band_is_65_to_74_percent_of_vdot(double vdot, string fast, string slow)
    {
        // Research file B2 table, "E range /km (65–74 %)" [calc].
        var easy = TrainingPaces.For(vdot).Easy;
        Assert.Equal($"{fast}–{slow}", easy.FormatPerKm());
    }

    [Fact]
    public void Marathon_pace_is_the_predicted_marathon_over_42_195_km()
    {
        var paces = TrainingPaces.For(50);
        Assert.Equal(Vdot.TimeFor(50, 42195).TotalSeconds / 42.195, paces.Marathon.SecondsPerKm, 1e-6);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(30)]
    [InlineData(55)]
    [InlineData(90)]
    public void Paces_are_ordered_from_repetition_to_easy(double vdot)
    {
        var paces = TrainingPaces.For(vdot);
        Assert.True(paces.Repetition < paces.Interval);
        Assert.True(paces.Interval < paces.Threshold);
        Assert.True(paces.Threshold < paces.Marathon);
        Assert.True(paces.Marathon < paces.Easy.Fast);
        Assert.True(paces.Easy.Fast < paces.Easy.Slow);
    }

    [Theory]
    [InlineData(14.9)]
    [InlineData(90.1)]
    [InlineData(double.NaN)]
    public void Rejects_vdot_outside_the_supported_range(double vdot)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingPaces.For(vdot));
    }
}
