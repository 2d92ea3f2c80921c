using System.ComponentModel.DataAnnotations;

namespace Runnerly.Strava.Clients;

/// <summary>Where Strava is and who we are to it (section <c>Strava</c>).</summary>
internal sealed class StravaOptions
{
    public const string Section = "Strava";

    [Required]
    public Uri AuthorizeUrl { get; set; } = new("https://www.strava.com/oauth/authorize");

    [Required]
    public Uri TokenUrl { get; set; } = new("https://www.strava.com/oauth/token");

    /// <summary>Strava announced a new base URL for June 2027: change it here.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://www.strava.com/api/v3/");

    [Required]
    public Uri DeauthorizeUrl { get; set; } = new("https://www.strava.com/oauth/deauthorize");

    /// <summary>The announced replacement of deauthorize (HTTP Basic client credentials, body <c>token=</c>).</summary>
    [Required]
    public Uri RevokeUrl { get; set; } = new("https://www.strava.com/oauth/revoke");

    /// <summary>Use <see cref="RevokeUrl"/> instead of <see cref="DeauthorizeUrl"/>.</summary>
    public bool UseRevoke { get; set; }

    [Required]
    public string ClientId { get; set; } = "";

    [Required]
    public string ClientSecret { get; set; } = "";
}
