using System.Globalization;
using System.Resources;

namespace Lianbo.Core;

/// <summary>User-facing messages of the platform in the current UI culture (English, or 简体中文 for zh-*).</summary>
public static class Messages
{
    private static readonly ResourceManager Resources = new("Lianbo.Core.Resources.Messages", typeof(Messages).Assembly);

    public static string Format(string key, params object?[] args) => Format(Resources, key, args);

    /// <summary>A message in both languages, for data that carries its names in Chinese and English.</summary>
    public static (string Zh, string En) Both(string key) =>
        (Resources.GetString(key, CultureInfo.GetCultureInfo("zh-Hans")) ?? key, Resources.GetString(key, CultureInfo.InvariantCulture) ?? key);

    /// <summary>A formatted message in both languages, for results stored once and read in either.</summary>
    public static (string Zh, string En) BothFormat(string key, params object?[] args)
    {
        string In(CultureInfo culture) => string.Format(culture, Resources.GetString(key, culture) ?? throw new InvalidOperationException($"No message '{key}'."), args);
        return (In(CultureInfo.GetCultureInfo("zh-Hans")), In(CultureInfo.InvariantCulture));
    }

    /// <summary>Formats a message from another assembly's resources the same way.</summary>
    public static string Format(ResourceManager resources, string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var template = resources.GetString(key, culture) ?? throw new InvalidOperationException($"No message '{key}' in {resources.BaseName}.");
        return args.Length == 0 ? template : string.Format(culture, template, args);
    }
}
