namespace Runnerly.Running.Tests;

public class TrainingLoadTests
{
    [Fact]
    public void Trimp_of_the_fellrnr_worked_example()
    {
        // Runalyze tests/inc/core/Calculation/Trimp/CalculatorTest.php and fellrnr's worked example:
        // 30 min at 130 bpm, rest 40, max 200, male ≈ 32 (31.80 [calc], research file B6).
        var trimp = TrainingLoad.Trimp(TimeSpan.FromMinutes(30), 130, 40, 200, Sex.Male);
        Assert.Equal(31.80, trimp, 0.01);
    }

    [Fact]
    public void Trimp_of_the_runalyze_zero_rest_example()
    {
        // Runalyze Trimp/CalculatorTest.php: 30 min at 90 with max 160, rest 0 → 32.
        var trimp = TrainingLoad.Trimp(TimeSpan.FromMinutes(30), 90, 0, 160, Sex.Male);
        Assert.Equal(32, Math.Round(trimp));
    }

    [Theory]
    [InlineData(Sex.Male, 108.1)]
    [InlineData(Sex.Female, 121.5)]
    public void Trimp_of_an_hour_at_150(Sex sex, double expected)
    {
        // Research file B6 [calc]: 60 min at 150, rest 50, max 190 → male 108.1, female (0.86/1.67) 121.5.
        Assert.Equal(expected, TrainingLoad.Trimp(TimeSpan.FromHours(1), 150, 50, 190, sex), 0.05);
    }

    [Fact]
    public void Unknown_sex_uses_the_runalyze_blend()
    {
        // Research file B6: unknown gender (Runalyze) a = 0.725215, b = 1.795.
        var x = 110.0 / 140;
        var expected = 60 * x * 0.725215 * Math.Exp(1.795 * x);
        Assert.Equal(expected, TrainingLoad.Trimp(TimeSpan.FromHours(1), 160, 50, 190, Sex.Unknown), 1e-9);
    }

    [Fact]
    public void Heart_rate_outside_rest_to_max_is_clamped()
    {
        var hour = TimeSpan.FromHours(1);
        Assert.Equal(0, TrainingLoad.Trimp(hour, 45, 50, 190, Sex.Male));
        Assert.Equal(TrainingLoad.Trimp(hour, 190, 50, 190, Sex.Male), TrainingLoad.Trimp(hour, 205, 50, 190, Sex.Male));
        Assert.Equal(0, TrainingLoad.Trimp(TimeSpan.Zero, 150, 50, 190, Sex.Male));
    }

    [Fact]
    public void Trimp_rejects_impossible_heart_rates()
    {
        var hour = TimeSpan.FromHours(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingLoad.Trimp(hour, 150, 190, 190, Sex.Male));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingLoad.Trimp(hour, double.NaN, 50, 190, Sex.Male));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingLoad.Trimp(-hour, 150, 50, 190, Sex.Male));
    }

    [Theory]
    [InlineData(0.70, 0.755)]
    [InlineData(0.88, 0.92)]
    [InlineData(1.00, 1.00)]
    public void Heart_rate_fraction_follows_daniels_table_2_2(double speedFraction, double hrFraction)
    {
        // Runalyze's regression of Daniels' table 2.2, tested there to ±1.25 % points (research file B2).
        Assert.Equal(hrFraction, TrainingLoad.HeartRateFractionAt(speedFraction), 0.0125);
    }

    [Fact]
    public void Pace_load_is_the_trimp_of_the_heart_rate_the_pace_implies()
    {
        var hour = TimeSpan.FromHours(1);
        var meters = 0.9 * Vdot.SpeedAt(45) * 60; // an hour at 90 % of the speed at VDOT 45

        var fromPace = TrainingLoad.TrimpFromPace(hour, meters, 45, Sex.Female, 50, 190);
        var fromHr = TrainingLoad.Trimp(hour, TrainingLoad.HeartRateFractionAt(0.9) * 190, 50, 190, Sex.Female);

        Assert.Equal(fromHr, fromPace, 1e-9);
    }

    [Fact]
    public void Pace_load_rises_with_speed_and_duration()
    {
        var easy = TrainingLoad.TrimpFromPace(TimeSpan.FromHours(1), 10000, 50, Sex.Unknown);
        var threshold = TrainingLoad.TrimpFromPace(TimeSpan.FromHours(1), 14000, 50, Sex.Unknown);
        var longEasy = TrainingLoad.TrimpFromPace(TimeSpan.FromHours(2), 20000, 50, Sex.Unknown);

        Assert.True(threshold > easy);
        Assert.Equal(2 * easy, longEasy, 1e-9);
        Assert.Equal(0, TrainingLoad.TrimpFromPace(TimeSpan.FromHours(1), 0, 50, Sex.Unknown));
    }

    [Fact]
    public void An_hour_at_threshold_pace_scores_like_an_hour_at_threshold_heart_rate()
    {
        // Daniels: T pace is run at about 88–92 % of max heart rate (research file A1 table).
        var vdot = 50;
        var hour = TimeSpan.FromHours(1);
        var meters = TrainingPaces.For(vdot).Threshold.MetersPerSecond * 3600;
        var fromPace = TrainingLoad.TrimpFromPace(hour, meters, vdot, Sex.Male, 50, 190);
        var at88 = TrainingLoad.Trimp(hour, 0.88 * 190, 50, 190, Sex.Male);
        var at95 = TrainingLoad.Trimp(hour, 0.95 * 190, 50, 190, Sex.Male);
        Assert.InRange(fromPace, at88, at95);
    }
}
