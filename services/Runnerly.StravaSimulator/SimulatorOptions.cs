using System.ComponentModel.DataAnnotations;

namespace Runnerly.StravaSimulator;

/// <summary>The simulated Strava application and its rules (section <c>StravaSimulator</c>).</summary>
internal sealed class SimulatorOptions
{
    public const string Section = "StravaSimulator";

    /// <summary>The one registered API application (Strava's client ids are numbers).</summary>
    [Required, RegularExpression(@"^\d+$")]
    public string ClientId { get; set; } = "";

    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>Athletes 1001, 1002, … exist.</summary>
    [Range(1, 10_000)]
    public int Athletes { get; set; }

    /// <summary>Years of history each athlete has.</summary>
    [Range(1, 20)]
    public int HistoryYears { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; }

    /// <summary>All requests per 15 minutes and per day (Strava's "X-RateLimit-Limit").</summary>
    [Range(1, int.MaxValue)]
    public int OverallPer15Minutes { get; set; }

    [Range(1, int.MaxValue)]
    public int OverallPerDay { get; set; }

    /// <summary>Read requests per 15 minutes and per day (Strava's "X-ReadRateLimit-Limit").</summary>
    [Range(1, int.MaxValue)]
    public int ReadPer15Minutes { get; set; }

    [Range(1, int.MaxValue)]
    public int ReadPerDay { get; set; }

    /// <summary>
    /// Share of the activities of odd-numbered athletes (1001, 1003, …) that lists leave out
    /// after cutting the page, so pages in the middle of a history come back short; 0 turns it off.
    /// </summary>
    [Range(0.0, 0.5)]
    public double LeftOutOfListsShare { get; set; }

    /// <summary>Share of API requests answered with a 500, from 0 to 1.</summary>
    [Range(0.0, 1.0)]
    public double ErrorRate { get; set; }

    /// <summary>Added to every API answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Latency { get; set; }

    /// <summary>How long a push subscription's callback has to answer (Strava gives two seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
