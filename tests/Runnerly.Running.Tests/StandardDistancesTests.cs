namespace Runnerly.Running.Tests;

public class StandardDistancesTests
{
    [Theory]
    [InlineData(5000, "5K")]
    [InlineData(5080, "5K")]
    [InlineData(4880, "5K")]
    [InlineData(10150, "10K")]
    [InlineData(21300, "Half marathon")]
    [InlineData(42700, "Marathon")]
    public void Classifies_a_measured_distance_within_three_percent(double meters, string expected)
    {
        Assert.Equal(expected, StandardDistances.Classify(meters)?.Name);
    }

    [Theory]
    [InlineData(5200)]
    [InlineData(7500)]
    [InlineData(15000)]
    [InlineData(30000)]
    [InlineData(50000)]
    public void Leaves_other_distances_unclassified(double meters)
    {
        Assert.Null(StandardDistances.Classify(meters));
    }

    [Fact]
    public void Tolerance_is_a_parameter()
    {
        Assert.Null(StandardDistances.Classify(5080, 0.01));
        Assert.Equal(StandardDistances.FiveK, StandardDistances.Classify(5200, 0.05));
    }

    [Fact]
    public void Standard_distances_are_in_metres()
    {
        Assert.Equal([5000, 10000, 21097.5, 42195], StandardDistances.All.Select(d => d.Meters));
    }
}
