using System.Resources;

namespace Lianbo.Cli;

// The CLI's own messages in the current UI culture (English, or 简体中文 for zh-*): Lianbo.Core.Messages over Resources/CliText.resx.
internal static class CliText
{
    private static readonly ResourceManager Resources = new("Lianbo.Cli.Resources.CliText", typeof(CliText).Assembly);

    public static string Format(string key, params object?[] args) => Lianbo.Core.Messages.Format(Resources, key, args);
}
