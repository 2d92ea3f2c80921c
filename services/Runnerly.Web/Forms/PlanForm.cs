using System.Globalization;
using Runnerly.Web.Clients;
using Runnerly.Web.Formatting;

namespace Runnerly.Web.Forms;

/// <summary>"Get a plan" as posted: a box per weekday, the long-run day, a goal, and a recent effort once the service asks for one.</summary>
public sealed class PlanForm
{
    public bool Monday { get; set; }
    public bool Tuesday { get; set; }
    public bool Wednesday { get; set; }
    public bool Thursday { get; set; }
    public bool Friday { get; set; }
    public bool Saturday { get; set; }
    public bool Sunday { get; set; }
    public string LongRunDay { get; set; } = "sunday";
    public string? GoalTime { get; set; }

    /// <summary>Set once the service said the runs do not show the runner's fitness: the recent-effort fields show.</summary>
    public bool AskRecent { get; set; }

    /// <summary>5k, 10k, half, marathon or custom (then <see cref="RecentCustom"/> in the runner's units).</summary>
    public string? RecentDistance { get; set; }

    public string? RecentCustom { get; set; }
    public string? RecentTime { get; set; }

    /// <summary>The form as it first shows: the runner's usual number of days (the profile's), their goal for the race if they set one.</summary>
    public static PlanForm For(int daysPerWeek, int? goalSeconds)
    {
        var form = new PlanForm { GoalTime = goalSeconds is { } goal ? RunFormat.Duration(goal) : null };
        foreach (var day in PlanFormat.DefaultRunDays(daysPerWeek))
        {
            form.Set(day, true);
        }

        return form;
    }

    /// <summary>The days a plan runs on now, to change them when re-planning.</summary>
    public static PlanForm Of(IEnumerable<string> runDays, string longRunDay)
    {
        var form = new PlanForm { LongRunDay = longRunDay };
        foreach (var day in runDays)
        {
            form.Set(day, true);
        }

        return form;
    }

    public bool Has(string day) => day switch
    {
        "monday" => Monday,
        "tuesday" => Tuesday,
        "wednesday" => Wednesday,
        "thursday" => Thursday,
        "friday" => Friday,
        "saturday" => Saturday,
        _ => Sunday,
    };

    public IReadOnlyList<string> RunDays => PlanFormat.Weekdays.Where(Has).ToList();

    /// <summary>The request in the training service's terms, or what is wrong with the form, by the API's field names.</summary>
    public PlanRequest? ToRequest(Guid raceId, string units, out Dictionary<string, string> errors)
    {
        errors = [];
        CheckDays(errors);
        RecentEffort? recent = null;
        if (AskRecent)
        {
            var meters = RecentMeters(units);
            if (meters is null || string.IsNullOrWhiteSpace(RecentTime))
            {
                errors["recentRace"] = "Give the distance (or pick one) and your time, such as 48:30 for a 10K.";
            }
            else
            {
                recent = new RecentEffort(meters.Value, RecentTime.Trim());
            }
        }

        return errors.Count > 0 ? null : new PlanRequest(raceId, RunDays, LongRunDay, string.IsNullOrWhiteSpace(GoalTime) ? null : GoalTime.Trim(), recent);
    }

    /// <summary>At least three run days, the long run on one of them; what is wrong, by the API's field names.</summary>
    public bool CheckDays(Dictionary<string, string> errors)
    {
        if (RunDays.Count < 3)
        {
            errors["runDays"] = "Choose at least three days of the week to run on.";
        }
        else if (!Has(LongRunDay))
        {
            errors["longRunDay"] = "Choose the long-run day among your run days.";
        }

        return !errors.ContainsKey("runDays") && !errors.ContainsKey("longRunDay");
    }

    private double? RecentMeters(string units)
    {
        if (RaceForm.StandardDistances.FirstOrDefault(d => d.Value == RecentDistance) is { Value: not null } standard)
        {
            return standard.Meters;
        }

        return RecentDistance == RaceForm.Custom
               && double.TryParse(RecentCustom?.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var typed) && typed > 0
            ? typed * RunFormat.UnitMeters(units)
            : null;
    }

    private void Set(string day, bool value)
    {
        switch (day)
        {
            case "monday": Monday = value; break;
            case "tuesday": Tuesday = value; break;
            case "wednesday": Wednesday = value; break;
            case "thursday": Thursday = value; break;
            case "friday": Friday = value; break;
            case "saturday": Saturday = value; break;
            default: Sunday = value; break;
        }
    }
}
