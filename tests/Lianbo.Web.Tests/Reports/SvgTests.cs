using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lianbo.Web.Reports.Svg;
using Lianbo.Web.Tests.Browser;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Reports;

/// <summary>
/// The report's charts as inline SVG: the Equal Earth projection against the EPSG guidance note's form of the paper's
/// formula, TopoJSON decoding on a hand-written topology, the world map over the shipped outlines, bars, lines and
/// the chain strip, and (with Chromium) a map drawn by a browser.
/// </summary>
public partial class SvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    // The forward formulas as EPSG Guidance Note 7-2 (method 1078) writes them on a sphere of radius 1, with the
    // derivative's coefficients multiplied out (3·A2, 7·A3, 9·A4) instead of the paper's A1…A4.
    private static (double E, double N) EpsgEqualEarth(double lonDegrees, double latDegrees)
    {
        var lon = lonDegrees / 180 * Math.PI;
        var theta = Math.Asin(Math.Sin(latDegrees / 180 * Math.PI) * Math.Sqrt(3) / 2);
        var e = 2 * lon * Math.Cos(theta) / (Math.Sqrt(3) * (1.340264 - (0.243318 * Math.Pow(theta, 2)) + (Math.Pow(theta, 6) * (0.006251 + (0.034164 * Math.Pow(theta, 2))))));
        var n = theta * (1.340264 - (0.081106 * Math.Pow(theta, 2)) + (Math.Pow(theta, 6) * (0.000893 + (0.003796 * Math.Pow(theta, 2)))));
        return (e, n);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(122, 47)]
    [InlineData(-75.5, -33.2)]
    [InlineData(180, 0)]
    [InlineData(-180, -90)]
    [InlineData(37.6, 55.75)]
    public void Equal_Earth_agrees_with_the_EPSG_form_of_the_formula(double lon, double lat)
    {
        var (x, y) = EqualEarth.Project(lon, lat);
        var (e, n) = EpsgEqualEarth(lon, lat);

        Assert.Equal(e, x, 1e-6);
        Assert.Equal(n, y, 1e-6);
    }

    [Fact]
    public void Equal_Earth_gives_PROJs_documented_example()
    {
        // proj.org's eqearth page: "echo 122 47 | proj +proj=eqearth +R=1" prints 1.55 0.89.
        var (x, y) = EqualEarth.Project(122, 47);

        Assert.Equal(1.55, Math.Round(x, 2));
        Assert.Equal(0.89, Math.Round(y, 2));
    }

    // Two unit squares side by side in quantized, delta-encoded arcs: arc 0 is their shared edge (x = 1, upwards),
    // square A uses it forwards, square B reversed (~0 = -1); one geometry has a numeric id, one a name only.
    private const string TwoSquares = """
        {"type":"Topology","transform":{"scale":[0.5,0.25],"translate":[10,20]},
         "objects":{"squares":{"type":"GeometryCollection","geometries":[
           {"type":"Polygon","id":"A","arcs":[[0,1]]},
           {"type":"Polygon","id":"B","arcs":[[2,-1]]},
           {"type":"MultiPolygon","id":7,"arcs":[[[0,1]],[[2,-1]]]},
           {"type":"Polygon","properties":{"name":"Kosovo"},"arcs":[[0,1]]},
           {"type":"Polygon","id":"688","arcs":[[2,-1]]},
           {"type":"LineString","id":"L","arcs":[0]}]}},
         "arcs":[[[2,0],[0,4]],[[2,4],[-2,0],[0,-4],[2,0]],[[2,0],[2,0],[0,4],[-2,0]]]}
        """;

    [Fact]
    public void TopoJSON_decodes_quantized_delta_arcs_and_reversed_shared_arcs()
    {
        var topology = TopoJson.Parse(TwoSquares);
        var geometries = topology.Geometries("squares");

        // Positions are x·0.5 + 10, y·0.25 + 20 of the running sums.
        Assert.Equal([[(11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0), (11.0, 20.0)]], topology.Rings(geometries[0]));
        Assert.Equal([[(11.0, 20.0), (12.0, 20.0), (12.0, 21.0), (11.0, 21.0), (11.0, 20.0)]], topology.Rings(geometries[1]));
        Assert.Equal("7", geometries[2].Id);
        Assert.Equal(2, geometries[2].Polygons.Count);
        Assert.Empty(geometries[5].Polygons);

        // Merged, the shared edge goes: one ring round both squares.
        Assert.Equal([[(11.0, 21.0), (10.0, 21.0), (10.0, 20.0), (11.0, 20.0), (12.0, 20.0), (12.0, 21.0), (11.0, 21.0)]],
            topology.Merge([geometries[0], geometries[1]]));
    }

    [Fact]
    public void An_area_without_a_code_is_drawn_with_its_country_as_the_sites_map_does()
    {
        var outlines = WorldOutlines.FromTopology(TopoJson.Parse(TwoSquares), "squares");

        Assert.Equal(["A", "B", "007", "688"], outlines.Countries.Select(c => c.Id));
        // Kosovo (no id) and 688 share arc 0: merged, one ring of six corners and its closing point.
        Assert.Equal(7, Assert.Single(outlines.Countries.Single(c => c.Id == "688").Rings).Count);
    }

    private static IEnumerable<string?> CodesInShippedOutlines()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "lib", "countries-110m.json")));
        return document.RootElement.GetProperty("objects").GetProperty("countries").GetProperty("geometries").EnumerateArray()
            .Select(g => g.TryGetProperty("id", out var id) ? id.GetString() : null).ToList();
    }

    private static XElement Parse(string svg)
    {
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("100%", (string?)root.Attribute("width"));
        Assert.Equal("img", (string?)root.Attribute("role"));
        Assert.Matches(@"^0 0 \d+(\.\d)? \d+(\.\d)?$", (string?)root.Attribute("viewBox"));
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", svg, StringComparison.OrdinalIgnoreCase);
        return root;
    }

    private static string ShippedMap(IReadOnlyDictionary<string, double> values, MapScale scale, CultureInfo culture) =>
        WorldMap.Render(values, scale, "Exports <2024> & more", "US$ bn", "No data", "0.0", culture);

    private static readonly Dictionary<string, double> Exports = new()
    {
        ["156"] = 3380, ["840"] = 2020, ["276"] = 1690, ["392"] = 717, ["410"] = 632, ["528"] = 934, ["4"] = 1.9,
        ["356"] = 432, ["076"] = 339, ["643"] = 425, ["242"] = 1.1, ["010"] = 0.01, ["036"] = 371, ["710"] = 110,
    };

    [Fact]
    public void The_world_map_draws_each_shipped_country_once_and_colours_by_class()
    {
        var svg = ShippedMap(Exports, MapScale.Sequential, English);
        var root = Parse(svg);
        TestContext.Current.SendDiagnosticMessage($"One world map: {System.Text.Encoding.UTF8.GetByteCount(svg)} bytes");

        Assert.Equal("Exports <2024> & more", root.Element(Svg + "title")!.Value);
        var countries = root.Descendants(Svg + "path").Where(p => p.Attribute("data-id") is not null).ToList();
        var expected = CodesInShippedOutlines().OfType<string>().Distinct().Order();
        Assert.Equal(expected, countries.Select(p => (string)p.Attribute("data-id")!).Order());
        string Fill(string id) => (string)countries.Single(p => (string?)p.Attribute("data-id") == id).Attribute("fill")!;
        // China has the largest value: the darkest class. France has none: grey. Afghanistan keyed "4" is "004".
        Assert.Equal(WorldMap.SequentialColours[^1], Fill("156"));
        Assert.Equal("#d9d9d9", Fill("250"));
        Assert.NotEqual("#d9d9d9", Fill("004"));
        Assert.Equal(WorldMap.SequentialColours[0], Fill("010"));
        // Northern Cyprus is merged into Cyprus: one outline, no inner border.
        Assert.Equal(1, ((string)countries.Single(p => (string?)p.Attribute("data-id") == "196").Attribute("d")!).Count(c => c == 'M'));
        Assert.True(svg.Length < 200_000, $"a map of {svg.Length} characters");
    }

    [Fact]
    public void No_ring_streaks_across_the_map_at_the_antimeridian()
    {
        var root = Parse(ShippedMap(Exports, MapScale.Sequential, English));
        var width = double.Parse(((string)root.Attribute("viewBox")!).Split(' ')[2], CultureInfo.InvariantCulture);

        // The map's flat bottom (the south pole line), which Antarctica's ring may follow from edge to edge.
        var sphere = Numbers((string)root.Descendants(Svg + "path").Single(p => (string?)p.Attribute("class") == "sphere").Attribute("d")!);
        var bottom = sphere.Where((_, i) => i % 2 == 1).Max();

        foreach (var path in root.Descendants(Svg + "path").Where(p => p.Attribute("data-id") is not null))
        {
            // Each ring: M x y, then relative steps l dx dy dx dy … z. No step may cross half the map but along the pole.
            foreach (var ring in ((string)path.Attribute("d")!).Split('z', StringSplitOptions.RemoveEmptyEntries))
            {
                var numbers = Numbers(ring);
                var (x, y) = (numbers[0], numbers[1]);
                Assert.True(numbers.Count % 2 == 0);
                for (var i = 2; i < numbers.Count; i += 2)
                {
                    var (dx, dy) = (numbers[i], numbers[i + 1]);
                    var alongPole = dy == 0 && Math.Abs(y - bottom) < 0.2;
                    Assert.True(Math.Abs(dx) < width / 2 || alongPole, $"{path.Attribute("data-id")} steps {dx} px at y {y}");
                    (x, y) = (x + dx, y + dy);
                }
            }
        }
    }

    private static List<double> Numbers(string path) =>
        [.. NumberPattern().Matches(path).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex NumberPattern();

    [Fact]
    public void A_diverging_map_centres_its_classes_on_zero_and_writes_the_legend_in_the_culture()
    {
        var changes = new Dictionary<string, double> { ["156"] = 4.2, ["840"] = -3.9, ["276"] = 0.1, ["392"] = -1.4 };
        var svg = ShippedMap(changes, MapScale.Diverging, CultureInfo.GetCultureInfo("de-DE"));
        var root = Parse(svg);
        string Fill(string id) => (string)root.Descendants(Svg + "path").Single(p => (string?)p.Attribute("data-id") == id).Attribute("fill")!;

        // Largest change 4.2: classes of width 2 from -5 to 5 (breaks ±1, ±3).
        Assert.Equal(WorldMap.DivergingColours[4], Fill("156"));
        Assert.Equal(WorldMap.DivergingColours[0], Fill("840"));
        Assert.Equal(WorldMap.DivergingColours[2], Fill("276"));
        Assert.Equal(WorldMap.DivergingColours[1], Fill("392"));
        var legend = root.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("-5,0 – -3,0", legend);
        Assert.Contains("1,0 – 3,0", legend);
        Assert.Contains("No data", legend);
    }

    [Fact]
    public void Bars_put_negative_values_left_of_the_axis_and_escape_labels()
    {
        var svg = BarChart.Horizontal([new("Gain <b>&", 12.5, "12.5 %", Highlight: true), new("Loss", -4, "-4.0 %")], "Change & <more>");
        var root = Parse(svg);

        Assert.Contains("Gain &lt;b&gt;&amp;", svg);
        Assert.DoesNotContain("<b>", svg);
        var axis = double.Parse((string)root.Descendants(Svg + "line").Single(l => (string?)l.Attribute("class") == "axis").Attribute("x1")!, CultureInfo.InvariantCulture);
        var bars = root.Descendants(Svg + "rect").Select(r => (X: Number(r, "x"), Width: Number(r, "width"))).ToList();
        Assert.True(bars[0].X >= axis - 0.1 && bars[0].Width > 0, "the gain runs right of the axis");
        Assert.True(bars[1].X + bars[1].Width <= axis + 0.1, "the loss runs left of the axis");
        // 12.5 against 4 on one scale.
        Assert.Equal(12.5 / 4, bars[0].Width / bars[1].Width, 0.05);
        Assert.Equal(["Gain <b>&", "12.5 %", "Loss", "-4.0 %"], root.Descendants(Svg + "text").Select(t => t.Value));
    }

    private static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);

    [Fact]
    public void A_CJK_label_counts_two_Latin_widths_a_character()
    {
        double BarStart(string label) => Number(Parse(BarChart.Horizontal([new(label, 1, "1")], "t")).Descendants(Svg + "rect").Single(), "x");

        Assert.True(BarStart("中华人民共和国") > BarStart("ABCDEFG") + 20, "seven CJK characters need more room than seven letters");
        Assert.Equal(BarStart("ABCDEFGHIJKLMN"), BarStart("中华人民共和国"));
    }

    private static LineSeries Series(string name, bool band) => new(name,
        [.. Enumerable.Range(2019, 6).Select(y => new LinePoint(y, 0.12 + ((y - 2019) * 0.15), band ? 0.05 + ((y - 2019) * 0.15) : null, band ? 0.2 + ((y - 2019) * 0.15) : null))]);

    [Fact]
    public void A_line_chart_shades_its_band_and_legends_several_series()
    {
        var withBand = Parse(LineChart.Render([Series("World", band: true)], "Index", "0.00", English));
        var twoLines = Parse(LineChart.Render([Series("World", band: false), Series("China", band: false)], "Index", "0.00", English));

        Assert.Single(withBand.Descendants(Svg + "polygon"), p => (string?)p.Attribute("class") == "band");
        Assert.DoesNotContain(twoLines.Descendants(Svg + "polygon"), p => (string?)p.Attribute("class") == "band");
        Assert.Equal(2, twoLines.Descendants(Svg + "polyline").Count());
        Assert.Contains("China", twoLines.Descendants(Svg + "text").Select(t => t.Value));
        Assert.DoesNotContain("World", withBand.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Equal(["2019", "2020", "2021", "2022", "2023", "2024"], withBand.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "tick-x").Select(t => t.Value));
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("zh-CN")]
    [InlineData("de-DE")]
    public void Line_chart_ticks_are_round_and_written_in_the_culture_given(string name)
    {
        var culture = CultureInfo.GetCultureInfo(name);
        var root = Parse(LineChart.Render([Series("World", band: true)], "Index", "0.00", culture));
        var ticks = root.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "tick-y").Select(t => t.Value).ToList();
        var values = ticks.Select(t => double.Parse(t, NumberStyles.Float, culture)).ToList();

        Assert.InRange(ticks.Count, 4, 6);
        Assert.All(ticks, t => Assert.Contains(culture.NumberFormat.NumberDecimalSeparator, t));
        // The data and band run from 0.05 to 0.95: covered, in equal round steps.
        Assert.True(values[0] <= 0.05 && values[^1] >= 0.95);
        var step = values[1] - values[0];
        Assert.All(values.Zip(values.Skip(1)), p => Assert.Equal(step, p.Second - p.First, 1e-9));
        Assert.Contains(Math.Round(step / Math.Pow(10, Math.Floor(Math.Log10(step))), 6), new[] { 1, 2, 2.5, 5 });
    }

    [Fact]
    public void A_chain_strip_joins_its_steps_and_wraps_into_rows()
    {
        StripStep[] steps = [.. Enumerable.Range(1, 7).Select(i => new StripStep($"Stage {i} <raw & refined>", i % 2 == 0 ? "展商 " + i : null))];
        var narrow = Parse(ChainStrip.Render(steps, "Path", width: 420));
        var wide = Parse(ChainStrip.Render(steps[..2], "Path", width: 640));

        var rows = narrow.Descendants(Svg + "rect").Select(r => Number(r, "y")).Distinct().Count();
        Assert.True(rows > 1, "seven boxes do not fit one row of 420 px");
        Assert.All(narrow.Descendants(Svg + "rect"), r => Assert.InRange(Number(r, "x") + Number(r, "width"), 0, 420));
        // One arrowhead between each two steps.
        Assert.Equal(6, narrow.Descendants(Svg + "polygon").Count());
        Assert.Single(wide.Descendants(Svg + "rect").Select(r => Number(r, "y")).Distinct());
        Assert.Contains("Stage 1 <raw & refined>", wide.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Contains("展商 2", wide.Descendants(Svg + "text").Select(t => t.Value));
    }

    [Fact]
    public async Task Chromium_draws_the_map_with_China_in_its_class_colour()
    {
        var chromium = Environment.GetEnvironmentVariable(BrowserSession.BrowserVariable);
        Assert.SkipWhen(chromium is null || !File.Exists(chromium), $"Set {BrowserSession.BrowserVariable} to a Chromium to draw the map in a browser.");
        var svg = ShippedMap(Exports, MapScale.Sequential, English);
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetContentAsync($"<!doctype html><html><body style=\"margin:0;width:720px\">{svg}</body></html>");

        // The svg as the page holds it, drawn on a canvas at 720 px: count the pixels of China's colour and of grey.
        var counts = await page.EvaluateFunctionAsync<int[]>("""
            async () => {
              const svg = document.querySelector('svg');
              const box = svg.getBoundingClientRect();
              const image = new Image();
              image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
              await image.decode();
              const canvas = document.createElement('canvas');
              canvas.width = Math.round(box.width);
              canvas.height = Math.round(box.height);
              const context = canvas.getContext('2d');
              context.drawImage(image, 0, 0, canvas.width, canvas.height);
              const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
              let top = 0, grey = 0;
              for (let i = 0; i < data.length; i += 4) {
                if (data[i] === 0x31 && data[i + 1] === 0x36 && data[i + 2] === 0x95) top++;
                if (data[i] === 0xd9 && data[i + 1] === 0xd9 && data[i + 2] === 0xd9) grey++;
              }
              return [top, grey, canvas.width, canvas.height];
            }
            """);

        Assert.Equal(720, counts[2]);
        Assert.True(counts[1] > 2000, $"{counts[1]} grey pixels");
        // The darkest class holds China and the United States, two of the largest countries.
        Assert.True(counts[0] > 1000, $"{counts[0]} pixels of the top class");
    }
}
