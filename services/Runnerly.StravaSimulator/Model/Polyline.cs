using System.Text;

namespace Runnerly.StravaSimulator.Model;

/// <summary>Google's encoded polyline format, as Strava's map.summary_polyline uses it.</summary>
internal static class Polyline
{
    public static string Encode(IReadOnlyList<(double Lat, double Lng)> points)
    {
        var text = new StringBuilder();
        long previousLat = 0, previousLng = 0;
        foreach (var (lat, lng) in points)
        {
            var latE5 = (long)Math.Round(lat * 1e5);
            var lngE5 = (long)Math.Round(lng * 1e5);
            Append(text, latE5 - previousLat);
            Append(text, lngE5 - previousLng);
            (previousLat, previousLng) = (latE5, lngE5);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, long delta)
    {
        var value = delta < 0 ? ~(delta << 1) : delta << 1;
        while (value >= 0x20)
        {
            text.Append((char)((0x20 | (value & 0x1f)) + 63));
            value >>= 5;
        }

        text.Append((char)(value + 63));
    }
}
