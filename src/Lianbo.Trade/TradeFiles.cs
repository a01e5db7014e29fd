namespace Lianbo.Trade;

/// <summary>The files the engine ships beside every build (see Lianbo.Trade.csproj), under <c>trade/</c>.</summary>
public static class TradeFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "trade");

    /// <summary>CEPII's BACI country dictionary (release V202201), used when a BACI year comes without its own.</summary>
    public static string BaciCountryCodes => Path.Combine(Directory, "baci-country-codes-v202201.csv");

    /// <summary>World Bank GDP in current US dollars by ISO alpha-3 code and year (also shipped as reference data).</summary>
    public static string Gdp => Path.Combine(Directory, "wb-gdp-current-usd.csv");

    /// <summary>ISO 3166-1 countries (alpha-2, alpha-3, numeric, English and Chinese names), as the reference data ships them.</summary>
    public static string Countries => Path.Combine(Directory, "iso_3166-1_en_zh.csv");

    /// <summary>The index definitions, indicator catalogue and bloc files the product ships (<c>data/indices</c>).</summary>
    public static string Indices => Path.Combine(AppContext.BaseDirectory, "indices");

    /// <summary>Country codes trade data still uses that ISO 3166-1 no longer lists (see <see cref="Import.CountryLabels"/>).</summary>
    public static string HistoricalCountryCodes => Path.Combine(Directory, "historical-country-codes.csv");

    /// <summary>The HS 1992 nomenclature, the one BACI HS92 uses.</summary>
    public static string Hs92 => Path.Combine(Directory, "hs92.csv");
}
