#!/usr/bin/python3
"""The reference the trade engine's network metrics are checked against: networkx and igraph from Debian
(python3-networkx, python3-igraph, python3-pandas), on a network read here independently of Lianbo.

    /usr/bin/python3 trade_reference.py pajek FILE.net
    /usr/bin/python3 trade_reference.py baci FILE.csv COUNTRY_CODES.csv
    /usr/bin/python3 trade_reference.py --timings baci ...      (the benchmark: seconds per step, no values)

Prints one JSON object: the network's totals, then per measure and per library {country: value}.
Iterative measures run to a tolerance near machine precision instead of networkx's defaults (1e-6, 1e-8),
so that the comparison measures the definitions, not where each program stopped iterating.
"""
import json
import sys
import time

import networkx as nx
import pandas as pd

# BACI codes that are not the dictionary's ISO code (the same rules as Lianbo's BaciCountryCodes, restated here).
BACI_QUIRKS = {251: "FRA", 699: "IND", 842: "USA", 380: "ITA", 490: "S19", 697: "R20", 849: "PUS"}

timings = {}


def peak_rss_mb(reset=False):
    """Peak resident memory of this process in MiB since the last reset (Linux: VmHWM, reset through clear_refs)."""
    try:
        if reset:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024
    except OSError:
        return None


def timed(name, f):
    """Runs f, recording its wall and CPU seconds (this process, all its threads) and its peak resident memory."""
    peak_rss_mb(reset=True)
    start, cpu = time.perf_counter(), time.process_time()
    result = f()
    timings[name] = {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "peak_mb": peak_rss_mb()}
    return result


def read_pajek(path):
    names, arcs, section = {}, {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("%"):
                continue
            if line.startswith("*"):
                section = line.split()[0].lower()
                continue
            if section == "*vertices":
                number, label = line.split(None, 1)
                names[int(number)] = label.strip().strip('"')
            else:
                parts = line.split()
                key = (names[int(parts[0])], names[int(parts[1])])
                arcs[key] = arcs.get(key, 0.0) + float(parts[2])
    return pd.DataFrame([(e, i, v) for (e, i), v in arcs.items()], columns=["exporter", "importer", "value"])


def iso_codes(dictionary):
    """BACI's country codes as ISO alpha-3 (the mapping Lianbo stores beside a year), quirks included."""
    codes = pd.read_csv(dictionary, dtype=str, keep_default_na=False, encoding="utf-8")
    iso = {}
    for code, alpha in zip(codes["country_code"].astype(int), codes["iso_3digit_alpha"]):
        iso[code] = alpha if len(alpha) == 3 and alpha.isalpha() and alpha.isupper() else "X%03d" % code
    iso.update(BACI_QUIRKS)
    return iso


def read_baci(path, dictionary):
    iso = iso_codes(dictionary)
    # Reading the CSV is timed apart ("read"): Lianbo's network step starts from rows already stored.
    flows = timed("read", lambda: pd.read_csv(path, usecols=["i", "j", "v"], dtype={"i": "int32", "j": "int32", "v": "float64"}))
    return timed("network", lambda: network(flows, iso))


def network(flows, iso):
    """The country network from the rows: summed by exporter and importer code, then by ISO country."""
    by_code = flows.groupby(["i", "j"], as_index=False)["v"].sum()
    by_code["exporter"] = by_code["i"].map(iso)
    by_code["importer"] = by_code["j"].map(iso)
    arcs = by_code.groupby(["exporter", "importer"], as_index=False)["v"].sum().rename(columns={"v": "value"})
    return arcs, {"rows": int(len(flows)), "total": float(flows["v"].sum())}


def networkx_metrics(arcs):
    g = nx.DiGraph()
    for e, i, v in arcs.itertuples(index=False):
        if v > 0 and e != i:
            g.add_edge(e, i, weight=v, distance=1.0 / v)
    m = {}
    m["exports"] = timed("nx.strength", lambda: dict(g.out_degree(weight="weight")))
    m["imports"] = dict(g.in_degree(weight="weight"))
    m["partners_out"] = dict(g.out_degree())
    m["partners_in"] = dict(g.in_degree())
    m["pagerank"] = timed("nx.pagerank", lambda: nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-15, max_iter=100000))
    m["eigenvector_in"], m["eigenvector_out"] = timed("nx.eigenvector", lambda: (
        nx.eigenvector_centrality(g, weight="weight", tol=1e-15, max_iter=100000),
        nx.eigenvector_centrality(g.reverse(copy=False), weight="weight", tol=1e-15, max_iter=100000)))
    # networkx 2.8 computes HITS as the leading singular vectors of A (ARPACK svds); tol=0 is machine precision.
    hubs, authorities = timed("nx.hits", lambda: nx.hits(g, max_iter=100000, tol=0))
    m["hub"], m["authority"] = hubs, authorities
    m["betweenness"] = timed("nx.betweenness", lambda: nx.betweenness_centrality(g, weight="distance", normalized=True))
    m["clustering"] = timed("nx.clustering", lambda: nx.clustering(g, weight="weight"))
    return m


