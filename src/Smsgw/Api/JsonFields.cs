using System.Text.Json;

namespace Smsgw.Api;

/// <summary>Lenient reads of request fields: clients send numbers as strings and strings as numbers, and "" for unset.</summary>
internal static class JsonFields
{
    /// <summary>A string, number or bool as text; null when absent, null or empty. False when an object or array.</summary>
    public static bool TryText(JsonElement body, string name, out string? value)
    {
        value = null;
        if (!body.TryGetProperty(name, out var element))
        {
            return true;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString();
                value = string.IsNullOrEmpty(text) ? null : text;
                return true;
            case JsonValueKind.Number:
                value = element.GetRawText();
                return true;
            case JsonValueKind.True or JsonValueKind.False:
                value = element.GetRawText();
                return true;
            case JsonValueKind.Null:
                return true;
            default:
                return false;
        }
    }

    /// <summary>true/false, "true"/"false"/"1"/"0", 1/0; absent, null or "" is false.</summary>
    public static bool TryFlag(JsonElement body, string name, out bool value)
    {
        value = false;
        if (!TryText(body, name, out var text))
        {
            return false;
        }
        switch (text?.ToLowerInvariant())
        {
            case null or "false" or "0":
                return true;
            case "true" or "1":
                value = true;
                return true;
            default:
                return false;
        }
    }
}
