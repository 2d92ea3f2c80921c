namespace Runnerly.Running.Tests;

public class PaceTests
{
    [Theory]
    [InlineData(255, "4:15")]
    [InlineData(254.6, "4:15")]
    [InlineData(299.6, "5:00")]
    [InlineData(59.4, "0:59")]
    [InlineData(3600, "60:00")]
    public void Formats_minutes_and_seconds_per_km(double secondsPerKm, string expected)
    {
        Assert.Equal(expected, Pace.FromSecondsPerKm(secondsPerKm).FormatPerKm());
    }

    [Fact]
    public void Converts_between_km_and_mile()
    {
        var pace = Pace.FromSecondsPerKm(300);
        Assert.Equal(482.8, pace.SecondsPerMile, 0.05);
        Assert.Equal("8:03", pace.FormatPerMile());
        Assert.Equal(300, Pace.FromSecondsPerMile(pace.SecondsPerMile).SecondsPerKm, 1e-9);
    }

    [Fact]
    public void From_performance_speed_and_back()
    {
        var pace = Pace.FromPerformance(5000, TimeSpan.FromMinutes(20));
        Assert.Equal(240, pace.SecondsPerKm, 1e-9);
        Assert.Equal(1000.0 / 240, pace.MetersPerSecond, 1e-9);
        Assert.Equal(240, Pace.FromSpeed(pace.MetersPerSecond).SecondsPerKm, 1e-9);
        Assert.Equal(TimeSpan.FromMinutes(40), pace.TimeFor(10000));
        Assert.Equal("4:00/km", pace.ToString());
    }

    [Fact]
    public void Faster_paces_compare_lower()
    {
        var fast = Pace.FromSecondsPerKm(240);
        var slow = Pace.FromSecondsPerKm(300);
        Assert.True(fast < slow);
        Assert.True(slow > fast);
        Assert.True(fast <= Pace.FromSecondsPerKm(240));
        Assert.Equal(Pace.FromSecondsPerKm(250), fast.AddSecondsPerKm(10));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Rejects_non_positive_or_non_finite(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pace.FromSecondsPerKm(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pace.FromSpeed(value));
    }

    [Fact]
    public void Range_formats_fast_end_first_and_collapses_when_equal()
    {
        var range = new PaceRange(Pace.FromSecondsPerKm(310), Pace.FromSecondsPerKm(340));
        Assert.Equal("5:10–5:40", range.FormatPerKm());
        Assert.Equal("5:10–5:40/km", range.ToString());
        Assert.Equal("8:19–9:07", range.FormatPerMile());
        Assert.Equal("4:15", PaceRange.Around(Pace.FromSecondsPerKm(255), 0.001).FormatPerKm());
    }

    [Fact]
    public void Range_contains_its_ends_and_middle_only()
    {
        var range = PaceRange.Around(Pace.FromSecondsPerKm(300), 0.01);
        Assert.Equal(297, range.Fast.SecondsPerKm, 1e-9);
        Assert.Equal(303, range.Slow.SecondsPerKm, 1e-9);
        Assert.True(range.Contains(range.Middle));
        Assert.True(range.Contains(range.Fast));
        Assert.False(range.Contains(Pace.FromSecondsPerKm(304)));
    }

    [Fact]
    public void Range_refuses_a_fast_end_slower_than_the_slow_end()
    {
        Assert.Throws<ArgumentException>(() => new PaceRange(Pace.FromSecondsPerKm(300), Pace.FromSecondsPerKm(290)));
    }
}
