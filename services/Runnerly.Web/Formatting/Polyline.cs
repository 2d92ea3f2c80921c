using System.Globalization;
using System.Text;

namespace Runnerly.Web.Formatting;

/// <summary>A route from Strava's encoded summary polyline, drawn as an outline (no map tiles are reachable).</summary>
public static class Polyline
{
    /// <summary>Decodes Google's encoded polyline format (precision 5) into latitude/longitude pairs; an invalid string gives what was decoded before it.</summary>
    public static List<(double Lat, double Lng)> Decode(string? encoded)
    {
        var points = new List<(double, double)>();
        if (string.IsNullOrEmpty(encoded))
        {
            return points;
        }

        int index = 0, lat = 0, lng = 0;
        while (index < encoded.Length)
        {
            if (!TryNext(encoded, ref index, out var dLat) || !TryNext(encoded, ref index, out var dLng))
            {
                break;
            }

            lat += dLat;
            lng += dLng;
            points.Add((lat / 1e5, lng / 1e5));
        }

        return points;
    }

    /// <summary>The SVG points of the route fitted into a width × height box, north up, keeping its proportions.</summary>
    public static string SvgPoints(IReadOnlyList<(double Lat, double Lng)> route, double width, double height, double margin = 8)
    {
        if (route.Count < 2)
        {
            return "";
        }

        var midLat = route.Average(p => p.Lat) * Math.PI / 180;
        var xs = route.Select(p => p.Lng * Math.Cos(midLat)).ToList();
        var ys = route.Select(p => p.Lat).ToList();
        var spanX = Math.Max(xs.Max() - xs.Min(), 1e-9);
        var spanY = Math.Max(ys.Max() - ys.Min(), 1e-9);
        var scale = Math.Min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
        var offsetX = (width - spanX * scale) / 2;
        var offsetY = (height - spanY * scale) / 2;
        var svg = new StringBuilder();
        for (var i = 0; i < route.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"{offsetX + (xs[i] - xs.Min()) * scale:0.#},{offsetY + (ys.Max() - ys[i]) * scale:0.#} ");
        }

        return svg.ToString().TrimEnd();
    }

    private static bool TryNext(string encoded, ref int index, out int value)
    {
        int result = 0, shift = 0, chunk;
        do
        {
            if (index >= encoded.Length || shift > 30)
            {
                value = 0;
                return false;
            }

            chunk = encoded[index++] - 63;
            result |= (chunk & 0x1f) << shift;
            shift += 5;
        }
        while (chunk >= 0x20);
        value = (result & 1) != 0 ? ~(result >> 1) : result >> 1;
        return true;
    }
}
