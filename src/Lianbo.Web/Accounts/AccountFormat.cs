namespace Lianbo.Web.Accounts;

// Small things the account pages share: dates as they show them, codes as people type them.
internal static class AccountFormat
{
    // A moment in UTC, minutes precision, the same in both languages.
    public static string Utc(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";

    // An authenticator code as typed ("123 456", "123-456") reduced to its digits.
    public static string Digits(string code) => string.Concat(code.Where(char.IsAsciiDigit));
}
