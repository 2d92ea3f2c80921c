using Runnerly.Web.Clients;
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

    [Theory]
    [InlineData(24_540, "km", "24.5 km")]
    [InlineData(2_990_900, "km", "2,991 km")]
    [InlineData(160_934.4, "mi", "100 mi")]
    [InlineData(0, "km", "0.0 km")]
    public void Totals_are_rounded_as_they_read_at_a_glance(double meters, string units, string expected) =>
        Assert.Equal(expected, RunFormat.TotalDistance(meters, units));

    [Theory]
    [InlineData(3534, "58:54")]
    [InlineData(86_399, "23:59:59")]
    [InlineData(1_026_430, "285 h 07 min")]
    public void A_total_time_of_a_day_or_more_is_hours_and_minutes(long seconds, string expected) => Assert.Equal(expected, RunFormat.TotalTime(seconds));

    [Theory]
    [InlineData("TrailRun", "Trail run")]
    [InlineData("VirtualRun", "Treadmill or virtual run")]
    [InlineData("Run", "Run")]
    [InlineData("HillRepeat", "Hill repeat")]
    public void Sport_types_read_as_words(string sportType, string expected) => Assert.Equal(expected, RunFormat.SportType(sportType));

    [Theory]
    [InlineData("strava", "from Strava")]
    [InlineData("manual", "added by hand")]
    public void Sources_read_as_words(string source, string expected) => Assert.Equal(expected, RunFormat.Source(source));

    [Theory]
    [InlineData("2026-11-23", "2026-11-16", "2026-11-16", "last Monday")]
    [InlineData("2026-11-25", "2026-11-16", "2026-11-18", "Mon–Wed last week")]
    [InlineData("2026-11-29", "2026-11-16", "2026-11-22", "all of last week")]
    public void A_week_so_far_compares_with_as_many_days_of_the_week_before(string today, string from, string to, string name)
    {
        var before = Comparisons.Week(DateOnly.Parse(today));
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to), name), (before.From, before.To, before.Name));
    }

    [Theory]
    [InlineData("2026-12-01", "2026-11-01", "2026-11-01", "1 Nov")]
    [InlineData("2026-12-12", "2026-11-01", "2026-11-12", "1–12 Nov")]
    [InlineData("2026-03-31", "2026-02-01", "2026-02-28", "all of February")]
    [InlineData("2026-04-30", "2026-03-01", "2026-03-30", "1–30 Mar")]
    public void A_month_so_far_compares_with_the_same_days_of_the_month_before(string today, string from, string to, string name)
    {
        var before = Comparisons.Month(DateOnly.Parse(today));
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to), name), (before.From, before.To, before.Name));
    }

    [Fact]
    public void A_year_so_far_compares_with_the_year_before_up_to_the_same_day()
    {
        var leap = Comparisons.Year(new DateOnly(2028, 2, 29));
        Assert.Equal((new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 28), "2027 up to 28 Feb"), (leap.From, leap.To, leap.Name));
        Assert.Equal("+10% vs 2027 up to 28 Feb", Comparisons.Describe(110, new SameDaysTotals(leap, 100)));
        Assert.Equal("same as 2027 up to 28 Feb", Comparisons.Describe(100, new SameDaysTotals(leap, 100)));
    }

    [Fact]
    public void Months_on_charts_cannot_be_read_as_days()
    {
        var months = new Stats("month", "UTC", new DateOnly(2025, 12, 1), new DateOnly(2026, 1, 5),
            [new PeriodTotals(new DateOnly(2025, 12, 1), 0, 0, 0, 0, null), new PeriodTotals(new DateOnly(2026, 1, 1), 0, 0, 0, 0, null)],
            new PeriodTotals(new DateOnly(2025, 12, 1), 0, 0, 0, 0, null));

        Assert.Equal(["Dec 2025", "Jan 2026"], ChartData.MonthlyDistance(months, "km").Labels);
        Assert.Equal(["Jan 2026"], ChartData.VdotTrend([new MonthlyVdot("2026-01", 50)]).Labels);
    }

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
