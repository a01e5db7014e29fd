using System.Globalization;
using System.Resources;

namespace Lianbo.Cli;

// The CLI's own messages in the current UI culture (English, or 简体中文 for zh-*), as Lianbo.Core.Messages does for the platform's.
internal static class CliText
{
    private static readonly ResourceManager Resources = new("Lianbo.Cli.Resources.CliText", typeof(CliText).Assembly);

    public static string Format(string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var template = Resources.GetString(key, culture) ?? throw new InvalidOperationException($"No CLI text '{key}'.");
        return args.Length == 0 ? template : string.Format(culture, template, args);
    }
}
