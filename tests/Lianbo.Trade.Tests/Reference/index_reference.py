#!/usr/bin/python3
"""The reference the connectivity index is checked against: numpy and pandas from Debian (python3-numpy,
python3-pandas), on a BACI year read here independently of Lianbo, following docs/methods.md.

    /usr/bin/python3 index_reference.py connectivity DEFINITION.json GDP.csv COUNTRIES.csv CODES.csv FILE.csv
    /usr/bin/python3 index_reference.py breadth ARCS.csv       (header, then exporter,importer,value)
    /usr/bin/python3 index_reference.py open DEFINITION.json GDP.csv COUNTRIES.csv OPEN_DIR
    /usr/bin/python3 index_reference.py --timings connectivity ...   (the benchmark: seconds per step, no values)

connectivity prints, for the ISO 3166 countries of COUNTRIES.csv, the trade indicators (trade.total and trade.depth in
US dollars, BACI's thousands times 1,000; DHL breadth of exports and imports; PageRank; partner count) and the index
the definition file describes: each indicator transformed, normalised, weighted and aggregated into dimension scores
and the index, the ranks and the world value. The year is one year, so there is nothing to impute and the reference
period is that year. open prints the index of every year, built on the open data the product ships (OPEN_DIR with
its open-data.json): the indicator series read from their files, the rules indicators derived from the trade panel's
agreement columns, the trade indicators of every panel year; each series' gaps filled by its own imputation rule,
normalised over every year, the world value weighted by trade (weights of the latest earlier trade year where the
year has none). breadth prints {country: {exports, imports}} for a network given as arcs.
Every step works on the dense country × country matrix with numpy; PageRank is a plain power iteration with
networkx's conventions (weighted, dangling countries spread their rank evenly), run to a tolerance near machine
precision.
"""
import json
import re
import sys

import numpy as np
import pandas as pd

from complexity_reference import country_rows, read_rows, timed, timings, versions
from trade_reference import iso_codes, peak_rss_mb

# BACI's values are in thousands of US dollars.
BACI_DOLLARS = 1e3


def matrix(arcs):
    """The countries (sorted) and the dense matrix F[i, j] of exports from i to j, a country's trade with itself left out."""
    arcs = arcs[arcs["exporter"] != arcs["importer"]]
    countries = sorted(set(arcs["exporter"]) | set(arcs["importer"]))
    flows = arcs.groupby(["exporter", "importer"])["value"].sum().unstack(fill_value=0.0)
    return countries, flows.reindex(index=countries, columns=countries, fill_value=0.0).to_numpy()


def breadth(flows):
    """DHL breadth of exports and of imports: 1 − ½ Σ_{j≠i} |s_ij − w_j^(−i)|; NaN where a country has none."""
    n = len(flows)
    off = ~np.eye(n, dtype=bool)

    def side(own_flows, other):
        own = own_flows.sum(axis=1)
        rest = other.sum() - other
        with np.errstate(divide="ignore", invalid="ignore"):
            distance = np.where(off, np.abs(own_flows / own[:, None] - other[None, :] / rest[:, None]), 0.0).sum(axis=1)
        return np.where((own > 0) & (rest > 0), 1 - 0.5 * distance, np.nan)

    exports, imports = flows.sum(axis=1), flows.sum(axis=0)
    return side(flows, imports), side(flows.T, exports)


def pagerank(flows, alpha=0.85, tol=1e-15, max_iter=100000):
    n = len(flows)
    out = flows.sum(axis=1)
    dangling = out == 0
    p = np.divide(flows, out[:, None], out=np.zeros_like(flows), where=~dangling[:, None])
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        following = alpha * (x @ p + x[dangling].sum() / n) + (1 - alpha) / n
        change = np.abs(following - x).sum()
        x = following
        if change < n * tol:
            break
    return x


