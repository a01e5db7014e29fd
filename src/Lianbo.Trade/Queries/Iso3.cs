namespace Lianbo.Trade.Queries;

/// <summary>A country as the trade store names it: three ASCII letters or digits (ISO 3166-1 alpha-3, or BACI's own area labels).</summary>
public static class Iso3
{
    /// <summary>The code in upper case, or null when the text is not three letters or digits.</summary>
    public static string? TryParse(string? text)
    {
        var code = text?.Trim().ToUpperInvariant() ?? "";
        return code.Length == 3 && code.All(char.IsAsciiLetterOrDigit) ? code : null;
    }
}