def igraph_metrics(arcs):
    import igraph as ig

    arcs = arcs[(arcs["value"] > 0) & (arcs["exporter"] != arcs["importer"])]
    names = sorted(set(arcs["exporter"]) | set(arcs["importer"]))
    index = {c: k for k, c in enumerate(names)}
    edges = list(zip(arcs["exporter"].map(index), arcs["importer"].map(index)))
    weights = arcs["value"].tolist()
    g = ig.Graph(n=len(names), edges=edges, directed=True)
    r = ig.Graph(n=len(names), edges=[(b, a) for a, b in edges], directed=True)
    n = len(names)

    def by_name(values):
        return dict(zip(names, values))

    def to_sum(values):
        s = sum(values)
        return [x / s for x in values]

    def to_norm(values):
        s = sum(x * x for x in values) ** 0.5
        return [x / s for x in values]

    m = {}
    m["exports"] = by_name(g.strength(mode="out", weights=weights))
    m["imports"] = by_name(g.strength(mode="in", weights=weights))
    m["partners_out"] = by_name(g.outdegree())
    m["partners_in"] = by_name(g.indegree())
    m["pagerank"] = by_name(timed("ig.pagerank", lambda: g.pagerank(damping=0.85, weights=weights, directed=True)))
    eigen_in, eigen_out = timed("ig.eigenvector", lambda: (
        g.eigenvector_centrality(directed=True, weights=weights, scale=True), r.eigenvector_centrality(directed=True, weights=weights, scale=True)))
    m["eigenvector_in"], m["eigenvector_out"] = by_name(to_norm(eigen_in)), by_name(to_norm(eigen_out))
    hubs, authorities = timed("ig.hits", lambda: (g.hub_score(weights=weights, scale=True), g.authority_score(weights=weights, scale=True)))
    m["hub"], m["authority"] = by_name(to_sum(hubs)), by_name(to_sum(authorities))
    distances = [1.0 / w for w in weights]
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    m["betweenness"] = by_name([b * scale for b in timed("ig.betweenness", lambda: g.betweenness(directed=True, weights=distances))])
    return m


def main(args):
    only_timings = args[:1] == ["--timings"]
    if only_timings:
        args = args[1:]
    if args[0] == "pajek":
        arcs, totals = timed("read", lambda: read_pajek(args[1])), {}
    else:
        arcs, totals = read_baci(args[1], args[2])
    totals.update({"countries": len(set(arcs["exporter"]) | set(arcs["importer"])), "arcs": int((arcs["value"] > 0).sum())})
    result = {"totals": totals, "networkx": networkx_metrics(arcs), "igraph": igraph_metrics(arcs)}
    if only_timings:
        import re

        import igraph
        import numpy

        numpy.ones((256, 256)) @ numpy.ones((256, 256))  # loads the BLAS numpy is linked to, so /proc/self/maps names it
        with open("/proc/self/maps") as f:
            blas = sorted({p.rsplit("/", 1)[-1] for p in re.findall(r"/\S*blas\S*", f.read())})
        result = {"timings": timings, "versions": {"python": sys.version.split()[0], "networkx": nx.__version__, "igraph": igraph.__version__,
                                                   "pandas": pd.__version__, "numpy": numpy.__version__, "blas": blas}}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
