namespace Runnerly.Training.Apis;

/// <summary>A race as a runner adds or changes it. Strings where a runner can get it wrong, so the answer can say how.</summary>
public sealed record RaceInput(
    string? Name,
    DateOnly? Date,
    string? StartTime,
    string? TimeZone,
    double? DistanceMeters,
    string? Surface,
    string? City,
    string? Country,
    string? Website,
    string? Description,
    bool ConfirmNotDuplicate = false);

public sealed record RaceSummary(
    Guid Id,
    string Name,
    DateOnly Date,
    string? StartTime,
    string TimeZone,
    double DistanceMeters,
    string? StandardDistance,
    string Surface,
    string City,
    string Country,
    int Participants,
    bool Joined,
    bool ChangedSinceJoined);

public sealed record RacePage(IReadOnlyList<RaceSummary> Items, string? Next);

/// <summary>
/// One race. <see cref="ResultRuns"/>: once race day is over, for a runner who joined, the runs they may choose as their
/// result (as <c>GET /api/races/{id}/result/runs</c> answers); null otherwise, or when their runs cannot be read just now.
/// </summary>
public sealed record RaceDetail(
    RaceSummary Race,
    string? Website,
    string? Description,
    DateTimeOffset? StartsAt,
    DateTimeOffset UpdatedAt,
    bool AddedByMe,
    bool CanDelete,
    IReadOnlyList<string> ParticipantNames,
    int OtherParticipants,
    MyParticipation? Me,
    IReadOnlyList<ResultRun>? ResultRuns);

/// <summary>The runner's place in a race; <see cref="ResultChosen"/>: they chose their result (a run, or none) themselves.</summary>
public sealed record MyParticipation(int? GoalSeconds, DateTimeOffset JoinedAt, RaceResult? Result, bool ResultChosen);

public sealed record RaceResult(Guid RunId, int Seconds);

/// <summary>A race the runner joined, with their goal and (after race day) their result.</summary>
public sealed record MyRace(RaceSummary Race, int? GoalSeconds, RaceResult? Result, DateTimeOffset? StartsAt);

/// <summary>A run the runner may choose as their result; <see cref="IsResult"/>: it is their result now.</summary>
public sealed record ResultRun(Guid RunId, string Name, DateTimeOffset StartTime, DateOnly Date, double DistanceMeters, int ElapsedTimeSeconds, bool IsResult);

/// <summary>The run that is the runner's result, or none (null).</summary>
public sealed record ResultChoice(Guid? RunId);

/// <summary>"I'm running this", with an optional goal such as "1:45:00" or "45:30".</summary>
public sealed record ParticipationInput(string? GoalTime);

/// <summary>What a runner shows of themselves on race pages.</summary>
public sealed record RaceSettings(bool ShowName, string? DisplayName);

public sealed record LookAlike(Guid Id, string Name, string City, DateOnly Date, double DistanceMeters);
