using Runnerly.Web.Formatting;

namespace Runnerly.Web.Tests;

public sealed class FormattingTests
{
    [Theory]
    [InlineData(10_000, 3000, "km", "10.00 km", "5:00 /km")]
    [InlineData(10_000, 3000, "mi", "6.21 mi", "8:03 /mi")]
    [InlineData(42_195, 10_800, "km", "42.20 km", "4:16 /km")]
    [InlineData(1609.344, 360, "mi", "1.00 mi", "6:00 /mi")]
    public void Distance_and_pace_read_in_the_runner_s_units(double meters, int seconds, string units, string distance, string pace)
    {
        Assert.Equal(distance, RunFormat.Distance(meters, units));
        Assert.Equal(pace, RunFormat.Pace(meters, seconds, units));
    }

    [Fact]
    public void A_run_without_distance_has_no_pace()
    {
        Assert.Equal("–", RunFormat.Pace(0, 1800, "km"));
        Assert.Equal("–", RunFormat.Pace(5000, 0, "km"));
    }

    [Theory]
    [InlineData(59, "0:59")]
    [InlineData(2525, "42:05")]
    [InlineData(3723, "1:02:03")]
    [InlineData(98_327, "27:18:47")]
    public void Durations_show_hours_only_when_there_are_some(long seconds, string expected) => Assert.Equal(expected, RunFormat.Duration(seconds));

    [Theory]
    [InlineData(100, "km", "100 m")]
    [InlineData(100, "mi", "328 ft")]
    public void Elevation_is_meters_or_feet(double meters, string units, string expected) => Assert.Equal(expected, RunFormat.Elevation(meters, units));

    [Theory]
    [InlineData(110, 100, "+10%")]
    [InlineData(76, 100, "−24%")]
    [InlineData(100, 100, "same")]
    [InlineData(5, 0, "new")]
    [InlineData(0, 0, "same")]
    public void Change_against_the_previous_period(double current, double previous, string expected) => Assert.Equal(expected, RunFormat.Change(current, previous));

    [Fact]
    public void A_summary_polyline_decodes_as_google_documents_it_and_fits_the_outline_box()
    {
        // The example in Google's "Encoded Polyline Algorithm Format".
        var route = Polyline.Decode("_p~iF~ps|U_ulLnnqC_mqNvxq`@");

        Assert.Equal([(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)], route);
        var points = Polyline.SvgPoints(route, 320, 240).Split(' ').Select(p => p.Split(',').Select(double.Parse).ToArray()).ToList();
        Assert.All(points, p => Assert.InRange(p[0], 0, 320));
        Assert.All(points, p => Assert.InRange(p[1], 0, 240));
        Assert.True(points[2][1] < points[0][1], "north is up: the northernmost point is drawn highest");
    }

    [Fact]
    public void A_broken_polyline_gives_what_it_could_read_and_no_route_gives_nothing()
    {
        Assert.Single(Polyline.Decode("_p~iF~ps|U_ulL"));
        Assert.Empty(Polyline.Decode(null));
        Assert.Equal("", Polyline.SvgPoints([(1, 1)], 320, 240));
    }
}
