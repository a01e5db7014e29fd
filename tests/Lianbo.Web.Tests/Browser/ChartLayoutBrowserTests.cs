using Lianbo.Trade.Import;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Store;
using Lianbo.Web.Tests.Trade;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>
/// Chart legends in Debian's Chromium at a phone's width (390 px) and a desktop's (1400 px): each legend lies inside
/// its chart and overlaps neither the plot nor another legend; maps where one value dwarfs the rest use quantile
/// classes, and every legend names its unit and scale.
/// </summary>
public class ChartLayoutBrowserTests
{
    // The boxes ECharts drew, in the chart's pixels, measured from its own views (not from the options the page set):
    // legend and visualMap components, the map's view rectangle, the cartesian grid.
    private const string BoxesScript = """
        (id => {
          const chart = echarts.getInstanceByDom(document.getElementById(id));
          const model = chart.getModel();
          const box = r => ({ x: r.x, y: r.y, width: r.width, height: r.height });
          const component = type => {
            const m = model.getComponent(type);
            if (!m) return null;
            const g = chart.getViewOfComponentModel(m).group;
            g.updateTransform();
            const r = g.getBoundingRect().clone();
            r.applyTransform(g.transform);
            return box(r);
          };
          const series = model.getSeriesByIndex(0);
          const grid = model.getComponent('grid');
          return {
            width: chart.getWidth(), height: chart.getHeight(),
            legend: component('legend'), visualMap: component('visualMap'),
            plot: series.type === 'series.map' ? box(series.coordinateSystem.getViewRect()) : grid ? box(grid.coordinateSystem.getRect()) : null,
            legendText: (model.getComponent('visualMap')?.option.text ?? [])[0] ?? null,
            yName: model.getComponent('yAxis')?.option.name ?? null
          };
        })
        """;

    public sealed record Box(double X, double Y, double Width, double Height)
    {
        public bool Overlaps(Box other) =>
            X < other.X + other.Width && other.X < X + Width && Y < other.Y + other.Height && other.Y < Y + Height;

        public bool Inside(double width, double height) => X >= -0.5 && Y >= -0.5 && X + Width <= width + 0.5 && Y + Height <= height + 0.5;
    }

    public sealed record Boxes(double Width, double Height, Box? Legend, Box? VisualMap, Box? Plot, string? LegendText, string? YName);

    [Theory]
    [InlineData(390)]
    [InlineData(1400)]
    public async Task Legends_overlap_neither_the_plot_nor_each_other_on_the_trade_country_page_and_the_indices_page(int width)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var store = session.Services.GetRequiredService<TradeStore>();
        await BaciImporter.ImportAsync(store, TradeSamples.Baci2021, ct: ct);
        await new IndexBuilder(store).BuildAsync(IndexBuilder.LoadDefinitions(), draws: 20, ct: ct);
        var page = session.Page;
        var errors = session.CollectPageErrors();
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = 900 });

        await page.GoToAsync(session.Url + "/trade/2021/countries/ZAF");
        await page.WaitForSelectorAsync("#partner-map[data-rendered='true'] canvas");
        var partners = await MeasureAsync(page, "partner-map");
        // South Africa's partners range from a few thousand dollars to billions: quantile classes.
        var partnerScale = await page.EvaluateExpressionAsync<string>("document.getElementById('partner-map').dataset.scale");

        await page.GoToAsync(session.Url + "/indices");
        await page.WaitForSelectorAsync("#index-map[data-rendered='true'] canvas");
        await page.WaitForSelectorAsync("#world-trend[data-finished='true'] canvas");
        var index = await MeasureAsync(page, "index-map");
        var indexScale = await page.EvaluateExpressionAsync<string>("document.getElementById('index-map').dataset.scale");
        var trend = await MeasureAsync(page, "world-trend");

        foreach (var (name, chart, legend) in new[] { ("partner map", partners, partners.VisualMap), ("index map", index, index.VisualMap), ("trend", trend, trend.Legend) })
        {
            Assert.NotNull(legend);
            Assert.NotNull(chart.Plot);
            Assert.False(legend.Overlaps(chart.Plot), $"{name} at {width} px: legend {legend} overlaps the plot {chart.Plot}");
            Assert.True(legend.Inside(chart.Width, chart.Height), $"{name} at {width} px: legend {legend} outside the chart {chart.Width}×{chart.Height}");
            Assert.True(chart.Plot.Inside(chart.Width, chart.Height), $"{name} at {width} px: plot {chart.Plot} outside the chart {chart.Width}×{chart.Height}");
        }

        Assert.Equal("quantile", partnerScale);
        Assert.Equal("million USD · quantile classes", partners.LegendText);
        // Scores from 0 to 1 are spread evenly enough for a linear scale.
        Assert.Equal("linear", indexScale);
        Assert.Equal("score, 0–1 · linear scale", index.LegendText);
        Assert.Equal("score, 0–1", trend.YName);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData(390)]
    [InlineData(1400)]
    public async Task The_panorama_legend_lies_outside_its_chart_and_its_labels_do_not_overlap(int width)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var page = session.Page;
        var errors = session.CollectPageErrors();
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = 900 });

        await page.GoToAsync(session.Url + "/chains/smart-vehicles");
        await page.WaitForSelectorAsync("#panorama-chart[data-finished='true'] canvas");
        var boxes = await page.EvaluateExpressionAsync<Box[]>("""
            (() => {
              const page = e => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y + scrollY, width: r.width, height: r.height }; };
              return [page(document.getElementById('panorama-chart')), page(document.getElementById('panorama-legend'))];
            })()
            """);
        // Every stage's label, in the chart's pixels, as ECharts laid it out.
        var labels = await page.EvaluateExpressionAsync<Box[]>("""
            (() => {
              const chart = echarts.getInstanceByDom(document.getElementById('panorama-chart'));
              const data = chart.getModel().getSeriesByIndex(0).getData();
              const boxes = [];
              for (let i = 0; i < data.count(); i++) {
                const label = data.getItemGraphicEl(i)?.getTextContent();
                if (!label || label.ignore || label.invisible) continue;
                label.updateTransform();
                const r = label.getBoundingRect().clone();
                r.applyTransform(label.transform);
                boxes.push({ x: r.x, y: r.y, width: r.width, height: r.height });
              }
              return boxes;
            })()
            """);
        var chartWidth = await page.EvaluateExpressionAsync<double>("echarts.getInstanceByDom(document.getElementById('panorama-chart')).getWidth()");
        var chartHeight = await page.EvaluateExpressionAsync<double>("echarts.getInstanceByDom(document.getElementById('panorama-chart')).getHeight()");

        Assert.False(boxes[1].Overlaps(boxes[0]), $"legend {boxes[1]} overlaps the chart {boxes[0]}");
        Assert.True(labels.Length >= 8, $"{labels.Length} labels");
        Assert.All(labels, l => Assert.True(l.Inside(chartWidth, chartHeight), $"label {l} outside the chart {chartWidth}×{chartHeight}"));
        for (var i = 0; i < labels.Length; i++)
        {
            for (var j = i + 1; j < labels.Length; j++)
            {
                Assert.False(labels[i].Overlaps(labels[j]), $"labels {labels[i]} and {labels[j]} overlap at {width} px");
            }
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static Task<Boxes> MeasureAsync(IPage page, string id) =>
        page.EvaluateFunctionAsync<Boxes>(BoxesScript, id);
}
