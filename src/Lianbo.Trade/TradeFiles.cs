namespace Lianbo.Trade;

/// <summary>The files the engine ships beside every build (see Lianbo.Trade.csproj), under <c>trade/</c>.</summary>
public static class TradeFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "trade");

    /// <summary>CEPII's BACI country dictionary (release V202201), used when a BACI year comes without its own.</summary>
    public static string BaciCountryCodes => Path.Combine(Directory, "baci-country-codes-v202201.csv");

    /// <summary>World Bank GDP in current US dollars by ISO alpha-3 code and year (also shipped as reference data).</summary>
    public static string Gdp => Path.Combine(Directory, "wb-gdp-current-usd.csv");

    /// <summary>The HS 1992 nomenclature, the one BACI HS92 uses.</summary>
    public static string Hs92 => Path.Combine(Directory, "hs92.csv");
}
