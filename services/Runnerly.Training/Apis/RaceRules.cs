using System.Globalization;
using NodaTime;
using Runnerly.Training.Model;

namespace Runnerly.Training.Apis;

/// <summary>What a race must be to be stored: every value one that every reader can serve.</summary>
internal static class RaceRules
{
    public const int MaxNameLength = Race.MaxNameLength;
    public const int MaxPlaceLength = Race.MaxPlaceLength;
    public const int MaxWebsiteLength = Race.MaxWebsiteLength;
    public const int MaxDescriptionLength = Race.MaxDescriptionLength;
    public const double MinMeters = 1_000;
    public const double MaxMeters = 250_000;
    public const int YearsAhead = 3;

    /// <summary>The race's values, checked against the race's own calendar (today there, up to three years ahead).</summary>
    public static Dictionary<string, string[]> Validate(RaceInput input, Instant now, out ValidRace valid)
    {
        var errors = new Dictionary<string, string[]>();
        valid = default;
        var name = Text(input.Name);
        if (name is null || name.Length is < 3 or > MaxNameLength || HasControlCharacters(name))
        {
            errors["name"] = [$"Give the race's name, 3 to {MaxNameLength} characters."];
        }

        var zone = input.TimeZone is { Length: > 0 and <= 64 } id ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) : null;
        if (zone is null)
        {
            errors["timeZone"] = [$"'{Shorten(input.TimeZone)}' is not an IANA time zone such as Europe/Paris."];
        }

        if (input.Date is not { } date)
        {
            errors["date"] = ["Give the race day, such as 2027-04-11."];
        }
        else if (zone is not null)
        {
            var today = now.InZone(zone).Date;
            var day = LocalDate.FromDateOnly(date);
            if (day < today || day > today.PlusYears(YearsAhead))
            {
                errors["date"] = [$"The race day must be from today ({today:yyyy-MM-dd} there) to {YearsAhead} years ahead."];
            }
        }

        TimeOnly? startTime = null;
        if (input.StartTime is { Length: > 0 } start)
        {
            if (TimeOnly.TryParseExact(start, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                startTime = parsed;
            }
            else
            {
                errors["startTime"] = ["Give the start time as hours and minutes, such as 09:30, or leave it empty."];
            }
        }

        if (input.DistanceMeters is not { } meters || !double.IsFinite(meters) || meters is < MinMeters or > MaxMeters)
        {
            errors["distanceMeters"] = [$"The distance must be from {MinMeters / 1000:0} to {MaxMeters / 1000:0} km, in meters."];
        }

        var surface = input.Surface switch
        {
            "road" => RaceSurface.Road,
            "trail" => RaceSurface.Trail,
            "track" => RaceSurface.Track,
            _ => (RaceSurface?)null,
        };
        if (surface is null)
        {
            errors["surface"] = ["Use road, trail or track."];
        }

        var city = Text(input.City);
        if (city is null || city.Length > MaxPlaceLength || HasControlCharacters(city))
        {
            errors["city"] = [$"Give the city, at most {MaxPlaceLength} characters."];
        }

        var country = Countries.Normalize(input.Country);
        if (country is null)
        {
            errors["country"] = ["Give the country as its two-letter ISO code, such as FR or US."];
        }

        var website = Text(input.Website);
        if (website is not null && (website.Length > MaxWebsiteLength || !Uri.TryCreate(website, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host) || HasControlCharacters(website)))
        {
            errors["website"] = [$"Give the race's web address starting with https:// or http://, at most {MaxWebsiteLength} characters."];
        }

        var description = input.Description?.Trim();
        if (description is { Length: 0 })
        {
            description = null;
        }

        if (description is not null && (description.Length > MaxDescriptionLength || HasControlCharacters(description, allowLineBreaks: true)))
        {
            errors["description"] = [$"Use at most {MaxDescriptionLength} characters of text."];
        }

        if (errors.Count == 0)
        {
            valid = new ValidRace(name!, input.Date!.Value, startTime, zone!.Id, input.DistanceMeters!.Value, surface!.Value, city!, country!, website, description);
        }

        return errors;
    }

    /// <summary>Control characters (NUL included) and lone surrogates have no place in what a page shows.</summary>
    public static bool HasControlCharacters(string text, bool allowLineBreaks = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Shorten(string? value) => value is null ? "" : value.Length > 40 ? value[..40] + "…" : value;
}

/// <summary>A race input that passed every rule.</summary>
internal readonly record struct ValidRace(
    string Name, DateOnly Date, TimeOnly? StartTime, string TimeZone, double DistanceMeters, RaceSurface Surface,
    string City, string Country, string? Website, string? Description)
{
    public void ApplyTo(Race race)
    {
        race.Name = Name;
        race.Date = Date;
        race.StartTime = StartTime;
        race.TimeZone = TimeZone;
        race.DistanceMeters = DistanceMeters;
        race.Surface = Surface;
        race.City = City;
        race.Country = Country;
        race.Website = Website;
        race.Description = Description;
    }
}

/// <summary>ISO 3166-1 alpha-2 country codes, as .NET's region data knows them.</summary>
internal static class Countries
{
    private static readonly HashSet<string> Codes = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture =>
        {
            try
            {
                return new RegionInfo(culture.Name).TwoLetterISORegionName;
            }
            catch (ArgumentException)
            {
                return null;
            }
        })
        .Where(code => code is { Length: 2 } && code.All(char.IsAsciiLetterUpper))
        .Select(code => code!)
        .ToHashSet(StringComparer.Ordinal);

    public static string? Normalize(string? code) =>
        code is { Length: 2 } && Codes.Contains(code.ToUpperInvariant()) ? code.ToUpperInvariant() : null;
}
