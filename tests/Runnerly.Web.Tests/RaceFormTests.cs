using Runnerly.Web.Clients;
using Runnerly.Web.Forms;

namespace Runnerly.Web.Tests;

public sealed class RaceFormTests
{
    private static RaceForm Form(string? distance, string? custom = null) => new()
    {
        Name = " Lyon Half ",
        Date = new DateOnly(2027, 4, 11),
        StartTime = "09:30",
        TimeZone = "Europe/Paris",
        Distance = distance,
        CustomDistance = custom,
        Surface = "road",
        City = "Lyon",
        Country = "FR",
        Website = " ",
        Description = "Flat and fast.",
    };

    [Theory]
    [InlineData("half", null, "km", 21_097.5)]
    [InlineData("marathon", "12", "mi", 42_195)]
    [InlineData("custom", "10", "mi", 16_093.44)]
    [InlineData("custom", "15,5", "km", 15_500)]
    [InlineData(null, "15", "km", 15_000)]
    public void A_distance_button_or_a_distance_in_the_runner_s_units_becomes_meters(string? distance, string? custom, string units, double meters)
    {
        var race = Form(distance, custom).ToInput(units, out var errors);

        Assert.Empty(errors);
        Assert.Equal(meters, race!.DistanceMeters, 6);
        Assert.Equal("Lyon Half", race.Name);
        Assert.Null(race.Website);
        Assert.Equal("09:30", race.StartTime);
    }

    [Theory]
    [InlineData(null, null, "mi", "Choose a distance, or give yours in mi.")]
    [InlineData("custom", "0.5", "km", "Give the distance in km, from 1 km to 250 km.")]
    [InlineData("custom", "200", "mi", "Give the distance in mi, from 0.6 mi to 155.3 mi.")]
    [InlineData("custom", "ten", "km", "Give the distance in km, from 1 km to 250 km.")]
    public void A_distance_that_cannot_be_a_race_is_said_in_the_runner_s_units(string? distance, string? custom, string units, string expected)
    {
        Assert.Null(Form(distance, custom).ToInput(units, out var errors));
        Assert.Equal(expected, errors["distance"]);
    }

    [Fact]
    public void A_custom_distance_saved_unchanged_keeps_its_stored_meters()
    {
        var detail = Detail(15_012.3);
        var form = RaceForm.For(detail, "mi");

        Assert.Equal(RaceForm.Custom, form.Distance);
        Assert.Equal("9.33", form.CustomDistance);
        Assert.Equal(15_012.3, form.ToInput("mi", out _)!.DistanceMeters);
        Assert.Equal("marathon", RaceForm.For(Detail(42_195), "mi").Distance);
    }

    [Fact]
    public void The_api_s_errors_go_by_the_form_s_fields_in_the_form_s_words()
    {
        var errors = RaceForm.FieldErrors(new Dictionary<string, string>
        {
            ["name"] = "Give the race's name, 3 to 120 characters.",
            ["distanceMeters"] = "The distance must be from 1 to 250 km, in meters.",
            ["country"] = "Give the country as its two-letter ISO code, such as FR or US.",
            ["timeZone"] = "'Mars/Olympus' is not an IANA time zone such as Europe/Paris.",
        }, "mi");

        Assert.Equal("Give the race's name, 3 to 120 characters.", errors["name"]);
        Assert.Equal("Give the distance in mi, from 0.6 mi to 155.3 mi.", errors["distance"]);
        Assert.Equal("Choose the country the race is in.", errors["country"]);
        Assert.Equal("Choose the race's time zone.", errors["timeZone"]);
    }

    private static RaceDetail Detail(double meters) => new(
        new RaceSummary(Guid.NewGuid(), "Lyon Trail", new DateOnly(2027, 4, 11), null, "Europe/Paris", meters, null, "trail", "Lyon", "FR", 1, true, false),
        null, null, null, DateTimeOffset.UtcNow, true, true, [], 1, null);
}
