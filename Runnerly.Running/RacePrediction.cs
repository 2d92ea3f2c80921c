namespace Runnerly.Running;

/// <summary>A predicted time for a standard distance, by two methods.</summary>
/// <param name="Distance">The race distance.</param>
/// <param name="ByVdot">The Daniels–Gilbert prediction at the performance's VDOT.</param>
/// <param name="ByRiegel">Riegel's power-law prediction.</param>
public sealed record PredictedRace(RaceDistance Distance, TimeSpan ByVdot, TimeSpan ByRiegel);

/// <summary>Predictions for the standard distances from one known performance.</summary>
/// <param name="Vdot">The VDOT of the known performance.</param>
/// <param name="Races">One prediction per standard distance, shortest first.</param>
public sealed record RacePredictions(double Vdot, IReadOnlyList<PredictedRace> Races);

/// <summary>Race-time prediction: Riegel's formula and the VDOT formula side by side.</summary>
public static class RacePrediction
{
    /// <summary>Riegel's fatigue exponent (1977).</summary>
    public const double RiegelExponent = 1.06;

    /// <summary>
    /// Riegel: T2 = T1 · (D2 / D1)^exponent. Reasonable from about 1500 m to the marathon;
    /// less reliable beyond.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An input is not finite and positive.</exception>
    public static TimeSpan Riegel(double knownMeters, TimeSpan knownTime, double targetMeters, double exponent = RiegelExponent)
    {
        Guard.PositiveFinite(knownMeters);
        Guard.Positive(knownTime);
        Guard.PositiveFinite(targetMeters);
        Guard.PositiveFinite(exponent);
        return TimeSpan.FromSeconds(knownTime.TotalSeconds * Math.Pow(targetMeters / knownMeters, exponent));
    }

    /// <summary>Predictions for 5K, 10K, half marathon and marathon from one performance.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input is invalid or the speed is outside the VDOT formula's range.</exception>
    public static RacePredictions Predict(double knownMeters, TimeSpan knownTime, double riegelExponent = RiegelExponent)
    {
        var vdot = Vdot.FromPerformance(knownMeters, knownTime);
        var races = StandardDistances.All
            .Select(d => new PredictedRace(
                d,
                Vdot.TimeFor(vdot, d.Meters),
                Riegel(knownMeters, knownTime, d.Meters, riegelExponent)))
            .ToList();
        return new RacePredictions(vdot, races);
    }
}
