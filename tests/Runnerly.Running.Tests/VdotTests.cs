namespace Runnerly.Running.Tests;

public class VdotTests
{
    private const double Mile = 1609.344;

    // Daniels' Running Formula (3rd ed.) VDOT table, as asserted in Runalyze
    // tests/inc/core/Calculation/JD/VDOTTest.php (±0.1 VDOT) and quoted in r/artc "Dissecting Daniels Part 4".
    public static TheoryData<double, double, string> PublishedTable() => new()
    {
        { 30, Mile, "9:11" }, { 30, 5000, "30:40" }, { 30, 10000, "63:46" }, { 30, 21097.5, "2:21:04" }, { 30, 42195, "4:49:17" },
        { 35, 5000, "27:00" }, { 35, 10000, "56:03" }, { 35, 21097.5, "2:04:13" }, { 35, 42195, "4:16:03" },
        { 40, Mile, "7:07" }, { 40, 5000, "24:08" }, { 40, 10000, "50:03" }, { 40, 21097.5, "1:50:59" }, { 40, 42195, "3:49:45" },
        { 45, 5000, "21:50" }, { 45, 10000, "45:16" }, { 45, 21097.5, "1:40:20" }, { 45, 42195, "3:28:26" },
        { 50, Mile, "5:50" }, { 50, 5000, "19:57" }, { 50, 10000, "41:21" }, { 50, 21097.5, "1:31:35" }, { 50, 42195, "3:10:49" },
        { 55, 5000, "18:22" }, { 55, 10000, "38:06" }, { 55, 21097.5, "1:24:18" }, { 55, 42195, "2:56:01" },
        { 60, Mile, "4:57" }, { 60, 5000, "17:03" }, { 60, 10000, "35:22" }, { 60, 21097.5, "1:18:09" }, { 60, 42195, "2:43:25" },
        { 65, 5000, "15:54" }, { 65, 10000, "33:01" }, { 65, 21097.5, "1:12:53" }, { 65, 42195, "2:32:35" },
        { 70, 5000, "14:55" }, { 70, 10000, "31:00" }, { 70, 21097.5, "1:08:21" }, { 70, 42195, "2:23:10" },
        { 75, 5000, "14:03" }, { 75, 10000, "29:14" }, { 75, 21097.5, "1:04:23" }, { 75, 42195, "2:14:55" },
        { 80, 5000, "13:18" }, { 80, 10000, "27:41" }, { 80, 21097.5, "1:00:54" }, { 80, 42195, "2:07:38" },
        { 85, 5000, "12:37" }, { 85, 10000, "26:19" }, { 85, 21097.5, "57:50" }, { 85, 42195, "2:01:10" },
    };

    [Theory]
    [MemberData(nameof(PublishedTable))]
    public void Published_table_time_gives_its_vdot_within_a_tenth(double vdot, double meters, string time)
    {
        Assert.Equal(vdot, Vdot.FromPerformance(meters, Time.Parse(time)), 0.1);
    }

    [Theory]
    [MemberData(nameof(PublishedTable))]
    public void Predicted_time_is_within_half_a_percent_of_the_published_table(double vdot, double meters, string time)
    {
        var published = Time.Parse(time).TotalSeconds;
        var predicted = Vdot.TimeFor(vdot, meters).TotalSeconds;
        Assert.InRange(predicted, published * 0.995, published * 1.005);
    }

    // Research file B1, "More VDOT test vectors" [calc]; 5000 m in 1080 s is openpace's doc-test
    // (Squeeze.RacePredictor.estimated_vo2max).
    [Theory]
    [InlineData(5000, "20:00", 49.81)]
    [InlineData(10000, "40:00", 51.94)]
    [InlineData(10000, "50:00", 40.01)]
    [InlineData(21097.5, "1:30:00", 50.98)]
    [InlineData(21097.5, "2:00:00", 36.46)]
    [InlineData(42195, "3:00:00", 53.53)]
    [InlineData(42195, "4:00:00", 37.90)]
    [InlineData(5000, "18:00", 56.3195)]
    public void Calculated_vectors(double meters, string time, double expected)
    {
        Assert.Equal(expected, Vdot.FromPerformance(meters, Time.Parse(time)), 0.006);
    }

