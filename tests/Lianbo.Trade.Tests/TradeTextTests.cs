using System.Collections;
using System.Globalization;
using System.Resources;

namespace Lianbo.Trade.Tests;

public sealed class TradeTextTests
{
    [Fact]
    public void Every_message_exists_in_English_and_Chinese()
    {
        var resources = new ResourceManager("Lianbo.Trade.Resources.TradeText", typeof(TradeText).Assembly);

        var english = Keys(resources, CultureInfo.InvariantCulture);
        var chinese = Keys(resources, new CultureInfo("zh-Hans"));

        Assert.NotEmpty(english);
        Assert.Equal(english, chinese);
    }

    [Fact]
    public void A_bad_line_reads_in_Chinese_under_a_Chinese_UI_culture()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var error = new TradeDataException("a.csv", 3, TradeText.Format("ValueMissing"));

        Assert.Equal("a.csv 第 3 行：缺少金额", error.Message);
    }

    // Only the entries of that culture's own file, not those it falls back to.
    private static SortedSet<string> Keys(ResourceManager resources, CultureInfo culture) =>
        new(resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().Select(e => (string)e.Key), StringComparer.Ordinal);
}
