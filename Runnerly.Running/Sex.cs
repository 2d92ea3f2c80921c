namespace Runnerly.Running;

/// <summary>The runner's sex, for the TRIMP weighting; <see cref="Unknown"/> uses a blend.</summary>
public enum Sex
{
    /// <summary>Not known: the Runalyze blend of the two weightings.</summary>
    Unknown,

    /// <summary>Male weighting.</summary>
    Male,

    /// <summary>Female weighting.</summary>
    Female,
}
