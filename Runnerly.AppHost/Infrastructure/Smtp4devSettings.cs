namespace Runnerly.AppHost.Infrastructure;

internal static class Smtp4devSettings
{
    /// <summary>
    /// SMTP conversations smtp4dev keeps for its Sessions tab (its default is 100). Trimming them costs it more the more it
    /// keeps: with 100, a month's 10,000 reports took smtp4dev 136 s of CPU, with 10 it took 97 s (docs/benchmarks.md, Reports).
    /// </summary>
    public const int SessionsToKeep = 10;
}
