using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What a string must be to be stored and shown: no control characters (NUL included, which
/// PostgreSQL refuses in text) and no half of a surrogate pair (which no UTF-8 can hold).
/// </summary>
public static class TextRules
{
    /// <summary>True when the text holds a control character (line breaks and tabs only where allowed) or a lone surrogate.</summary>
    public static bool HasControlCharacters(string text, bool allowLineBreaks = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text with each control character and lone surrogate replaced by a space, for text from elsewhere that must be kept.</summary>
    public static string WithoutControlCharacters(string text)
    {
        if (!HasControlCharacters(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else
            {
                clean.Append(char.IsSurrogate(c) || char.IsControl(c) ? ' ' : c);
            }
        }

        return clean.ToString();
    }
}
