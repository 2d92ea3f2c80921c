using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Runnerly.Data.Infrastructure;
using Runnerly.Data.Model;

namespace Runnerly.Data.Apis;

/// <summary>The signed-in runner's profile, created with defaults on first use.</summary>
internal static class ProfileApi
{
    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder app)
    {
        var profile = app.MapGroup("/api/profile").WithTags("Profile").RequireAuthorization(RunsApi.RunnerPolicy);
        profile.MapGet("/", GetAsync).WithETag();
        profile.MapPut("/", UpdateAsync);
        return app;
    }

    public sealed record ProfileResponse(
        string? DisplayName, DateOnly? BirthDate, string? Sex, double? WeightKg, int? MaxHeartRate, int? RestingHeartRate,
        string Units, string TimeZone, int TrainingDaysPerWeek, bool MonthlyReportOptOut);

    /// <summary>The whole profile; the last four are required (nullable so a missing one is named, not taken as zero or false).</summary>
    public sealed record ProfileInput(
        string? DisplayName, DateOnly? BirthDate, string? Sex, double? WeightKg, int? MaxHeartRate, int? RestingHeartRate,
        string? Units, string? TimeZone, int? TrainingDaysPerWeek, bool? MonthlyReportOptOut);

    private static readonly Dictionary<string, Sex> Sexes = new()
    {
        ["female"] = Sex.Female,
        ["male"] = Sex.Male,
        ["other"] = Sex.Other,
    };

    private static async Task<Ok<ProfileResponse>> GetAsync(ClaimsPrincipal runner, DataDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await FindOrCreateAsync(runner.RunnerId(), db, time, cancellationToken)));

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal runner, DataDbContext db, TimeProvider time, TimeZoneCatalog zones, RunChangeNotifier notifier, ProfileInput input,
        CancellationToken cancellationToken)
    {
        var timeZone = (await zones.GetAsync()).Canonical(input.TimeZone);
        var errors = Validate(input, timeZone, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var profile = await FindOrCreateAsync(runner.RunnerId(), db, time, cancellationToken);
        db.Attach(profile);
        profile.DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? null : input.DisplayName.Trim();
        profile.BirthDate = input.BirthDate;
        profile.Sex = input.Sex is null ? null : Sexes[input.Sex];
        profile.WeightKg = input.WeightKg;
        profile.MaxHeartRate = input.MaxHeartRate;
        profile.RestingHeartRate = input.RestingHeartRate;
        profile.Units = input.Units == "mi" ? DistanceUnit.Miles : DistanceUnit.Kilometers;
        profile.TimeZone = timeZone!;
        profile.TrainingDaysPerWeek = input.TrainingDaysPerWeek!.Value;
        profile.MonthlyReportOptOut = input.MonthlyReportOptOut!.Value;
        profile.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AccountBeingDeleted();
        }

        // The units and the time zone change how every total reads: caches of the runner's numbers drop them.
        notifier.ProfileChanged(profile.RunnerId);
        return TypedResults.Ok(Describe(profile));
    }

    /// <summary>The runner's profile; a first request creates it (two at once find the same one).</summary>
    public static async Task<RunnerProfile> FindOrCreateAsync(string runnerId, DataDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var existing = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.RunnerId == runnerId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var now = time.GetUtcNow();
        var created = new RunnerProfile { RunnerId = runnerId, CreatedAt = now, UpdatedAt = now };
        db.Profiles.Add(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return await db.Profiles.AsNoTracking().SingleAsync(p => p.RunnerId == runnerId, cancellationToken);
        }

        db.Entry(created).State = EntityState.Detached;
        return created;
    }

    /// <summary>The profile went between reading and saving it: only an account's deletion removes one.</summary>
    private static ProblemHttpResult AccountBeingDeleted() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Your account is being deleted", detail: "Nothing was saved.");

    internal static ProfileResponse Describe(RunnerProfile p) => new(
        p.DisplayName, p.BirthDate, p.Sex?.ToString().ToLowerInvariant(), p.WeightKg, p.MaxHeartRate, p.RestingHeartRate,
        p.Units == DistanceUnit.Miles ? "mi" : "km", p.TimeZone, p.TrainingDaysPerWeek, p.MonthlyReportOptOut);

    private static Dictionary<string, string[]> Validate(ProfileInput input, string? timeZone, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.DisplayName is { } name && (name.Trim().Length > 100 || TextRules.HasControlCharacters(name)))
        {
            errors["displayName"] = ["Use at most 100 printable characters (no control characters)."];
        }

        if (input.BirthDate is { } birth && (birth > today.AddYears(-5) || birth.Year < 1900))
        {
            errors["birthDate"] = ["Give a birth date between 1900 and five years ago."];
        }

        if (input.Sex is not null && !Sexes.ContainsKey(input.Sex))
        {
            errors["sex"] = ["Use female, male or other (lower case), or leave it empty."];
        }

        if (input.WeightKg is { } weight && !RunValidation.InRange(weight, 20, 300))
        {
            errors["weightKg"] = ["Weight must be between 20 and 300 kg."];
        }

        if (input.MaxHeartRate is < 100 or > 250)
        {
            errors["maxHeartRate"] = ["Maximum heart rate must be between 100 and 250 bpm."];
        }

        if (input.RestingHeartRate is < 25 or > 120 || input.RestingHeartRate >= input.MaxHeartRate)
        {
            errors["restingHeartRate"] = ["Resting heart rate must be between 25 and 120 bpm, and below the maximum."];
        }

        if (input.Units is not ("km" or "mi"))
        {
            errors["units"] = ["Use km or mi."];
        }

        if (timeZone is null)
        {
            errors["timeZone"] = [KnownTimeZones.Problem(input.TimeZone)];
        }

        if (input.TrainingDaysPerWeek is not (>= 1 and <= 7))
        {
            errors["trainingDaysPerWeek"] = ["Train between 1 and 7 days a week."];
        }

        if (input.MonthlyReportOptOut is null)
        {
            errors["monthlyReportOptOut"] = ["Say true or false: whether the monthly report email stays off."];
        }

        return errors;
    }
}
