#!/usr/bin/env python3
"""Independent reference for the input-output core (src/Lianbo.Trade/InputOutput), written from the papers' equations:
Miller & Blair (2009) Input-Output Analysis ch. 2, 6, 12; Ghosh (1958); Dietzenbacher & Lahr (2013) complete
extraction; Haimes & Jiang (2001) / Santos & Haimes (2004) inoperability input-output model.

Reads the shipped WIOD 2013 long CSVs itself (pandas), builds the 1435 x 1435 table, and writes every measure as raw
little-endian float64 files NAME.bin into OUT_DIR, with OUT_DIR/manifest.json (shapes, scenario, identity violations,
timings). Inverses and solves are LAPACK's (numpy.linalg / scipy.linalg), not the C# path (which uses MathNet's LU and
a principal-submatrix formula for the extraction):

  /usr/bin/python3 io_core.py measures DATA_DIR YEAR OUT_DIR COUNTRY SECTOR SHARE DAYS
  /usr/bin/python3 io_core.py tiny OUT_DIR                 # the 2x2 hand-checkable table
  /usr/bin/python3 io_core.py time DATA_DIR YEAR RUNS      # the bench: L + multipliers, one cascade (medians, JSON)
  /usr/bin/python3 io_core.py time-generated N RUNS        # the bench: the same work on a generated N x N table

Scenario (same as the C# tests): final demand of COUNTRY SECTOR falls by 10% (demand-driven), its value added falls by
10% (supply-driven), it is extracted (hypothetical extraction), and SHARE of it is disabled for DAYS days (IIM).
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import scipy.linalg

ISO = {"ROM": "ROU", "RoW": "ROW"}


def read(data_dir, year):
    idx = pd.read_csv(os.path.join(data_dir, "row-index.csv.gz"))
    countries = list(dict.fromkeys(ISO.get(c, c) for c in idx.country))
    sectors = list(dict.fromkeys(idx.sector))
    n, m = len(idx), len(countries)
    pos = {(ISO.get(c, c), s): k for k, (c, s) in enumerate(zip(idx.country, idx.sector))}
    cpos = {c: k for k, c in enumerate(countries)}

    inter = pd.read_csv(os.path.join(data_dir, f"intermediate-{year}.csv.gz"))
    z = np.zeros((n, n))
    r = np.array([pos[(ISO.get(c, c), s)] for c, s in zip(inter.from_country, inter.from_sector)])
    c = np.array([pos[(ISO.get(c, c), s)] for c, s in zip(inter.to_country, inter.to_sector)])
    np.add.at(z, (r, c), inter.value_musd.to_numpy(float))

    fdl = pd.read_csv(os.path.join(data_dir, f"final-demand-{year}.csv.gz"))
    fd = np.zeros((n, m))
    r = np.array([pos[(ISO.get(c, c), s)] for c, s in zip(fdl.from_country, fdl.from_sector)])
    d = np.array([cpos[ISO.get(c, c)] for c in fdl.to_country])
    np.add.at(fd, (r, d), fdl.value_musd.to_numpy(float))

    go = pd.read_csv(os.path.join(data_dir, "gross-output-1995-2011.csv.gz"))
    go = go[go.year == year]
    x = np.zeros(n)
    x[[pos[(ISO.get(c, c), s)] for c, s in zip(go.country, go.sector)]] = go.gross_output_musd.to_numpy(float)
    return countries, sectors, z, fd, x


def safe_inv(x):
    return np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)


def measures(z, fd, x):
    n = len(x)
    I = np.eye(n)
    xinv = safe_inv(x)
    f = fd.sum(axis=1)
    va = x - z.sum(axis=0)                       # value added: gross output minus intermediate inputs
    A = z * xinv[None, :]                        # a_ij = z_ij / x_j   (M&B 2.4)
    L = np.linalg.inv(I - A)                     # (M&B 2.11)
    B = z * xinv[:, None]                        # b_ij = z_ij / x_i   (M&B 12.1)
    G = np.linalg.inv(I - B)                     # (M&B 12.6)
    v = va * xinv
    return dict(f=f, va=va, A=A, L=L, B=B, G=G, v=v,
                output_multipliers=L.sum(axis=0),   # i'L (M&B 6.4)
                va_multipliers=v @ L)               # v'L


def cascades(z, fd, x, mm, j, share, days):
    n = len(x)
    I = np.eye(n)
    f, A = mm["f"], mm["A"]
    df = np.zeros(n); df[j] = -0.1 * f[j]
    dv = np.zeros(n); dv[j] = -0.1 * mm["va"][j]
    demand = scipy.linalg.solve(I - A, df)                 # (I - A) dx = df
    supply = scipy.linalg.solve((I - mm["B"]).T, dv)       # dx' (I - B) = dv'
    # Complete extraction: zero row and column j of A, keep f; compare the two solutions.
    Abar = A.copy(); Abar[j, :] = 0; Abar[:, j] = 0
    xhat = scipy.linalg.solve(I - A, f)
    xbar = scipy.linalg.solve(I - Abar, f)
    # IIM, Santos & Haimes (2004): A* = diag(x)^-1 A diag(x) (x = 0 rows and columns zero), q = (I - A*)^-1 c*.
    xinv = safe_inv(x)
    Astar = xinv[:, None] * A * x[None, :]
    c = np.zeros(n); c[j] = share
    q = scipy.linalg.solve(I - Astar, c)
    return dict(demand=demand, supply=supply, extraction_baseline=xhat, extraction_loss=xhat - xbar,
                iim_q=q, iim_output_loss=x * q), dict(extraction_total=float((xhat - xbar).sum()),
                                                      iim_period_loss=float((x * q).sum() * days / 365.0))


def violations(countries, sectors, z, fd, x, relative=0.005, per_cell=0.5):
    d = z.sum(axis=1) + fd.sum(axis=1) - x
    cells = (z != 0).sum(axis=1) + (fd != 0).sum(axis=1) + 1
    tol = np.maximum(relative * np.abs(x), per_cell * cells)
    s = len(sectors)
    return [[countries[k // s], sectors[k % s], float(d[k])] for k in np.nonzero(np.abs(d) > tol)[0]]


def write(out, arrays, manifest):
    os.makedirs(out, exist_ok=True)
    for name, a in arrays.items():
        np.ascontiguousarray(a, dtype="<f8").tofile(os.path.join(out, name + ".bin"))
    manifest["arrays"] = {k: list(np.shape(v)) for k, v in arrays.items()}
    with open(os.path.join(out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh)


def main():
    what = sys.argv[1]
    if what == "measures":
        data_dir, year, out, country, sector, share, days = sys.argv[2:9]
        countries, sectors, z, fd, x = read(data_dir, int(year))
        j = countries.index(country) * len(sectors) + sectors.index(sector)
        mm = measures(z, fd, x)
        cas, scalars = cascades(z, fd, x, mm, j, float(share), int(days))
        arrays = dict(z=z, fd=fd, x=x, va=mm["va"], A=mm["A"], L=mm["L"], B=mm["B"], G=mm["G"],
                      output_multipliers=mm["output_multipliers"], va_multipliers=mm["va_multipliers"], **cas)
        write(out, arrays, dict(row=int(j), countries=countries, sectors=sectors, **scalars,
                                violations=violations(countries, sectors, z, fd, x)))
    elif what == "tiny":
        # Miller & Blair (2009) section 2.3's two-sector example: Z = [[150, 500], [200, 100]], f = [350, 1700],
        # x = [1000, 2000]. Hand results: A = [[.15, .25], [.2, .05]], L = 1/0.7575 [[.95, .25], [.2, .85]].
        z = np.array([[150.0, 500.0], [200.0, 100.0]]); x = np.array([1000.0, 2000.0]); fd = np.array([[350.0], [1700.0]])
        mm = measures(z, fd, x)
        cas, scalars = cascades(z, fd, x, mm, 0, 0.5, 365)
        write(sys.argv[2], dict(A=mm["A"], L=mm["L"], B=mm["B"], G=mm["G"], output_multipliers=mm["output_multipliers"],
                                va_multipliers=mm["va_multipliers"], **cas), dict(row=0, **scalars))
    elif what in ("time", "time-generated"):
        if what == "time":
            data_dir, year, runs = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
            countries, sectors, z, fd, x = read(data_dir, year)
        else:
            # Not real data: 35 sectors per country, random flows summing to about half of each column's output.
            n, runs = int(sys.argv[2]), int(sys.argv[3])
            rng = np.random.default_rng(1)
            countries = [f"G{k:03d}" for k in range(n // 35 - 1)] + ["CHN"]
            sectors = [f"c{k}" for k in range(1, 36)]
            x = rng.uniform(1e3, 1e5, n)
            z = rng.uniform(0, 1, (n, n)); z *= 0.5 * x[None, :] / z.sum(axis=0)[None, :]
        n = len(x)
        inverse, cascade = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            A = z * safe_inv(x)[None, :]
            L = np.linalg.inv(np.eye(n) - A)
            om, vm = L.sum(axis=0), ((x - z.sum(axis=0)) * safe_inv(x)) @ L
            inverse.append(time.perf_counter() - t0)
            df = np.zeros(n); df[countries.index("CHN") * len(sectors) + sectors.index("c14")] = -1000.0
            t0 = time.perf_counter()
            L @ df
            cascade.append(time.perf_counter() - t0)
        import resource
        np_config = np.__version__
        print(json.dumps(dict(leontief=float(np.median(inverse)), cascade=float(np.median(cascade)),
                              peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                              versions=f"numpy {np_config}, scipy {scipy.__version__}")))


if __name__ == "__main__":
    main()
