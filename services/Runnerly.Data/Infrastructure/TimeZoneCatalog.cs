using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.TimeZones;

namespace Runnerly.Data.Infrastructure;

/// <summary>
/// The time zones a profile or a run may name: IANA ids that both NodaTime's TZDB and this
/// PostgreSQL know (stats group runs with <c>AT TIME ZONE</c>, which refuses the rest). .NET
/// alone would also take Windows ids, <c>localtime</c> or <c>posix/Europe/Paris</c>. PostgreSQL's
/// list is read once per process, on its own connection.
/// </summary>
internal sealed class TimeZoneCatalog(IServiceScopeFactory scopes)
{
    private readonly Lock _lock = new();
    private Task<KnownTimeZones>? _known;

    public Task<KnownTimeZones> GetAsync()
    {
        lock (_lock)
        {
            if (_known is null || _known.IsFaulted || _known.IsCanceled)
            {
                _known = LoadAsync();
            }

            return _known;
        }
    }

    private async Task<KnownTimeZones> LoadAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DataDbContext>();
        var names = await db.Database.SqlQuery<string>($"SELECT name AS \"Value\" FROM pg_timezone_names").ToListAsync();
        return new KnownTimeZones(names.ToFrozenSet(StringComparer.Ordinal));
    }
}

/// <summary>The time zones every reader of a runner's data can serve.</summary>
internal sealed class KnownTimeZones(FrozenSet<string> postgres)
{
    public const string Utc = "UTC";

    /// <summary>The id to store for <paramref name="id"/> (TZDB's canonical one: <c>Asia/Calcutta</c> → <c>Asia/Kolkata</c>), or null when it is not one.</summary>
    public string? Canonical(string? id)
    {
        if (id is not { Length: > 0 and <= 64 } || TextRules.HasControlCharacters(id) || DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is null)
        {
            return null;
        }

        var canonical = TzdbDateTimeZoneSource.Default.CanonicalIdMap.TryGetValue(id, out var mapped) ? mapped : id;
        if (canonical is "Etc/UTC" or "Etc/Universal" or "Etc/Zulu")
        {
            canonical = Utc; // one spelling of UTC, the profile's default
        }

        return postgres.Contains(canonical) ? canonical : postgres.Contains(id) ? id : null;
    }

    /// <summary>The zone of an id stored earlier; UTC for one no reader could serve (rows stored before these rules).</summary>
    public (string Id, DateTimeZone Zone) ZoneOrUtc(string? stored) =>
        Canonical(stored) is { } id ? (id, DateTimeZoneProviders.Tzdb[id]) : (Utc, DateTimeZone.Utc);

    /// <summary>Words for a refused id, with the IANA id a Windows id stands for when there is one.</summary>
    public static string Problem(string? id)
    {
        var shown = id is null ? "" : TextRules.WithoutControlCharacters(id.Length > 40 ? id[..40] + "…" : id);
        return id is not null && TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana)
            ? $"'{shown}' is a Windows time zone; use its IANA id, {iana}."
            : $"'{shown}' is not an IANA time zone such as Europe/Paris.";
    }
}
