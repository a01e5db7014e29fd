using System.Globalization;
using Lianbo.Core.Reference;

namespace Lianbo.Web.Expo;

/// <summary>How the expo pages write dates, shares and yuan amounts in the page's language.</summary>
internal static class ExpoFormat
{
    private static bool Zh => CultureInfo.CurrentUICulture.IsChinese();

    public static string Dates(DateOnly from, DateOnly to) => Zh
        ? $"{from.Year}年{from.Month}月{from.Day}日—{(to.Month == from.Month ? "" : $"{to.Month}月")}{to.Day}日"
        : string.Create(CultureInfo.InvariantCulture, $"{from:d MMM} – {to:d MMM yyyy}");

    public static string Share(double share) => share.ToString("P0", CultureInfo.CurrentCulture);

    public static string Number(double value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Yuan(decimal value) => Display.Yuan(value);

    /// <summary>The change from the previous edition, e.g. "+20%"; empty without one.</summary>
    public static string Change(double current, double? previous) =>
        previous is > 0 ? (current / previous.Value - 1).ToString("+0%;−0%;0%", CultureInfo.CurrentCulture) : "";
}
