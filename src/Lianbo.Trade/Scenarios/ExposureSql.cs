using System.Globalization;

namespace Lianbo.Trade.Scenarios;

// The SQL of engine 1, step by step as temporary tables on one connection (formulas in ExposureEngine's summary).
// Countries are integers numbered in the ordinal order of their ISO codes (as DependencyQueries numbers them), so that
// ordering by id is ordering by code; products are 6-digit numbers until the reporting level cuts them.
internal static class ExposureSql
{
    // ids: the source's code → country number; names: number → ISO code.
    public const string Countries = """
        CREATE TEMP TABLE ids AS
            SELECT code, country, dense_rank() OVER (ORDER BY country COLLATE "binary") AS id
            FROM country_codes WHERE source = $source AND revision = $revision AND year = $year;
        CREATE TEMP TABLE names AS SELECT DISTINCT id, country FROM ids;
        """;

    // The shocks and the chains' stages, filled by INSERTs of integers and cuts.
    public const string Inputs = """
        CREATE TEMP TABLE shock (s INTEGER, cut DOUBLE, has_dest BOOLEAN, all_but BOOLEAN);
        CREATE TEMP TABLE shock_exp (s INTEGER, exporter BIGINT);
        CREATE TEMP TABLE shock_prod (s INTEGER, lo INTEGER, hi INTEGER);
        CREATE TEMP TABLE shock_dst (s INTEGER, importer BIGINT);
        CREATE TEMP TABLE stage_prod (chain INTEGER, stage INTEGER, lo INTEGER, hi INTEGER);

        """;

    /// <summary>
    /// levels: the reporting-level codes a shock or a stage touches; base: the flows (exporter, importer, 6-digit
    /// product, value) of every product in those codes; lost: the flows cut, with the largest cut; spare: s_ek of the unaffected exporters of
    /// the products that lost; rate: L_k, S_k, r_k; hit: importer × 6-digit product, lost and replaced; imports: imports_jk.
    /// </summary>
    public static string Losses(string table, int scale, double headroom) => string.Create(CultureInfo.InvariantCulture, $"""
        CREATE TEMP TABLE levels AS
            SELECT DISTINCT unnest(range(lo // {scale}, hi // {scale} + 1)) AS level
            FROM (SELECT lo, hi FROM shock_prod WHERE s IN (SELECT s FROM shock_exp) UNION ALL SELECT lo, hi FROM stage_prod);
        CREATE TEMP TABLE base AS
            SELECT ie.id AS exporter, ii.id AS importer, f.product, sum(f.value) AS value
            FROM {table} f JOIN ids ie ON ie.code = f.exporter JOIN ids ii ON ii.code = f.importer
            WHERE f.product // {scale} IN (SELECT level FROM levels) AND ie.id <> ii.id
            GROUP BY ALL;
        CREATE TEMP TABLE lost AS
            SELECT f.exporter, f.importer, f.product, any_value(f.value) AS value, max(s.cut) * any_value(f.value) AS lost
            FROM base f JOIN shock_exp x ON x.exporter = f.exporter JOIN shock s ON s.s = x.s
            JOIN shock_prod p ON p.s = s.s AND f.product BETWEEN p.lo AND p.hi
            LEFT JOIN shock_dst d ON d.s = s.s AND d.importer = f.importer
            WHERE NOT s.has_dest OR ((d.importer IS NOT NULL) <> s.all_but)
            GROUP BY f.exporter, f.importer, f.product;
        CREATE TEMP TABLE spare AS
            SELECT b.exporter, b.product, {headroom:R} * sum(b.value) AS spare
            FROM base b
            WHERE b.product IN (SELECT product FROM lost)
              AND NOT EXISTS (SELECT 1 FROM lost l WHERE l.exporter = b.exporter AND l.product = b.product)
            GROUP BY ALL;
        CREATE TEMP TABLE rate AS
            WITH need AS (SELECT product, sum(lost) AS need FROM lost GROUP BY product),
            supply AS (SELECT product, sum(spare) AS supply FROM spare GROUP BY product)
            SELECT product, need, coalesce(supply, 0) AS supply,
                   CASE WHEN need > 0 THEN least(1.0, coalesce(supply, 0) / need) ELSE 0.0 END AS r
            FROM need LEFT JOIN supply USING (product);
        CREATE TEMP TABLE hit AS
            SELECT l.importer, l.product, sum(l.lost) AS lost, any_value(r.r) * sum(l.lost) AS replaced
            FROM lost l JOIN rate r USING (product) GROUP BY l.importer, l.product;
        CREATE TEMP TABLE imports AS SELECT importer, product, sum(value) AS value FROM base GROUP BY ALL;
        """);