def indicators(rows, year, gdp, iso, dollars=BACI_DOLLARS):
    """{indicator: {country: value}} for the ISO countries, as Lianbo's trade indicator source gives them."""
    countries, flows = matrix(rows.groupby(["exporter", "importer"], as_index=False)["v"].sum().rename(columns={"v": "value"}))
    exports, imports = flows.sum(axis=1), flows.sum(axis=0)
    breadth_exports, breadth_imports = breadth(flows)
    rank = pagerank(flows)
    partners = ((flows > 0) | (flows.T > 0)).sum(axis=1)
    total = (exports + imports) * dollars
    depth = np.array([total[i] / gdp[(c, year)] if gdp.get((c, year), 0) > 0 else np.nan for i, c in enumerate(countries)])
    columns = {"trade.total": total, "trade.depth": depth, "trade.breadth_exports": breadth_exports, "trade.breadth_imports": breadth_imports,
               "trade.pagerank": rank, "trade.partners": partners.astype(float)}
    keep = [i for i, c in enumerate(countries) if c in iso]
    return {name: {countries[i]: float(v[i]) for i in keep if np.isfinite(v[i])} for name, v in columns.items()}


def composite(definition, table):
    """The index of one year: transform, normalise, weight and aggregate (arithmetic or geometric), rank, world value;
    every country with data is listed, with a null score when it has too few dimensions."""
    years = composite_years(definition, {i: {(c, 0): v for c, v in values.items()} for i, values in table.items()}, unscored=True)
    return years.get("0", {"global": None, "countries": {}})


def read_definition(path):
    """An index definition file: JSON with // comment lines."""
    with open(path, encoding="utf-8") as f:
        return json.loads(re.sub(r"(?m)^\s*//.*$", "", f.read()))


def read_gdp(path):
    gdp = pd.read_csv(path, dtype={"Country Code": str, "Year": int, "Value": float}, keep_default_na=False, na_values=[""])
    gdp = gdp[gdp["Value"] > 0]
    return dict(zip(zip(gdp["Country Code"], gdp["Year"]), gdp["Value"]))


def read_iso(path):
    codes = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")["alpha_3"]
    return {c for c in codes if len(c) == 3}


def connectivity(definition_path, gdp_path, countries_path, codes_path, path):
    """The year's indicators and index. "read" is only pandas reading the file into the store's columns; "indicators"
    then does what Lianbo's IndexBuilder.ReadAsync does from its store: map the codes to countries, read the shipped GDP
    and country list, and compute; "composite" is CompositeIndex.Compute."""
    definition, codes = read_definition(definition_path), iso_codes(codes_path)
    stored = timed("read", lambda: read_rows(path))

    def read_indicators():
        gdp, iso = read_gdp(gdp_path), read_iso(countries_path)
        year, rows = country_rows(stored, codes)
        return year, indicators(rows, year, gdp, iso)

    year, table = timed("indicators", read_indicators)
    index = timed("composite", lambda: composite(definition, table))
    return {"year": year, "indicators": table, "index": index}


def breadth_of_arcs(path):
    countries, flows = matrix(pd.read_csv(path, dtype={"exporter": str, "importer": str, "value": float}, keep_default_na=False))
    exports, imports = breadth(flows)
    return {c: {side: float(v[i]) for side, v in (("exports", exports), ("imports", imports)) if np.isfinite(v[i])} for i, c in enumerate(countries)}


def read_series(directory, series, iso):
    """{indicator: {(country, year): value}} of one shipped indicator file, ISO countries only."""
    frame = pd.read_csv(f"{directory}/{series['file']}", dtype={series["country"]: str}, keep_default_na=False)
    code = series.get("code")
    out = {}
    for key, indicator in series["indicators"].items():
        rows = frame if code is None else frame[frame[code] == key]
        rows = rows[rows[series["country"]].str.upper().isin(iso)]
        out[indicator] = {(c.upper(), int(y)): float(v) for c, y, v in zip(rows[series["country"]], rows[series["year"]], rows[series["value"]])}
    return out


