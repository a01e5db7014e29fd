#!/usr/bin/python3
"""The reference scenario engine 1 (product and chain exposure) is checked against: pandas from Debian
(python3-pandas), written from the formulas in docs/methods-scenarios.md ("Engine 1 — product and chain exposure"),
on a BACI file read here independently of Lianbo.

    /usr/bin/python3 exposure.py SPEC.json CODES.csv FILE.csv [--runs N]

SPEC.json: {"shocks": [{"exporters": [ISO3...], "products": [HS codes; [] = all], "destinations": [ISO3...] or null,
"all_but": bool, "cut": c}], "chains": [{"id", "stages": [{"id", "products": [HS codes]}], "edges": [[from, to]]}],
"headroom": h, "digits": 2|4|6, "flow_limit": n}.
Prints JSON: totals, products, importers, flows, stages; with --runs N the computation (not the read) is repeated N
times and "timings" gives the seconds of the read and of each run, and "peak_mb" the process's peak memory.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd

_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [_here, os.path.join(_here, "..", "..", "Reference")]
from trade_reference import BACI_QUIRKS, peak_rss_mb  # noqa: E402


def read_flows(path, dictionary):
    """(exporter, importer, k, v) with ISO codes; codes mapping to one country summed; trade with itself left out."""
    codes = pd.read_csv(dictionary, dtype=str, keep_default_na=False, encoding="utf-8")
    iso = {}
    for code, alpha in zip(codes["country_code"].astype(int), codes["iso_3digit_alpha"]):
        iso[code] = alpha if len(alpha) == 3 and alpha.isalpha() and alpha.isupper() else "X%03d" % code
    iso.update(BACI_QUIRKS)
    rows = pd.read_csv(path, usecols=["i", "j", "k", "v"], dtype={"i": "int32", "j": "int32", "k": "int32", "v": "float64"})
    rows["exporter"] = rows["i"].map(iso)
    rows["importer"] = rows["j"].map(iso)
    rows = rows[rows["exporter"] != rows["importer"]]
    return rows.groupby(["exporter", "importer", "k"], as_index=False, sort=False)["v"].sum()


def hs_range(code):
    """HS code → (lowest, highest) stored 6-digit number; an odd length lost its leading zero."""
    code = str(code)
    if len(code) % 2:
        code = "0" + code
    scale = {2: 10000, 4: 100, 6: 1}[len(code)]
    return int(code) * scale, int(code) * scale + scale - 1


def covers(k, codes):
    mask = np.zeros(len(k), dtype=bool)
    for code in codes:
        lo, hi = hs_range(code)
        mask |= (k >= lo) & (k <= hi)
    return mask


def run(f, spec):
    digits, headroom, limit = spec["digits"], spec["headroom"], spec["flow_limit"]
    scale = {2: 10000, 4: 100, 6: 1}[digits]
    k = f["k"].to_numpy()

    # 1. The cut of each flow: the largest of the shocks that match it.
    cut = np.zeros(len(f))
    for shock in spec["shocks"]:
        m = f["exporter"].isin(shock["exporters"]).to_numpy()
        if shock["products"]:
            m &= covers(k, shock["products"])
        if shock["destinations"] is not None:
            d = f["importer"].isin(shock["destinations"]).to_numpy()
            m &= ~d if shock["all_but"] else d
        cut = np.maximum(cut, np.where(m, shock["cut"], 0.0))
    f = f.assign(cut=cut, lost=cut * f["v"].to_numpy(), K=k // scale)
    cutf = f[f["cut"] > 0]

    # 2. Replacement per 6-digit product from the unaffected exporters' spare capacity, shared in proportion.
    L = cutf.groupby("k")["lost"].sum()
    affected = set(zip(cutf["exporter"], cutf["k"]))
    X = f[f["k"].isin(L.index)].groupby(["exporter", "k"], as_index=False)["v"].sum()
    X = X[[(e, p) not in affected for e, p in zip(X["exporter"], X["k"])]]
    spare = X.assign(s=headroom * X["v"])[["exporter", "k", "s"]]
    S = spare.groupby("k")["s"].sum().reindex(L.index, fill_value=0.0)
    r = pd.Series(np.where(L > 0, np.minimum(1.0, S / L.where(L > 0, 1.0)), 0.0), index=L.index)
    hit = cutf.groupby(["importer", "k"], as_index=False)["lost"].sum()
    hit["replaced"] = hit["k"].map(r) * hit["lost"]
    hit["unmet"] = hit["lost"] - hit["replaced"]
    added = hit.merge(spare, on="k").assign(S=lambda t: t["k"].map(S))
    added = added[(added["S"] > 0) & (added["replaced"] > 0)]
    added = added.assign(added=added["replaced"] * added["s"] / added["S"])

    # 3. The reporting level.
    hit["K"] = hit["k"] // scale
    imports = f.groupby(["importer", "K"])["v"].sum()
    products = hit.groupby(["importer", "K"], as_index=False)[["lost", "replaced"]].sum()
    products = products[products["lost"] > 0]
    products["imports"] = [imports[(j, p)] for j, p in zip(products["importer"], products["K"])]
    products["unmet"] = products["lost"] - products["replaced"]
    totals = f.groupby("importer")["v"].sum()
    importers = hit.groupby("importer", as_index=False)[["lost", "replaced"]].sum()
    importers = importers[importers["lost"] > 0]
    importers["imports"] = importers["importer"].map(totals)
    importers["unmet"] = importers["lost"] - importers["replaced"]

    lost_flows = cutf.groupby(["exporter", "importer", "K"], as_index=False)["lost"].sum()
    added_flows = added.assign(K=added["k"] // scale).groupby(["exporter", "importer", "K"], as_index=False)["added"].sum()
    changes = lost_flows.merge(added_flows, on=["exporter", "importer", "K"], how="outer").fillna(0.0)
    keep = np.zeros(len(changes), dtype=bool)
    for column in ("lost", "added"):
        ordered = changes.sort_values(["K", column, "exporter", "importer"], ascending=[True, False, True, True])
        rank = ordered.groupby("K").cumcount()
        chosen = ordered.index[(ordered[column] > 0).to_numpy() & (rank < limit).to_numpy()]
        keep |= changes.index.isin(chosen)
    changes = changes[keep]
    before = f.groupby(["exporter", "importer", "K"])["v"].sum()
    changes["before"] = [before.get((e, j, p), 0.0) for e, j, p in zip(changes["exporter"], changes["importer"], changes["K"])]

    # 4. The chain cascade: direct shares of unmet imports, then E_s = 1 − (1 − d_s) Π_{u→s} (1 − E_u).
    imports6 = f.groupby(["importer", "k"], as_index=False)["v"].sum().merge(hit[["importer", "k", "unmet"]], on=["importer", "k"], how="left").fillna({"unmet": 0.0})
    stages = []
    for chain in spec["chains"]:
        ids = [s["id"] for s in chain["stages"]]
        per = {}
        for s in chain["stages"]:
            rows = imports6[covers(imports6["k"].to_numpy(), s["products"])] if s["products"] else imports6.iloc[0:0]
            per[s["id"]] = rows.groupby("importer")[["v", "unmet"]].sum()
        countries = sorted(set().union(*[set(t.index) for t in per.values()]))
        order, indegree = [], {s: sum(1 for _, t in chain["edges"] if t == s) for s in ids}
        while len(order) < len(ids):
            ready = next(s for s in ids if s not in order and indegree[s] == 0)
            order.append(ready)
            for a, b in chain["edges"]:
                if a == ready:
                    indegree[b] -= 1
        for country in countries:
            exposure = {}
            for s in order:
                imp = per[s]["v"].get(country, 0.0)
                unmet = per[s]["unmet"].get(country, 0.0)
                d = unmet / imp if imp > 0 else 0.0
                kept = 1.0 - d
                for a, b in chain["edges"]:
                    if b == s:
                        kept *= 1.0 - exposure[a]
                exposure[s] = 1.0 - kept
                if exposure[s] > 0:
                    stages.append({"chain": chain["id"], "stage": s, "country": country, "imports": float(imp), "direct": float(d), "cascaded": float(exposure[s])})

    def label(p):
        return str(int(p)).zfill(digits)

    return {
        "lost": float(hit["lost"].sum()), "replaced": float(hit["replaced"].sum()), "unmet": float(hit["lost"].sum() - hit["replaced"].sum()),
        "added": float(added["added"].sum()),
        "products": [{"importer": j, "product": label(p), "imports": float(i), "lost": float(l), "replaced": float(rp), "unmet": float(u)}
                     for j, p, i, l, rp, u in zip(products["importer"], products["K"], products["imports"], products["lost"], products["replaced"], products["unmet"])],
        "importers": [{"importer": j, "imports": float(i), "lost": float(l), "replaced": float(rp), "unmet": float(u)}
                      for j, i, l, rp, u in zip(importers["importer"], importers["imports"], importers["lost"], importers["replaced"], importers["unmet"])],
        "flows": [{"product": label(p), "exporter": e, "importer": j, "before": float(b), "lost": float(l), "added": float(a)}
                  for p, e, j, b, l, a in zip(changes["K"], changes["exporter"], changes["importer"], changes["before"], changes["lost"], changes["added"])],
        "stages": stages,
    }


def main(argv):
    runs = 1
    if "--runs" in argv:
        at = argv.index("--runs")
        runs = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    spec_path, dictionary, path = argv
    with open(spec_path, encoding="utf-8") as s:
        spec = json.load(s)
    peak_rss_mb(reset=True)
    start = time.perf_counter()
    flows = read_flows(path, dictionary)
    read = time.perf_counter() - start
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = run(flows, spec)
        seconds.append(time.perf_counter() - start)
    result["timings"] = {"read": read, "runs": seconds}
    result["peak_mb"] = peak_rss_mb()
    result["versions"] = {"python": sys.version.split()[0], "pandas": pd.__version__, "numpy": np.__version__}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
