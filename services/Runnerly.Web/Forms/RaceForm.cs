using System.Globalization;
using Runnerly.Web.Clients;
using Runnerly.Web.Formatting;

namespace Runnerly.Web.Forms;

/// <summary>The race form as posted: a standard distance or one in the runner's units, and the rest as typed.</summary>
public sealed class RaceForm
{
    public const string Custom = "custom";
    public const double MinMeters = 1_000;
    public const double MaxMeters = 250_000;

    /// <summary>The distance buttons: the form's value, its label and its length.</summary>
    public static IReadOnlyList<(string Value, string Label, double Meters)> StandardDistances { get; } =
        [("5k", "5K", 5_000), ("10k", "10K", 10_000), ("half", "Half marathon", 21_097.5), ("marathon", "Marathon", 42_195)];

    /// <summary>The form's fields by the API's names, where the API names them differently.</summary>
    private static readonly Dictionary<string, string> FieldsByApiName = new(StringComparer.OrdinalIgnoreCase) { ["distanceMeters"] = "distance" };

    public static IReadOnlyList<string> Fields { get; } =
        ["name", "date", "startTime", "timeZone", "distance", "surface", "city", "country", "website", "description"];

    public string Name { get; set; } = "";
    public DateOnly? Date { get; set; }
    public string? StartTime { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public string? Distance { get; set; }
    public string? CustomDistance { get; set; }

    /// <summary>What was stored, so a distance shown rounded in the runner's units is not changed by saving it unchanged.</summary>
    public double? StoredMeters { get; set; }

    public string Surface { get; set; } = "road";
    public string City { get; set; } = "";
    public string Country { get; set; } = "";
    public string? Website { get; set; }
    public string? Description { get; set; }
    public bool ConfirmNotDuplicate { get; set; }

    public static RaceForm For(RaceDetail detail, string units)
    {
        var race = detail.Race;
        var standard = StandardDistances.FirstOrDefault(d => Math.Abs(d.Meters - race.DistanceMeters) < 0.5).Value;
        return new RaceForm
        {
            Name = race.Name,
            Date = race.Date,
            StartTime = race.StartTime,
            TimeZone = race.TimeZone,
            Distance = standard ?? Custom,
            CustomDistance = standard is null ? Math.Round(race.DistanceMeters / RunFormat.UnitMeters(units), 2).ToString(CultureInfo.InvariantCulture) : null,
            StoredMeters = race.DistanceMeters,
            Surface = race.Surface,
            City = race.City,
            Country = race.Country,
            Website = detail.Website,
            Description = detail.Description,
        };
    }

    /// <summary>The race in the training service's terms, or what is wrong with the form, by field.</summary>
    public RaceInput? ToInput(string units, out Dictionary<string, string> errors)
    {
        errors = [];
        var meters = Meters(units);
        if (meters is null)
        {
            errors["distance"] = Distance is null or Custom && string.IsNullOrWhiteSpace(CustomDistance)
                ? $"Choose a distance, or give yours in {RunFormat.Unit(units)}."
                : DistanceRange(units);
        }

        if (Date is null)
        {
            errors["date"] = "Give the race day.";
        }

        return errors.Count > 0
            ? null
            : new RaceInput(Name.Trim(), Date!.Value, string.IsNullOrWhiteSpace(StartTime) ? null : StartTime.Trim(), TimeZone, meters!.Value, Surface,
                City.Trim(), Country, Blank(Website), Blank(Description), ConfirmNotDuplicate);
    }

    /// <summary>The training service's errors by the form's fields, said in the form's terms where the API's speak of its JSON.</summary>
    public static Dictionary<string, string> FieldErrors(IReadOnlyDictionary<string, string> apiErrors, string units) => apiErrors.ToDictionary(
        e => FieldsByApiName.GetValueOrDefault(e.Key, e.Key),
        e => e.Key.ToLowerInvariant() switch
        {
            "distancemeters" => DistanceRange(units),
            "country" => "Choose the country the race is in.",
            "timezone" => "Choose the race's time zone.",
            _ => e.Value,
        });

    private double? Meters(string units)
    {
        if (StandardDistances.FirstOrDefault(d => d.Value == Distance) is { Value: not null } standard)
        {
            return standard.Meters;
        }

        if (Distance is not (null or Custom) || !double.TryParse(CustomDistance?.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var typed))
        {
            return null;
        }

        var meters = StoredMeters is { } stored && Math.Round(stored / RunFormat.UnitMeters(units), 2) == typed ? stored : typed * RunFormat.UnitMeters(units);
        return meters is >= MinMeters and <= MaxMeters ? meters : null;
    }

    /// <summary>A limit of the custom distance in the runner's units, for the browser's own check.</summary>
    public static string Bound(double meters, string units) => Math.Round(meters / RunFormat.UnitMeters(units), 2).ToString(CultureInfo.InvariantCulture);

    private static string DistanceRange(string units) =>
        $"Give the distance in {RunFormat.Unit(units)}, from {RaceFormat.Distance(MinMeters, units)} to {RaceFormat.Distance(MaxMeters, units)}.";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