def rules(panel, trade, iso):
    """The three Deep Trade Agreements indicators per (country, year), as docs/methods.md defines them."""
    provisions = [c for c in panel.columns if trade["provisionsPrefix"] in c]
    f = pd.DataFrame({"exporter": panel[trade["exporter"]], "importer": panel[trade["importer"]], "year": panel[trade["year"]].astype(int),
                      "v": panel[trade["value"]].astype(float), "agreement": panel[trade["agreement"]].astype(int) != 0,
                      "provisions": panel[provisions].sum(axis=1)})
    f = f[f["exporter"] != f["importer"]]
    excluded = set(trade["notCountries"])
    a = f[~f["importer"].isin(excluded)].rename(columns={"exporter": "country", "importer": "partner"})
    b = f[~f["exporter"].isin(excluded)].rename(columns={"importer": "country", "exporter": "partner"})
    sides = pd.concat([a, b], ignore_index=True)
    sides["covered"] = np.where(sides["agreement"], sides["v"], 0.0)
    sides["weighted"] = np.where(sides["agreement"], sides["v"] * sides["provisions"], 0.0)
    sides["deep"] = np.where(sides["agreement"] & (sides["provisions"] >= trade["deepProvisions"]), sides["partner"], None)
    g = sides.groupby(["country", "year"]).agg(v=("v", "sum"), covered=("covered", "sum"), weighted=("weighted", "sum"), deep=("deep", "nunique"))
    g = g[(g["v"] > 0) & g.index.get_level_values(0).isin(iso)]
    return {"dta.trade_covered": {k: 100 * r.covered / r.v for k, r in g.iterrows()},
            "dta.deep_partners": {k: float(r.deep) for k, r in g.iterrows()},
            "dta.provisions": {k: r.weighted / r.v for k, r in g.iterrows()}}


def impute(x, years, rule):
    """Each country's gaps (rows = years) filled as CompositeIndex does: linear across a gap of at most maxYears + 1
    between observed years (rule linear), else the latest earlier value if at most maxYears old."""
    kind, most = rule.get("rule", "none"), rule.get("maxYears", 0)
    x = x.copy()
    if kind == "none" or most == 0:
        return x
    original = x.copy()
    for c in range(x.shape[1]):
        observed = [y for y in range(len(years)) if not np.isnan(original[y, c])]
        for y in range(len(years)):
            if not np.isnan(original[y, c]):
                continue
            before = [o for o in observed if o < y]
            after = [o for o in observed if o > y]
            if not before:
                continue
            b = before[-1]
            if kind == "linear" and after and years[after[0]] - years[b] <= most + 1:
                a = after[0]
                x[y, c] = original[b, c] + (years[y] - years[b]) / (years[a] - years[b]) * (original[a, c] - original[b, c])
            elif years[y] - years[b] <= most:
                x[y, c] = original[b, c]
    return x


