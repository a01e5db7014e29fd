using System.CommandLine;
using Lianbo.Web;
using Lianbo.Web.Platform;

namespace Lianbo.Cli.Commands;

/// <summary><c>lianbo serve [--url URL]</c>: the web app, configured as the other commands are.</summary>
internal static class ServeCommand
{
    public static Command Create(GlobalOptions global)
    {
        var url = new Option<string>("--url") { Description = CliText.Format("UrlOption", Startup.UrlSetting, Startup.DefaultUrl), HelpName = "URL" };
        var serve = new Command("serve", CliText.Format("ServeDescription")) { url };
        serve.SetAction((result, ct) =>
        {
            // The web host reads appsettings.json and the environment itself; the command line adds the options given here.
            var settings = global.Given(result).Append(KeyValuePair.Create(Startup.UrlSetting, result.GetValue(url))).Where(s => s.Value is not null);
            return LianboWebApp.RunAsync([.. settings.Select(s => $"--{s.Key}={s.Value}")], result.InvocationConfiguration.Error, ct);
        });
        return serve;
    }
}
