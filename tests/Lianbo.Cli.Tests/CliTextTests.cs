using System.Collections;
using System.Globalization;
using System.Resources;

namespace Lianbo.Cli.Tests;

public sealed class CliTextTests
{
    [Fact]
    public void Every_message_exists_in_English_and_Chinese()
    {
        var resources = new ResourceManager("Lianbo.Cli.Resources.CliText", typeof(CliApp).Assembly);

        var english = Keys(resources, CultureInfo.InvariantCulture);
        var chinese = Keys(resources, new CultureInfo("zh-Hans"));

        Assert.NotEmpty(english);
        Assert.Equal(english, chinese);
    }

    // Only the entries of that culture's own file, not those it falls back to.
    private static SortedSet<string> Keys(ResourceManager resources, CultureInfo culture) =>
        new(resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().Select(e => (string)e.Key), StringComparer.Ordinal);
}
