using System.ComponentModel.DataAnnotations;

namespace Runnerly.Gateway.Hardening;

/// <summary>Request limits and response headers (section <c>Gateway:Hardening</c>; header and URL sizes are Kestrel's own limits).</summary>
internal sealed class HardeningOptions
{
    public const string Section = "Gateway:Hardening";

    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; }

    [Required]
    public string ContentSecurityPolicy { get; set; } = "";

    [Required]
    public string ReferrerPolicy { get; set; } = "";
}
