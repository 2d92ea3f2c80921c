namespace Runnerly.Web.Clients;

// The web's own view of the training service's JSON (no shared contracts between services).

public sealed record RaceSummary(
    Guid Id, string Name, DateOnly Date, string? StartTime, string TimeZone, double DistanceMeters, string? StandardDistance,
    string Surface, string City, string Country, int Participants, bool Joined, bool ChangedSinceJoined);

public sealed record RacePage(IReadOnlyList<RaceSummary> Items, string? Next);

/// <summary>One race; <see cref="ResultRuns"/>: after race day, for a runner who joined, the runs they may choose as their result.</summary>
public sealed record RaceDetail(
    RaceSummary Race, string? Website, string? Description, DateTimeOffset? StartsAt, DateTimeOffset UpdatedAt, bool AddedByMe, bool CanDelete,
    IReadOnlyList<string> ParticipantNames, int OtherParticipants, MyParticipation? Me, IReadOnlyList<ResultRun>? ResultRuns = null);

/// <summary>The runner's place in a race; <see cref="ResultChosen"/>: they chose their result (a run, or none) themselves.</summary>
public sealed record MyParticipation(int? GoalSeconds, DateTimeOffset JoinedAt, RaceResult? Result, bool ResultChosen);

public sealed record RaceResult(Guid RunId, int Seconds);

/// <summary>A run from around race day the runner may choose as their result; <see cref="IsResult"/>: it is now.</summary>
public sealed record ResultRun(Guid RunId, string Name, DateTimeOffset StartTime, DateOnly Date, double DistanceMeters, int ElapsedTimeSeconds, bool IsResult);

/// <summary>A race the runner joined, with their goal and, after race day, their result.</summary>
public sealed record MyRace(RaceSummary Race, int? GoalSeconds, RaceResult? Result, DateTimeOffset? StartsAt);

/// <summary>A race as the runner adds or changes it; the start time as "09:30".</summary>
public sealed record RaceInput(
    string Name, DateOnly Date, string? StartTime, string TimeZone, double DistanceMeters, string Surface, string City, string Country,
    string? Website, string? Description, bool ConfirmNotDuplicate);

/// <summary>A race already in the calendar that looks like the one being added.</summary>
public sealed record LookAlike(Guid Id, string Name, string City, DateOnly Date, double DistanceMeters);

/// <summary>What a runner shows of themselves on race pages.</summary>
public sealed record RaceSettings(bool ShowName, string? DisplayName);

/// <summary>The calendar's filters: distance (5k, 10k, half, marathon, other), month (2027-04), text; upcoming or past.</summary>
public sealed record RaceFilter(string? Distance, string? Month, string? Text, bool Past);

public sealed record FitnessReport(
    double? Vdot, FitnessSource? Source, IReadOnlyList<MonthlyVdot> Trend, IReadOnlyList<Prediction> Predictions, PaceTable? Paces,
    LoadSummary Load, int RunsConsidered);

/// <summary>The run the VDOT came from.</summary>
public sealed record FitnessSource(Guid RunId, string Name, DateOnly Date, double DistanceMeters, int MovingTimeSeconds);

public sealed record MonthlyVdot(string Month, double? Vdot);

public sealed record Prediction(string Distance, double Meters, int ByVdotSeconds, int ByRiegelSeconds);

/// <summary>Training paces in seconds per km; easy as a range, fast to slow.</summary>
public sealed record PaceTable(PaceSpan Easy, double Marathon, double Threshold, double Interval, double Repetition);

public sealed record PaceSpan(double Fast, double Slow);

/// <summary>Acute (7-day) and chronic (42-day) load and form (chronic − acute) today, and the last 90 days of them.</summary>
public sealed record LoadSummary(double Acute, double Chronic, double Form, IReadOnlyList<LoadPoint> Series);

public sealed record LoadPoint(DateOnly Date, double Acute, double Chronic, double Form);
