using System.Globalization;

namespace Lianbo.Trade.Queries;

/// <summary>
/// An HS chapter (2 digits), heading (4) or subheading (6), as the range of stored product numbers it covers.
/// Products are stored as numbers (BACI drops leading zeros), so 01 is 10000–19999 and 0106 is 10600–10699.
/// </summary>
public sealed record HsFilter(string Code, int From, int To)
{
    /// <summary>Reads 2, 4 or 6 digits; an odd count is taken as having lost its leading zero (10632 is 010632).</summary>
    public static HsFilter? TryParse(string? text)
    {
        var code = text?.Trim() ?? "";
        if (code.Length is 0 or > 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        if (code.Length % 2 == 1)
        {
            code = "0" + code;
        }

        var scale = code.Length switch { 2 => 10_000, 4 => 100, _ => 1 };
        var from = int.Parse(code, CultureInfo.InvariantCulture) * scale;
        return new HsFilter(code, from, from + scale - 1);
    }
}
