using System.Globalization;
using Microsoft.Extensions.Options;
using PuppeteerSharp;
using PuppeteerSharp.Media;
using UglyToad.PdfPig;

namespace Lianbo.Web.Reports;

/// <summary>The report could not be printed: no Chromium, or no Chinese font. The message says what to install.</summary>
public sealed class ReportPrintException(string message) : Exception(message);

/// <summary>
/// Prints the report in headless Chromium (CSS paged media: A4, running headers, page numbers) and fills the contents'
/// page numbers: a first print with placeholders of the same width, the headings' pages read back from the PDF's text,
/// then the final print. Nothing outside the document is loaded: every request but the document's own is refused.
/// </summary>
public sealed class PdfPrinter(IOptions<ReportOptions> options, ILogger<PdfPrinter> log)
{
    /// <summary>Prints the model; <paramref name="render"/> turns it into HTML (ReportRenderer).</summary>
    public async Task<byte[]> PrintAsync(ReportDocumentModel model, Func<ReportDocumentModel, Task<string>> render, CancellationToken ct)
    {
        var chromium = options.Value.Browser;
        if (!File.Exists(chromium))
        {
            throw new ReportPrintException(Lianbo.Core.Messages.Format("ReportNoBrowser", chromium));
        }

        var profile = Directory.CreateTempSubdirectory("lianbo-report-");
        try
        {
            await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                UserDataDir = profile.FullName,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--font-render-hinting=none",
                ],
            });
            await using var page = await browser.NewPageAsync();
            await page.SetRequestInterceptionAsync(true);
            page.Request += async (_, e) =>
            {
                if (e.Request.Url.StartsWith("data:", StringComparison.Ordinal) || e.Request.Url == "about:blank")
                {
                    await e.Request.ContinueAsync();
                }
                else
                {
                    await e.Request.AbortAsync();
                }
            };

            var first = await PrintOnceAsync(page, await render(model), model.Lang, ct);
            var pages = HeadingPages(first, model);
            if (pages.Count == 0)
            {
                log.LogWarning("The report's headings were not found in the printed text; the contents keep no page numbers");
                return first;
            }

            return await PrintOnceAsync(page, await render(model with { Pages = pages }), model.Lang, ct);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException e)
            {
                log.LogDebug(e, "Could not remove the browser profile {Directory}", profile.FullName);
            }
        }
    }

    private static async Task<byte[]> PrintOnceAsync(IPage page, string html, string lang, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await page.SetContentAsync(html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load], CancellationToken = ct });
        await page.EvaluateExpressionAsync("document.fonts.ready");
        if (lang == "zh" && !await page.EvaluateExpressionAsync<bool>("document.fonts.check('12px \"Noto Sans CJK SC\"', '中文')"))
        {
            throw new ReportPrintException(Lianbo.Core.Messages.Format("ReportNoCjkFont"));
        }

        return await page.PdfDataAsync(new PdfOptions
        {
            Format = PaperFormat.A4, PrintBackground = true, PreferCSSPageSize = true, DisplayHeaderFooter = false, Outline = true, Tagged = true,
        });
    }

    /// <summary>
    /// The page of each chapter and section heading: the first page after the contents whose text holds the heading's
    /// number and title (spaces removed), looked for in document order. The contents end on the first page that holds the
    /// last heading (the contents list every heading).
    /// </summary>
    internal static Dictionary<string, int> HeadingPages(byte[] pdf, ReportDocumentModel model)
    {
        List<string> texts;
        using (var document = PdfDocument.Open(pdf))
        {
            texts = [.. document.GetPages().Select(p => Squeeze(p.Text))];
        }

        var headings = model.Chapters.SelectMany(c => (IEnumerable<(string Id, string Text)>)[(c.Id, $"{c.Number.ToString(CultureInfo.InvariantCulture)} {c.Title}"),
            .. c.Blocks.OfType<Heading>().Select(h => (h.Id, $"{h.Number} {h.Text}"))]).Select(h => (h.Id, Text: Squeeze(h.Text))).ToList();
        var pages = new Dictionary<string, int>(StringComparer.Ordinal);
        if (headings.Count == 0)
        {
            return pages;
        }

        var contentsEnd = texts.FindIndex(t => t.Contains(headings[^1].Text, StringComparison.Ordinal));
        var cursor = contentsEnd + 1;
        foreach (var (id, text) in headings)
        {
            var found = texts.FindIndex(cursor, t => t.Contains(text, StringComparison.Ordinal));
            if (found >= 0)
            {
                pages[id] = found + 1;
                cursor = found;
            }
        }

        return pages;
    }

    // Compatibility forms folded (the font's "ﬁ" ligature is one letter in the PDF's text), spaces removed.
    private static string Squeeze(string text) => string.Concat(text.Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)));
}
