using Microsoft.EntityFrameworkCore;
using Runnerly.Training.Infrastructure;
using Runnerly.Training.Model;

namespace Runnerly.Training.Races;

/// <summary>
/// Races that are probably the one a runner is adding: the same day, about the same distance,
/// and a similar name (or the same city) — so the calendar does not fill with copies.
/// </summary>
internal static class LookAlikes
{
    private const double DistanceTolerance = 0.03;
    private const double SimilarName = 0.35;

    public static async Task<List<Race>> FindAsync(TrainingDbContext db, DateOnly date, double meters, string name, string city, CancellationToken cancellationToken)
    {
        var sameDay = await db.Races.AsNoTracking()
            .Where(r => r.Date == date && r.DistanceMeters >= meters * (1 - DistanceTolerance) && r.DistanceMeters <= meters * (1 + DistanceTolerance))
            .Take(200)
            .ToListAsync(cancellationToken);
        return sameDay.Where(r => Similarity(r.Name, name) >= SimilarName
                || (string.Equals(r.City, city, StringComparison.OrdinalIgnoreCase) && Similarity(r.Name, name) >= SimilarName / 2))
            .OrderByDescending(r => Similarity(r.Name, name))
            .Take(5)
            .ToList();
    }

    /// <summary>Shared trigrams over all trigrams of the two names (as PostgreSQL's pg_trgm measures it), from 0 to 1.</summary>
    public static double Similarity(string a, string b)
    {
        var left = Trigrams(a);
        var right = Trigrams(b);
        if (left.Count == 0 || right.Count == 0)
        {
            return 0;
        }

        var shared = left.Count(right.Contains);
        return (double)shared / (left.Count + right.Count - shared);
    }

    private static HashSet<string> Trigrams(string text)
    {
        var trigrams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words(text.ToLowerInvariant()))
        {
            var padded = $"  {word} ";
            for (var i = 0; i + 3 <= padded.Length; i++)
            {
                trigrams.Add(padded.Substring(i, 3));
            }
        }

        return trigrams;
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                start = start < 0 ? i : start;
            }
            else if (start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
