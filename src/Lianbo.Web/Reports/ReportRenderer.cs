using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Lianbo.Web.Reports;

/// <summary>
/// Renders <see cref="ReportDocument"/> to one HTML string outside any request (Blazor's HtmlRenderer), with Chinese
/// written as characters rather than numeric references (the renderer's default encoder escapes everything outside ASCII).
/// </summary>
public static class ReportRenderer
{
    public static async Task<string> RenderAsync(IServiceProvider services, ReportDocumentModel model)
    {
        await using var renderer = new HtmlRenderer(new WithEncoder(services), services.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<ReportDocument>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model }));
            return output.ToHtmlString();
        });
        return "<!doctype html>\n" + html;
    }

    private sealed class WithEncoder(IServiceProvider services) : IServiceProvider
    {
        private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

        public object? GetService(Type serviceType) => serviceType == typeof(HtmlEncoder) ? Encoder : services.GetService(serviceType);
    }
}
