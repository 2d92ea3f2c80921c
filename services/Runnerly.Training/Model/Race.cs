namespace Runnerly.Training.Model;

/// <summary>A race a runner added to the shared calendar; every runner sees it.</summary>
public sealed class Race
{
    public const int MaxNameLength = 120;
    public const int MaxPlaceLength = 80;
    public const int MaxWebsiteLength = 300;
    public const int MaxDescriptionLength = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    /// <summary>Race day on the race's own calendar.</summary>
    public DateOnly Date { get; set; }

    /// <summary>Local start time at the race, when known.</summary>
    public TimeOnly? StartTime { get; set; }

    /// <summary>IANA id of the race's time zone, as PostgreSQL and NodaTime know it.</summary>
    public required string TimeZone { get; set; }

    public double DistanceMeters { get; set; }

    public RaceSurface Surface { get; set; }

    public required string City { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code, upper case.</summary>
    public required string Country { get; set; }

    public string? Website { get; set; }

    public string? Description { get; set; }

    /// <summary>The runner who added it; null once their account is deleted (the race stays for those who joined).</summary>
    public string? AddedBy { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its author last changed it: runners who joined before that see that it changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Raised on every change: the SEQUENCE of the race's event in plan calendars.</summary>
    public int Revision { get; set; }

    public List<RaceParticipation> Participants { get; init; } = [];
}

public enum RaceSurface
{
    Road,
    Trail,
    Track,
}

/// <summary>"I'm running this": a runner's place in a race, their goal, and their result once the race is run.</summary>
public sealed class RaceParticipation
{
    public Guid RaceId { get; init; }

    public required string RunnerId { get; init; }

    public int? GoalSeconds { get; set; }

    public DateTimeOffset JoinedAt { get; init; }

    /// <summary>The run on race day that matched the race's distance, or the run the runner chose: their result.</summary>
    public Guid? ResultRunId { get; set; }

    public int? ResultSeconds { get; set; }

    /// <summary>The runner chose their result (a run, or none): it is no longer looked for.</summary>
    public bool ResultChosen { get; set; }

    /// <summary>
    /// Changes with every write (PostgreSQL's xmin): a result looked up on one read is not saved over a runner's choice
    /// made meanwhile.
    /// </summary>
    public uint Version { get; set; }
}

/// <summary>What a runner shows of themselves on race pages.</summary>
public sealed class RaceRunner
{
    public required string RunnerId { get; init; }

    public string? DisplayName { get; set; }

    /// <summary>Whether other runners see this runner's name among a race's participants.</summary>
    public bool ShowName { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