    // Research file B1, "Pure formula output" [calc], and the reverse direction (5K 19:57 → 49.95).
    [Theory]
    [InlineData(50, 42195, "3:10:40")]
    [InlineData(50, 5000, "19:56")]
    [InlineData(40, 21097.5, "1:50:54")]
    [InlineData(70, 10000, "31:01")]
    [InlineData(30, 42195, "4:49:49")]
    public void Formula_output_to_the_second(double vdot, double meters, string time)
    {
        Assert.Equal(Time.Parse(time).TotalSeconds, Vdot.TimeFor(vdot, meters).TotalSeconds, 1.0);
    }

    [Fact]
    public void Published_5k_of_vdot_50_reads_back_as_49_95()
    {
        // Research file B1: 5K in 19:57 → 49.95 and marathon in 3:10:49 → 49.95 [calc].
        Assert.Equal(49.95, Vdot.FromPerformance(5000, Time.Parse("19:57")), 0.01);
        Assert.Equal(49.95, Vdot.FromPerformance(42195, Time.Parse("3:10:49")), 0.01);
    }

    [Fact]
    public void Marathon_at_vdot_61_matches_openpace_within_solver_differences()
    {
        // openpace Squeeze.RacePredictorTest: predict_race_time(42195, 61) = "2:41:03"; solvers differ by ~2 s.
        Assert.Equal(Time.Parse("2:41:03").TotalSeconds, Vdot.TimeFor(61, 42195).TotalSeconds, 3.0);
    }

    public static TheoryData<double, double> Grid()
    {
        var data = new TheoryData<double, double>();
        foreach (var vdot in new[] { 15.0, 20, 30, 45, 60, 75, 90 })
        {
            foreach (var meters in new[] { 800.0, 1500, 5000, 21097.5, 42195, 100000, 250000 })
            {
                data.Add(vdot, meters);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void TimeFor_inverts_FromPerformance_from_800m_to_250km_and_vdot_15_to_90(double vdot, double meters)
    {
        var time = Vdot.TimeFor(vdot, meters);
        Assert.Equal(vdot, Vdot.FromPerformance(meters, time), 1e-6);
    }

    [Fact]
    public void Longer_races_take_longer_and_higher_vdot_runs_faster()
    {
        Assert.True(Vdot.TimeFor(50, 10000) > Vdot.TimeFor(50, 5000));
        Assert.True(Vdot.TimeFor(51, 10000) < Vdot.TimeFor(50, 10000));
    }

    [Theory]
    [InlineData(0, 600)]
    [InlineData(-5000, 600)]
    [InlineData(double.NaN, 600)]
    [InlineData(double.PositiveInfinity, 600)]
    [InlineData(5000, 0)]
    [InlineData(5000, -1)]
    [InlineData(5000, 3)] // 100 km/h
    [InlineData(5000, 7200)] // 2.5 km/h
    public void Invalid_performances_throw_and_TryFromPerformance_says_no(double meters, double seconds)
    {
        var time = TimeSpan.FromSeconds(seconds);
        Assert.Throws<ArgumentOutOfRangeException>(() => Vdot.FromPerformance(meters, time));
        Assert.False(Vdot.TryFromPerformance(meters, time, out _));
    }

    [Fact]
    public void TryFromPerformance_agrees_with_FromPerformance()
    {
        Assert.True(Vdot.TryFromPerformance(5000, TimeSpan.FromMinutes(20), out var vdot));
        Assert.Equal(Vdot.FromPerformance(5000, TimeSpan.FromMinutes(20)), vdot);
    }

    [Theory]
    [InlineData(0, 5000)]
    [InlineData(double.NaN, 5000)]
    [InlineData(50, 0)]
    [InlineData(50, double.PositiveInfinity)]
    [InlineData(500, 800)] // faster than the formula's top speed
    [InlineData(1, 42195)] // slower than its bottom speed
    public void TimeFor_rejects_what_it_cannot_solve(double vdot, double meters)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Vdot.TimeFor(vdot, meters));
    }

    [Fact]
    public void SpeedAt_inverts_OxygenCost()
    {
        Assert.Equal(250, Vdot.SpeedAt(Vdot.OxygenCost(250)), 1e-9);
    }
}
