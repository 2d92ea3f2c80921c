using System.Text.Json;

namespace Runnerly.Strava.Apis;

/// <summary>
/// Strava's <c>updates</c> as they are stored (jsonb): its fields with printable names and values
/// only. jsonb refuses NUL and half surrogate pairs, and the worker reads just <c>authorized</c>,
/// so a field that could not be stored is left out rather than the whole event refused.
/// </summary>
internal static class PushEventUpdates
{
    public const int MaxFields = 20;
    public const int MaxNameLength = 64;
    public const int MaxValueLength = 1_000;

    /// <summary>The JSON to store; null when <paramref name="updates"/> is not an object at all.</summary>
    public static string? Storable(JsonElement? updates)
    {
        if (updates is not { ValueKind: not JsonValueKind.Null } given)
        {
            return "{}";
        }

        if (given.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var kept = new Dictionary<string, string>();
        foreach (var field in given.EnumerateObject().Take(MaxFields))
        {
            if (Printable(field) is { } printable)
            {
                kept[printable.Name] = printable.Value;
            }
        }

        return JsonSerializer.Serialize(kept);
    }

    private static (string Name, string Value)? Printable(JsonProperty field)
    {
        try
        {
            var value = field.Value.ValueKind switch
            {
                JsonValueKind.String => field.Value.GetString(),
                JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => field.Value.GetRawText(),
                _ => null,
            };
            return value is { Length: <= MaxValueLength } && field.Name.Length is > 0 and <= MaxNameLength
                && !TextRules.HasControlCharacters(field.Name) && !TextRules.HasControlCharacters(value)
                ? (field.Name, value)
                : null;
        }
        catch (InvalidOperationException)
        {
            return null; // half of a surrogate pair, which no text can hold
        }
    }
}
