using System.Globalization;
using System.Resources;

namespace Lianbo.Core;

/// <summary>User-facing messages of the platform in the current UI culture (English, or 简体中文 for zh-*).</summary>
public static class Messages
{
    private static readonly ResourceManager Resources = new("Lianbo.Core.Resources.Messages", typeof(Messages).Assembly);

    public static string Format(string key, params object?[] args) => Format(Resources, key, args);

    /// <summary>The message in the current language, or null where there is none (for labels that may be missing).</summary>
    public static string? Find(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture);

    /// <summary>A message in both languages, for data that carries its names in Chinese and English.</summary>
    public static (string Zh, string En) Both(string key) =>
        (Resources.GetString(key, CultureInfo.GetCultureInfo("zh-Hans")) ?? key, Resources.GetString(key, CultureInfo.InvariantCulture) ?? key);

    /// <summary>A formatted message in both languages, for results stored once and read in either.</summary>
    public static (string Zh, string En) BothFormat(string key, params object?[] args)
    {
        string In(CultureInfo culture) => string.Format(culture, Resources.GetString(key, culture) ?? throw new InvalidOperationException($"No message '{key}'."), args);
        return (In(CultureInfo.GetCultureInfo("zh-Hans")), In(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The label people read for a field the API names: "startsAt" → "start time" / "开始时间"; in a path, each part by its
    /// label and each item by its number from 1: "tables[2].capacity" → "meeting tables #3 › seats" / "洽谈桌 #3 › 座位数".
    /// Messages name a field by its label; ProblemDetails' <c>errors</c> keep the API name as key. A part without a
    /// label (key "Field_{name}") keeps the API's name.
    /// </summary>
    public static string Field(string field) => string.Join(" › ", field.Split('.').Select(part =>
    {
        var open = part.IndexOf('[', StringComparison.Ordinal);
        var name = open < 0 ? part : part[..open];
        var label = Resources.GetString("Field_" + name, CultureInfo.CurrentUICulture) ?? name;
        return open >= 0 && int.TryParse(part.AsSpan(open + 1, part.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? string.Create(CultureInfo.InvariantCulture, $"{label} #{index + 1}")
            : open < 0 ? label : part;
    }));

    /// <summary>Formats a message from another assembly's resources the same way.</summary>
    public static string Format(ResourceManager resources, string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var template = resources.GetString(key, culture) ?? throw new InvalidOperationException($"No message '{key}' in {resources.BaseName}.");
        return args.Length == 0 ? template : string.Format(culture, template, args);
    }
}
