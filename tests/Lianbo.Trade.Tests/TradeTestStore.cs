using Lianbo.Trade.Store;

namespace Lianbo.Trade.Tests;

/// <summary>A fresh trade store in its own temporary directory, deleted afterwards; and the shipped samples.</summary>
public sealed class TradeTestStore : IDisposable
{
    public static string Samples => Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>Real BACI HS92 2021 rows (exporters South Africa and Afghanistan), as CEPII ships them.</summary>
    public static string BaciSample => Path.Combine(Samples, "baci-hs92-2021-zaf-afg.csv");

    public static string BaciCountryCodes => Path.Combine(Samples, "baci-country-codes-v202201.csv");

    /// <summary>The UN Comtrade 1985 country network in Pajek format.</summary>
    public static string Comtrade1985 => Path.Combine(Samples, "comtrade-1985-countries.net");

    public const int BaciSampleRows = 71_192;

    public TradeTestStore()
    {
        Directory.CreateDirectory(DirectoryPath);
        Store = TradeStore.InDirectory(DirectoryPath);
    }

    public string DirectoryPath { get; } = Path.Combine(Path.GetTempPath(), "lianbo-trade-" + Guid.NewGuid().ToString("N"));

    public TradeStore Store { get; }

    /// <summary>A path inside the test's directory, for files a test writes.</summary>
    public string File(string name) => Path.Combine(DirectoryPath, name);

    public void Dispose() => Directory.Delete(DirectoryPath, recursive: true);
}
