using System.Globalization;
using Microsoft.Extensions.Options;
using PuppeteerSharp;
using PuppeteerSharp.Media;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace Lianbo.Web.Reports;

/// <summary>The report could not be printed: no Chromium, or no Chinese font. The message says what to install.</summary>
public sealed class ReportPrintException(string message) : Exception(message);

/// <summary>
/// Prints the report in headless Chromium (CSS paged media: A4, running headers, page numbers) and fills the contents'
/// page numbers: a first print with placeholders of the same width, the headings' pages read back from the PDF's outline,
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

            var first = await PrintOnceAsync(page, await render(model with { Placeholders = true }), model.Lang, ct);
            var pages = HeadingPages(first, model);
            if (pages.Count == 0)
            {
                log.LogWarning("The report's headings were not found in the printed outline; the contents give no page numbers");
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
    /// The page of each chapter and section heading, from the PDF's outline (Chromium writes one entry per heading, with
    /// its page): the headings are looked for in document order, each in the first entry from the last one found whose
    /// title holds its number and title (spaces removed). The outline's titles are the document's own text, whereas the
    /// page text a reader extracts may give a CJK radical for the character the font draws with the same glyph.
    /// </summary>
    internal static Dictionary<string, int> HeadingPages(byte[] pdf, ReportDocumentModel model)
    {
        var entries = new List<(string Title, int Page)>();
        using (var document = PdfDocument.Open(pdf))
        {
            if (document.TryGetBookmarks(out var bookmarks))
            {
                void Walk(IEnumerable<BookmarkNode> nodes)
                {
                    foreach (var node in nodes)
                    {
                        if (node is DocumentBookmarkNode { PageNumber: var page })
                        {
                            entries.Add((Squeeze(node.Title), page));
                        }

                        Walk(node.Children);
                    }
                }

                Walk(bookmarks.Roots);
            }
        }

        var headings = model.Chapters.SelectMany(c => (IEnumerable<(string Id, string Text)>)[(c.Id, $"{c.Number.ToString(CultureInfo.InvariantCulture)} {c.Title}"),
            .. c.Blocks.OfType<Heading>().Select(h => (h.Id, $"{h.Number} {h.Text}"))]);
        var pages = new Dictionary<string, int>(StringComparer.Ordinal);
        var cursor = 0;
        foreach (var (id, text) in headings)
        {
            var squeezed = Squeeze(text);
            var found = entries.FindIndex(cursor, e => e.Title.Contains(squeezed, StringComparison.Ordinal));
            if (found >= 0)
            {
                pages[id] = entries[found].Page;
                cursor = found + 1;
            }
        }

        return pages;
    }

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
