namespace Lianbo.Web.Components.Account;

// Small things the account pages share: dates as they show them, codes as people type them, where a sign-in may return to.
internal static class AccountFormat
{
    // A moment in UTC, minutes precision, the same in both languages.
    public static string Utc(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";

    // A return address only if it stays on this site ("/x"; never "//host" or "/\host", which browsers treat as another site).
    public static string LocalOr(string? url, string fallback) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) ? url : fallback;

    // An authenticator code as typed ("123 456", "123-456") reduced to its digits.
    public static string Digits(string code) => string.Concat(code.Where(char.IsAsciiDigit));
}
