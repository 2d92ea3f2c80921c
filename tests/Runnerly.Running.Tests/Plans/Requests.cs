using Runnerly.Running.Plans;

namespace Runnerly.Running.Tests.Plans;

internal static class Requests
{
    public static readonly DateOnly Thursday = new(2025, 3, 13);

    public static HashSet<DayOfWeek> Days(params DayOfWeek[] days) => [.. days];

    /// <summary>A valid marathon request 16 weeks out; tests change what they need with <c>with</c>.</summary>
    public static PlanRequest Marathon() => new()
    {
        Today = Thursday,
        RaceDate = Thursday.AddDays(7 * 16 + 3),
        RaceDistanceMeters = 42195,
        Vdot = 45,
        CurrentWeeklyKm = 35,
        RunDays = Days(DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday),
        LongRunDay = DayOfWeek.Sunday,
    };

    public static TrainingPlan Plan(PlanRequest request)
    {
        var result = PlanGenerator.Generate(request);
        Assert.Empty(result.Errors);
        Assert.NotNull(result.Plan);
        return result.Plan;
    }
}