def composite_years(definition, table, unscored=False):
    """Every year of an index over {indicator: {(country, year): value}}: each series imputed by its rule, transformed,
    normalised over every year, weighted and aggregated (arithmetic or geometric); ranks and the world value per year.
    A year lists its scored countries, and with unscored=True also those with data but too few dimensions."""
    specs = [(d["id"], s) for d in definition["dimensions"] for s in d["indicators"]]
    used = {s["id"] for _, s in specs}
    keys = {k for i in used for k, v in table.get(i, {}).items() if np.isfinite(v)}
    countries, years = sorted({c for c, _ in keys}), sorted({y for _, y in keys})
    ci, yi = {c: i for i, c in enumerate(countries)}, {y: i for i, y in enumerate(years)}
    default = definition.get("imputation") or {}
    geometric = definition.get("aggregation", "arithmetic") == "geometric"
    floor = 0.001
    shape = (len(years), len(countries))
    sums = {d["id"]: np.zeros(shape) for d in definition["dimensions"]}
    weights = {d["id"]: np.zeros(shape) for d in definition["dimensions"]}
    for dimension, spec in specs:
        x = np.full(shape, np.nan)
        for (c, y), v in table.get(spec["id"], {}).items():
            if np.isfinite(v):
                x[yi[y], ci[c]] = (np.log(v) if v > 0 else np.nan) if spec.get("transform") == "log" else v
        x = impute(x, years, spec.get("imputation") or default)
        observed = x[~np.isnan(x)]
        if definition.get("normalisation", "min-max") == "min-max":
            centre, scale = (observed.min(), np.ptp(observed)) if len(observed) else (0.0, 0.0)
        else:
            centre, scale = (observed.mean() if len(observed) else 0.0), (observed.std(ddof=1) if len(observed) > 1 else 0.0)
        if not scale > 0:
            continue
        z = (x - centre) / scale
        if spec.get("direction", 1) < 0:
            z = 1 - z if definition.get("normalisation", "min-max") == "min-max" else -z
        present = ~np.isnan(z)
        sums[dimension][present] += spec["weight"] * (np.log(np.maximum(z[present], floor)) if geometric else z[present])
        weights[dimension][present] += spec["weight"]
    total, total_weight, available = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=int)
    dimensions = {}
    for d in definition["dimensions"]:
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(weights[d["id"]] > 0, sums[d["id"]] / weights[d["id"]], np.nan)
        score = np.exp(score) if geometric else score
        dimensions[d["id"]] = score
        has = ~np.isnan(score)
        total[has] += d["weight"] * (np.log(np.maximum(score[has], floor)) if geometric else score[has])
        total_weight[has] += d["weight"]
        available += has
    with np.errstate(divide="ignore", invalid="ignore"):
        index = np.where((available >= definition.get("minDimensions", 1)) & (total_weight > 0), total / total_weight, np.nan)
    index = np.exp(index) if geometric else index
    trade = table.get("trade.total", {})
    trade_years = sorted({y for _, y in trade})
    result = {}
    for y, year in enumerate(years):
        scored = [c for c in range(len(countries)) if not np.isnan(index[y, c])]
        ranked = sorted(scored, key=lambda c: (-index[y, c], countries[c]))
        world = None
        if scored and definition.get("global") == "mean":
            world = float(np.mean(index[y, scored]))
        elif scored:
            def pairs(at):
                return [(index[y, c], trade.get((countries[c], at), 0.0)) for c in scored if trade.get((countries[c], at), 0.0) > 0]
            p = pairs(year)
            earlier = [t for t in trade_years if t < year]
            if not p and earlier:
                p = pairs(earlier[-1])
            world = sum(s * w for s, w in p) / sum(w for _, w in p) if p else None
        ranks = {c: r + 1 for r, c in enumerate(ranked)}
        listed = [c for c in range(len(countries)) if c in ranks or (unscored and any(not np.isnan(v[y, c]) for v in dimensions.values()))]
        result[str(year)] = {"global": world, "countries": {countries[c]: {"score": None if np.isnan(index[y, c]) else float(index[y, c]), "rank": ranks.get(c),
                                                                          "dimensions": {d: None if np.isnan(v[y, c]) else float(v[y, c]) for d, v in dimensions.items()}}
                                                             for c in listed}}
    return result


def open_data(definition_path, gdp_path, countries_path, directory):
    definition, gdp, iso = read_definition(definition_path), read_gdp(gdp_path), read_iso(countries_path)
    manifest = read_definition(f"{directory}/open-data.json")
    table = {}
    for series in manifest["series"]:
        for indicator, values in read_series(directory, series, iso).items():
            table.setdefault(indicator, {}).update(values)
    trade = manifest["trade"]
    panel = pd.read_csv(f"{directory}/{trade['file']}", dtype={trade["exporter"]: str, trade["importer"]: str}, keep_default_na=False)
    table.update(rules(panel, trade, iso))
    excluded = set(trade["notCountries"])
    flows = panel[(panel[trade["value"]] > 0) & ~panel[trade["exporter"]].isin(excluded) & ~panel[trade["importer"]].isin(excluded)]
    flows = flows.rename(columns={trade["exporter"]: "exporter", trade["importer"]: "importer", trade["value"]: "v"})
    for year, rows in flows.groupby(trade["year"]):
        for indicator, values in indicators(rows[["exporter", "importer", "v"]], int(year), gdp, iso, dollars=1.0).items():
            table.setdefault(indicator, {}).update({(c, int(year)): v for c, v in values.items()})
    return {"years": composite_years(definition, table)}


def main(args):
    timings_only = args[:1] == ["--timings"]
    if timings_only:
        args = args[1:]
    if args[0] == "open":
        json.dump(open_data(*args[1:5]), sys.stdout)
        return
    result = connectivity(*args[1:6]) if args[0] == "connectivity" else breadth_of_arcs(args[1])
    if timings_only:
        result = {"timings": timings, "peak_mb": peak_rss_mb(), "versions": versions()}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
