using System.Globalization;

namespace Runnerly.Web.Formatting;

/// <summary>Countries (ISO 3166-1 alpha-2 codes with their English names) and IANA time zones, as this machine's .NET knows them.</summary>
public static class Places
{
    public static IReadOnlyList<(string Code, string Name)> Countries { get; } = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture => Region(culture.Name))
        .OfType<RegionInfo>()
        .Where(region => region.TwoLetterISORegionName is { Length: 2 } code && code.All(char.IsAsciiLetterUpper))
        .DistinctBy(region => region.TwoLetterISORegionName)
        .Select(region => (region.TwoLetterISORegionName, region.EnglishName))
        .OrderBy(country => country.EnglishName, StringComparer.Ordinal)
        .ToList();

    /// <summary>IANA ids ("Europe/Paris") and UTC, sorted.</summary>
    public static IReadOnlyList<string> TimeZones { get; } = TimeZoneInfo.GetSystemTimeZones().Select(zone => zone.Id)
        .Where(id => id.Contains('/') || id == "UTC").Order(StringComparer.Ordinal).ToList();

    /// <summary>"France" for FR; the code itself when it is not a known country.</summary>
    public static string CountryName(string code) => Countries.FirstOrDefault(c => c.Code == code).Name ?? code;

    private static RegionInfo? Region(string culture)
    {
        try
        {
            return new RegionInfo(culture);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
