using System.ComponentModel.DataAnnotations;

namespace Runnerly.Training;

/// <summary>Section <c>Training</c>.</summary>
internal sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>The public URL runners reach Runnerly at (the gateway's): calendar links are made from it.</summary>
    [Required]
    public Uri PublicUrl { get; set; } = null!;
}
