using System.Globalization;
using System.Resources;

namespace Lianbo.Trade;

/// <summary>The trade engine's messages in the current UI culture (English, or 简体中文 for zh-*): Resources/TradeText.resx.</summary>
public static class TradeText
{
    private static readonly ResourceManager Resources = new("Lianbo.Trade.Resources.TradeText", typeof(TradeText).Assembly);

    public static string Format(string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var template = Resources.GetString(key, culture) ?? throw new InvalidOperationException($"No message '{key}' in {Resources.BaseName}.");
        return args.Length == 0 ? template : string.Format(culture, template, args);
    }
}
