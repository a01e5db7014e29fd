#!/usr/bin/python3
"""The reference economic complexity and dependencies are checked against: numpy and pandas from Debian
(python3-numpy, python3-pandas), on BACI files read here independently of Lianbo.

    /usr/bin/python3 complexity_reference.py complexity DIGITS CODES.csv FILE.csv
    /usr/bin/python3 complexity_reference.py dependencies DIGITS CODES.csv BLOC FILE.csv [FILE.csv ...]
    /usr/bin/python3 complexity_reference.py --timings ...      (the benchmark: seconds per step, no values)

With --timings the script does the work Lianbo does and times it from the same stored data: "read" is only pandas
reading the file into the store's columns (BACI codes, as Lianbo keeps them); the timed steps then map the codes to
countries, leave out a country's trade with itself, sum and compute, as Lianbo's queries do from its store. PCI then
comes from the country eigenvector as Lianbo has it (one eigendecomposition), and no result is turned into lists.

complexity prints RCA, M, diversity, ubiquity, the three largest eigenvalues, ECI, PCI, proximity, density, COI and
COG. ECI comes from numpy.linalg.eigh of the symmetric country matrix; PCI from eigh of the symmetric product matrix,
on its own, so that the relation Lianbo uses between the two is checked too.
dependencies takes one file per year (the last is the year asked) and BLOC as ISO codes joined by commas, or "-".
"""
import json
import sys
import time

import numpy as np
import pandas as pd

from trade_reference import iso_codes, peak_rss_mb

GAP = 1e-9
timings = {}


def timed(name, f):
    """Runs f, adding its wall and CPU seconds (this process, all its threads) to the step's."""
    start, cpu = time.perf_counter(), time.process_time()
    result = f()
    step = timings.setdefault(name, {"seconds": 0.0, "cpu": 0.0})
    step["seconds"] += time.perf_counter() - start
    step["cpu"] += time.process_time() - cpu
    return result


def read_rows(path):
    """One BACI year's columns as the store types them (year, codes and product as 32-bit integers, value as double)."""
    return pd.read_csv(path, usecols=["t", "i", "j", "k", "v"], dtype={"t": "int32", "i": "int32", "j": "int32", "k": "int32", "v": "float64"})


def country_rows(rows, iso):
    """The year and its rows (exporter, importer, k, v) with ISO codes; a country's trade with itself left out."""
    year = int(rows["t"].iloc[0])
    rows = rows.assign(exporter=rows["i"].map(iso), importer=rows["j"].map(iso))
    return year, rows[rows["exporter"] != rows["importer"]]


def read_flows(path, dictionary):
    """One BACI year as rows (exporter, importer, k, v) with ISO codes; a country's trade with itself left out."""
    return country_rows(read_rows(path), iso_codes(dictionary))


def scale_of(digits):
    return {2: 10000, 4: 100, 6: 1}[digits]


def standardise(x):
    return (x - x.mean()) / x.std()


