using System.Globalization;

namespace Lianbo.Trade.Tests;

public sealed class TradeTextTests
{
    [Fact]
    public void A_bad_line_reads_in_Chinese_under_a_Chinese_UI_culture()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var error = new TradeDataException("a.csv", 3, TradeText.Format("ValueMissing"));

        Assert.Equal("a.csv 第 3 行：缺少金额", error.Message);
    }
}
