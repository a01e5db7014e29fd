using System.IO.Compression;
using System.Text;
using Lianbo.Trade.InputOutput;

namespace Lianbo.Trade.Tests.InputOutput;

public sealed class WiodReaderTests
{
    private static IoTable Table => IoFixture.Year2011.Table;

    [Fact]
    public void Reads_the_shipped_2011_table_as_the_reference_reads_it()
    {
        Assert.Equal(41, Table.Countries.Length);
        Assert.Equal(35, Table.Sectors.Length);
        Assert.Equal(1435, Table.N);
        Assert.Equal("ROW", Table.Countries[^1]);
        Assert.Contains("ROU", Table.Countries);
        Assert.Equal(IoFixture.Reference.Manifest.GetProperty("countries").EnumerateArray().Select(c => c.GetString()), Table.Countries);
        IoFixture.Near(IoFixture.Reference["z"], Table.Z, "Z");
        IoFixture.Near(IoFixture.Reference["fd"], Table.FinalDemand, "final demand by destination");
        IoFixture.Near(IoFixture.Reference["x"], Table.GrossOutput, "gross output");
        IoFixture.Near(IoFixture.Reference["va"], Table.ValueAdded, "value added");
        // PROVENANCE.md's sanity figures: world gross output 141.8 tn USD, USA 26.9 tn, China 22.3 tn.
        Assert.Equal(141.8, Table.GrossOutput.Sum() / 1e6, 0.05);
        Assert.Equal(26.9, Enumerable.Range(0, 35).Sum(s => Table.GrossOutput[Table.Index("USA", Table.Sectors[s])]) / 1e6, 0.05);
        Assert.Equal(22.3, Enumerable.Range(0, 35).Sum(s => Table.GrossOutput[Table.Index("CHN", Table.Sectors[s])]) / 1e6, 0.05);
    }

    [Fact]
    public void Identity_violations_are_the_rows_the_reference_finds()
    {
        var expected = IoFixture.Reference.Manifest.GetProperty("violations").EnumerateArray()
            .Select(v => (v[0].GetString()!, v[1].GetString()!, v[2].GetDouble())).ToArray();
        var actual = IoFixture.Year2011.Violations.Select(v => (v.Country, v.Sector, v.Difference)).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
        Assert.All(IoFixture.Year2011.Violations, v => Assert.True(Math.Abs(v.Difference) > v.Tolerance));
    }

    [Fact]
    public void A_row_that_does_not_add_up_is_reported_by_country_and_sector()
    {
        var x = (double[])Table.GrossOutput.Clone();
        var at = Table.Index("DEU", "c15");
        x[at] *= 1.02; // 2% more output than its uses
        var broken = IoTable.Create(Table.Source, Table.Release, Table.Year, Table.Countries, Table.Sectors, Table.Z, Table.FinalDemand, x);
        var violation = Assert.Single(broken.CheckIdentity(), v => v is { Country: "DEU", Sector: "c15" });
        Assert.Equal(-0.02 * Table.GrossOutput[at], violation.Difference, 1e-3 * Table.GrossOutput[at]);
        Assert.DoesNotContain(IoFixture.Year2011.Violations, v => v is { Country: "DEU", Sector: "c15" });
    }

    [Theory]
    [InlineData("intermediate-2011.csv.gz", 1000, "\"CHN\",\"c14\",\"USA\",\"c14\",12x", "value_musd")]
    [InlineData("intermediate-2011.csv.gz", 200000, "\"CHN\",\"c14\",\"USA\"", null)]
    [InlineData("intermediate-2011.csv.gz", 5, "\"AUS\",\"c99\",\"AUS\",\"c1\",3", "from_sector")]
    [InlineData("intermediate-2011.csv.gz", 2, "\"AUS\",\"c1\",\"AUS\",\"c1\",-4", "value_musd")]
    [InlineData("final-demand-2011.csv.gz", 321, "\"XYZ\",\"c1\",\"AUS\",1,5", "from_country")]
    [InlineData("final-demand-2011.csv.gz", 42, "\"AUS\",\"c1\",\"AUS\",6,5", "fd_category")]
    [InlineData("gross-output-1995-2011.csv.gz", 22962, "2011,\"AUS\",\"c1\",NaN", "gross_output_musd")]
    [InlineData("gross-output-1995-2011.csv.gz", 24000, "2011,\"AUS\",\"c1\",5", null)]
    public void A_malformed_file_is_refused_with_its_line(string file, int line, string replacement, string? field)
    {
        using var copy = new BrokenCopy();
        copy.ReplaceLine(file, line, replacement);
        var e = Assert.Throws<TradeDataException>(() => WiodReader.Read(copy.Directory, 2011));
        Assert.EndsWith(file, e.File, StringComparison.Ordinal);
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cell_given_twice_is_refused_with_the_second_line()
    {
        using var copy = new BrokenCopy();
        var second = copy.Line("intermediate-2011.csv.gz", 2);
        copy.ReplaceLine("intermediate-2011.csv.gz", 3000, second);
        var e = Assert.Throws<TradeDataException>(() => WiodReader.Read(copy.Directory, 2011));
        Assert.Equal(3000, e.Line);
    }

    [Fact]
    public void A_missing_gross_output_is_refused_naming_the_row()
    {
        using var copy = new BrokenCopy();
        // The first 2011 line of the gross-output file is AUS c1; drop it.
        var first2011 = 1 + 16 * 1435 + 1;
        Assert.StartsWith("2011,\"AUS\",\"c1\",", copy.Line("gross-output-1995-2011.csv.gz", first2011), StringComparison.Ordinal);
        copy.ReplaceLine("gross-output-1995-2011.csv.gz", first2011, "");
        var e = Assert.Throws<TradeDataException>(() => WiodReader.Read(copy.Directory, 2011));
        Assert.Contains("AUS c1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sector_has_a_Chinese_name()
    {
        var lines = File.ReadAllLines(Path.Combine(WiodReader.ShippedDirectory, "sectors.csv"));
        Assert.Equal("code,nace_rev1_1,name,name_zh", lines[0]);
        Assert.Equal(Table.Sectors, lines[1..].Select(l => l.Split(',')[0]));
        Assert.All(lines[1..], l => Assert.Matches(@",[^,""]*\p{IsCJKUnifiedIdeographs}[^,""]*$", l));
    }

    // A copy of the shipped files in a temporary folder, with lines replaced (a real broken file, gzip as shipped).
    private sealed class BrokenCopy : IDisposable
    {
        public BrokenCopy()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("lianbo-wiod-").FullName;
            foreach (var file in new[] { "row-index.csv.gz", "intermediate-2011.csv.gz", "final-demand-2011.csv.gz", "gross-output-1995-2011.csv.gz" })
            {
                File.Copy(Path.Combine(WiodReader.ShippedDirectory, file), Path.Combine(Directory, file));
            }
        }

        public string Directory { get; }

        public string Line(string file, int line) => Lines(file)[line - 1];

        public void ReplaceLine(string file, int line, string text)
        {
            var lines = Lines(file);
            lines[line - 1] = text;
            using var gzip = new GZipStream(File.Create(Path.Combine(Directory, file)), CompressionLevel.Fastest);
            using var writer = new StreamWriter(gzip, new UTF8Encoding(false));
            foreach (var l in lines)
            {
                writer.Write(l);
                writer.Write('\n');
            }
        }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

        private string[] Lines(string file)
        {
            using var gzip = new GZipStream(File.OpenRead(Path.Combine(Directory, file)), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return reader.ReadToEnd().Split('\n') is var all && all[^1].Length == 0 ? all[..^1] : all;
        }
    }
}