def complexity(rows, digits, pci_by_eigh=True):
    """Every measure as numpy arrays. PCI from eigh of the symmetric product matrix, on its own, so that the relation
    Lianbo uses is checked too; with pci_by_eigh=False from the country eigenvector, D_u⁻¹ Mᵀ w, as Lianbo does."""
    x = rows.assign(product=rows["k"] // scale_of(digits)).groupby(["exporter", "product"])["v"].sum()
    x = x[x > 0].unstack(fill_value=0.0).sort_index().sort_index(axis=1)
    values = x.to_numpy()
    rca = values / values.sum(axis=1, keepdims=True) / (values.sum(axis=0) / values.sum())
    m = (rca >= 1).astype(float)
    d, u = m.sum(axis=1), m.sum(axis=0)
    result = {"countries": x.index, "products": x.columns, "rca": rca, "m": m, "diversity": d, "ubiquity": u}
    phi = (m.T @ m) / np.maximum.outer(u, u)
    density = (m @ phi) / phi.sum(axis=0)
    result["proximity"], result["density"] = phi, density
    s = (m / np.sqrt(d)[:, None] / u) @ (m.T / np.sqrt(d)[None, :])
    values_s, vectors_s = np.linalg.eigh(s)
    top = values_s[::-1][:3]
    result["eigenvalues"] = top
    if len(top) < 2 or top[0] - top[1] < GAP or (len(top) > 2 and top[1] - top[2] < GAP):
        result.update({"eci": None, "pci": None, "coi": None, "cog": None})
        return result
    w = vectors_s[:, -2] / np.sqrt(d)
    if np.sum((w - w.mean()) * (d - d.mean())) < 0:
        w = -w
    eci = standardise(w)
    if pci_by_eigh:
        t = (m.T / np.sqrt(u)[:, None] / d) @ (m / np.sqrt(u)[None, :])
        values_t, vectors_t = np.linalg.eigh(t)
        q = vectors_t[:, -2] / np.sqrt(u)
        mean_eci = (m.T @ eci) / u
        if np.sum((q - q.mean()) * (mean_eci - mean_eci.mean())) < 0:
            q = -q
    else:
        q = (m.T @ w) / u
    pci = standardise(q)
    coi = ((1 - density) * (1 - m) * pci).sum(axis=1)
    cog = (1 - m) * ((((1 - m) * pci) / phi.sum(axis=0)) @ phi)
    result.update({"eci": eci, "pci": pci, "coi": coi, "cog": cog})
    return result


def as_json(result, digits):
    """complexity's arrays as the JSON the tests read."""
    out = {"countries": list(result["countries"]), "products": [str(p).zfill(digits) for p in result["products"]],
           "m": result["m"].astype(int).tolist(), "diversity": result["diversity"].astype(int).tolist(),
           "ubiquity": result["ubiquity"].astype(int).tolist()}
    for name in ("rca", "proximity", "density", "eigenvalues", "eci", "pci", "coi", "cog"):
        out[name] = None if result[name] is None else result[name].tolist()
    return out


def hhi_top(flows, keys, supplier):
    """Per group of keys: total, HHI of the suppliers' shares, the largest supplier (ties: first code) and its share."""
    total = flows.groupby(keys)["v"].transform("sum")
    share = flows["v"] / total
    out = flows.assign(share2=share * share).groupby(keys).agg(total=("v", "sum"), hhi=("share2", "sum"))
    top = flows.sort_values(keys + ["v", supplier], ascending=[True] * len(keys) + [False, True]).drop_duplicates(keys)
    top = top.set_index(keys)
    out["top"] = top[supplier]
    out["top_share"] = top["v"] / out["total"]
    return out


def year_dependencies(rows, digits):
    flows = rows.assign(product=rows["k"] // scale_of(digits)).groupby(["exporter", "importer", "product"], as_index=False)["v"].sum()
    flows = flows[flows["v"] > 0]
    exports = flows.groupby(["exporter", "product"], as_index=False)["v"].sum()
    exports_share = exports["v"] / exports.groupby("product")["v"].transform("sum")
    world = (exports_share * exports_share).groupby(exports["product"]).sum().rename("world_hhi")
    out = hhi_top(flows, ["importer", "product"], "exporter").reset_index()
    own = exports.rename(columns={"exporter": "importer", "v": "exports"})
    out = out.merge(own, on=["importer", "product"], how="left").merge(world, left_on="product", right_index=True)
    out["exports"] = out["exports"].fillna(0.0)
    # GeoDep: imports over exports is 9999 when the importer exports none.
    ratio = np.where(out["exports"] > 0, out["total"] / out["exports"].where(out["exports"] > 0, 1.0), 9999.0)
    out["ratio"] = np.where(out["exports"] > 0, ratio, np.nan)
    out["met"] = (out["hhi"] > 0.4) & (out["world_hhi"] > 0.4) & (ratio > 1)
    return flows, out


def bloc_dependencies(flows, members):
    to_bloc = flows["importer"].isin(members)
    from_bloc = flows["exporter"].isin(members)
    extra = flows[to_bloc & ~from_bloc].groupby(["product", "exporter"], as_index=False)["v"].sum()
    extra = extra[extra["v"] > 0]
    out = hhi_top(extra, ["product"], "exporter")
    out["all_imports"] = flows[to_bloc].groupby("product")["v"].sum()
    out["exports"] = flows[from_bloc].groupby("product")["v"].sum()
    out["exports"] = out["exports"].fillna(0.0)
    out["extra_share"] = out["total"] / out["all_imports"]
    ratio = np.where(out["exports"] > 0, out["total"] / out["exports"].where(out["exports"] > 0, 1.0), np.inf)
    out["ratio"] = np.where(out["exports"] > 0, ratio, np.nan)
    out["dependent"] = (out["hhi"] > 0.4) & (out["extra_share"] > 0.5) & (ratio > 1)
    return out.reset_index()


def dependencies(digits, dictionary, bloc, files):
    iso = iso_codes(dictionary)
    stored = [timed("read", lambda f=f: read_rows(f)) for f in files]
    # Mapping the stored codes to countries is part of the work, as in Lianbo's queries.
    years = [timed("dependencies", lambda r=r: country_rows(r, iso)) for r in stored]
    years.sort(key=lambda y: y[0])
    year, rows = years[-1]
    window = [y for y in years if year - 2 <= y[0] <= year]
    flows, current = timed("dependencies", lambda: year_dependencies(rows, digits))
    current = current.set_index(["importer", "product"])
    met = current["met"].astype(int)
    for _, earlier in window[:-1]:
        _, other = timed("dependencies", lambda e=earlier: year_dependencies(e, digits))
        other = other.set_index(["importer", "product"])["met"]
        met = met.add(other.reindex(met.index, fill_value=False).astype(int))
    current["years_met"] = met
    current["geodep"] = met >= 2
    result = {"years": [y[0] for y in window], "rows": [], "bloc": []}
    if not timings_only:
        out = current.reset_index()
        result["rows"] = [{"importer": r[0], "product": str(r[1]).zfill(digits), "imports": r[2], "hhi": r[3], "top": r[4], "top_share": r[5],
                           "exports": r[6], "ratio": None if np.isnan(r[7]) else r[7], "world_hhi": r[8], "met": bool(r[9]),
                           "years_met": int(r[10]), "geodep": bool(r[11])}
                          for r in zip(out["importer"], out["product"], out["total"], out["hhi"], out["top"], out["top_share"], out["exports"],
                                       out["ratio"], out["world_hhi"], out["met"], out["years_met"], out["geodep"])]
    if bloc != "-":
        out = timed("bloc", lambda: bloc_dependencies(flows, bloc.split(",")))
        if not timings_only:
            result["bloc"] = [{"product": str(r.product).zfill(digits), "extra": r.total, "total": r.all_imports, "hhi": r.hhi,
                               "top": r.top, "top_share": r.top_share, "extra_share": r.extra_share, "exports": r.exports,
                               "ratio": None if np.isnan(r.ratio) else r.ratio, "dependent": bool(r.dependent)}
                              for r in out.itertuples(index=False)]
    return result


def main(args):
    global timings_only
    timings_only = args[:1] == ["--timings"]
    if timings_only:
        args = args[1:]
    if args[0] == "complexity":
        iso, digits = iso_codes(args[2]), int(args[1])
        stored = timed("read", lambda: read_rows(args[3]))
        result = timed("complexity", lambda: complexity(country_rows(stored, iso)[1], digits, pci_by_eigh=not timings_only))
        if not timings_only:
            result = as_json(result, digits)
    else:
        result = dependencies(int(args[1]), args[2], args[3], args[4:])
    if timings_only:
        result = {"timings": timings, "peak_mb": peak_rss_mb(), "versions": versions()}
    json.dump(result, sys.stdout)


def versions():
    """Python, pandas and numpy versions and the BLAS library numpy loaded, for the benchmark's table."""
    import re

    np.ones((256, 256)) @ np.ones((256, 256))  # loads the BLAS numpy is linked to, so /proc/self/maps names it
    with open("/proc/self/maps") as f:
        blas = sorted({p.rsplit("/", 1)[-1] for p in re.findall(r"/\S*blas\S*", f.read())})
    return {"python": sys.version.split()[0], "pandas": pd.__version__, "numpy": np.__version__, "blas": blas}


timings_only = False

if __name__ == "__main__":
    main(sys.argv[1:])