    // Importer × reporting-level product with a loss: imports of the whole code, lost, replaced.
    public static string Products(int scale) => string.Create(CultureInfo.InvariantCulture, $"""
        WITH h AS (SELECT importer, product // {scale} AS product, sum(lost) AS lost, sum(replaced) AS replaced FROM hit GROUP BY ALL),
        i AS (SELECT importer, product // {scale} AS product, sum(value) AS value FROM imports GROUP BY ALL)
        SELECT h.importer, h.product, i.value, h.lost, h.replaced FROM h JOIN i USING (importer, product)
        WHERE h.lost > 0
        """);

    // Per importer with a loss: its imports of all goods from every other country, lost, replaced.
    public static string Importers(string table) => $"""
        WITH pairs AS (SELECT exporter, importer, sum(value) AS value FROM {table} GROUP BY ALL),
        totals AS (
            SELECT ii.id AS importer, sum(p.value) AS value
            FROM pairs p JOIN ids ie ON ie.code = p.exporter JOIN ids ii ON ii.code = p.importer
            WHERE ie.id <> ii.id GROUP BY ALL),
        h AS (SELECT importer, sum(lost) AS lost, sum(replaced) AS replaced FROM hit GROUP BY importer)
        SELECT h.importer, t.value, h.lost, h.replaced FROM h JOIN totals t USING (importer)
        WHERE h.lost > 0
        """;

    // Lost and added flows at the reporting level, the largest `limit` of each kind per product (ties: exporter, importer).
    public static string Flows(int scale, int limit) => string.Create(CultureInfo.InvariantCulture, $"""
        WITH changes AS (
            SELECT exporter, importer, product // {scale} AS product, lost, 0.0 AS added FROM lost
            UNION ALL
            SELECT s.exporter, h.importer, h.product // {scale}, 0.0, h.replaced * s.spare / r.supply
            FROM hit h JOIN spare s USING (product) JOIN rate r USING (product)
            WHERE r.supply > 0 AND h.replaced > 0),
        total AS (SELECT exporter, importer, product, sum(lost) AS lost, sum(added) AS added FROM changes GROUP BY ALL),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY product ORDER BY lost DESC, exporter, importer) AS by_lost,
                      row_number() OVER (PARTITION BY product ORDER BY added DESC, exporter, importer) AS by_added
            FROM total),
        kept AS (SELECT * FROM ranked WHERE (lost > 0 AND by_lost <= {limit}) OR (added > 0 AND by_added <= {limit})),
        before AS (
            SELECT b.exporter, b.importer, b.product // {scale} AS product, sum(b.value) AS value
            FROM base b SEMI JOIN kept k ON k.exporter = b.exporter AND k.importer = b.importer AND k.product = b.product // {scale}
            GROUP BY ALL)
        SELECT k.product, k.exporter, k.importer, coalesce(b.value, 0), k.lost, k.added
        FROM kept k LEFT JOIN before b USING (exporter, importer, product)
        """);

    // Chain × stage × country: imports of the stage's products (a product counted once per stage) and the unmet part.
    public const string Stages = """
        WITH stage_codes AS (
            SELECT DISTINCT p.chain, p.stage, c.product
            FROM stage_prod p JOIN (SELECT DISTINCT product FROM imports) c ON c.product BETWEEN p.lo AND p.hi)
        SELECT sc.chain, sc.stage, i.importer, sum(i.value), sum(coalesce(h.lost - h.replaced, 0))
        FROM stage_codes sc JOIN imports i USING (product) LEFT JOIN hit h USING (importer, product)
        GROUP BY ALL
        """;
}
