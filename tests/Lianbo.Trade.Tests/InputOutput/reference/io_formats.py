#!/usr/bin/env python3
"""Independent reading of the downloaded input-output table layouts (src/Lianbo.Trade/InputOutput/Wiod2016Reader.cs and
IcioReader.cs), with Python's csv module, pandas and numpy, from the layouts as docs/io-formats.md describes them:

  /usr/bin/python3 io_formats.py wiod2016 FILE.csv      # the WIOT sheet saved as CSV
  /usr/bin/python3 io_formats.py icio FILE.csv SECTORS  # an OECD ICIO CSV; SECTORS = sectors-icio.csv (2021 codes)

Prints JSON: countries (first seen in the columns, ROW last), sectors, z (N x N, row-major), fd (N x countries: final
use summed over categories by destination), x (the GO / OUTPUT row) and the identity violations
|Z 1 + f - x| > max(0.005 |x|, 0.5 (k + 1)), k the row's non-zero cells in Z and fd, as [country, sector, difference].
"""
import csv
import json
import sys

import numpy as np
import pandas as pd

WIOD_FINAL = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
ICIO_FINAL = {"HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR", "NONRES"}
SPLITS = {"CN1": "CHN", "CN2": "CHN", "MX1": "MEX", "MX2": "MEX"}


def order(countries):
    seen = list(dict.fromkeys(countries))
    return [c for c in seen if c != "ROW"] + [c for c in seen if c == "ROW"]


def number(text):
    return float(text) if text.strip() else 0.0


def result(countries, sectors, z, fd, x):
    s, n = len(sectors), len(x)
    rows = z.sum(axis=1) + fd.sum(axis=1)
    cells = 1 + (z != 0).sum(axis=1) + (fd != 0).sum(axis=1)
    tol = np.maximum(0.005 * np.abs(x), 0.5 * cells)
    diff = rows - x
    violations = [[countries[i // s], sectors[i % s], float(diff[i])] for i in range(n) if abs(diff[i]) > tol[i]]
    return {"countries": countries, "sectors": sectors, "z": z.ravel().tolist(), "fd": fd.ravel().tolist(),
            "x": x.tolist(), "violations": violations}


def wiod2016(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        sheet = list(csv.reader(f))
    codes, countries_row = sheet[2], sheet[4]
    end = countries_row.index("TOT")
    cols = list(range(4, end))
    flow = [k for k in cols if codes[k] not in WIOD_FINAL]
    final = [k for k in cols if codes[k] in WIOD_FINAL]
    countries = order(countries_row[k] for k in flow)
    sectors = list(dict.fromkeys(codes[k] for k in flow))
    s, m = len(sectors), len(countries)
    n = m * s
    at = {(c, sec): countries.index(c) * s + sectors.index(sec) for c in countries for sec in sectors}
    z, fd, x = np.zeros((n, n)), np.zeros((n, m)), np.zeros(n)
    for row in sheet[6:]:
        if not any(cell.strip() for cell in row):
            continue
        if row[2] == "TOT":
            if row[0] == "GO":
                for k in flow:
                    x[at[(countries_row[k], codes[k])]] = number(row[k])
            continue
        i = at[(row[2], row[0])]
        for k in flow:
            z[i, at[(countries_row[k], codes[k])]] += number(row[k])
        for k in final:
            fd[i, countries.index(countries_row[k])] += number(row[k])
    return result(countries, sectors, z, fd, x)


def icio(path, sectors_csv):
    names = pd.read_csv(sectors_csv, dtype=str)
    code = {c: c for c in names.code}
    code.update({"D" + isic.replace("-", "T"): c for c, isic in zip(names.code, names.isic_rev4)})
    df = pd.read_csv(path, index_col=0, dtype=str, keep_default_na=False)
    df = df.apply(lambda col: col.map(number))

    def key(label):
        country, industry = label.split("_", 1)
        return SPLITS.get(country, country), industry

    total = [c for c in df.columns if c in ("TOTAL", "OUTPUT", "OUT")]
    final = [c for c in df.columns if c not in total and key(c)[1] in ICIO_FINAL]
    flow = [c for c in df.columns if c not in total and c not in final]
    countries = order(key(c)[0] for c in flow)
    sectors = list(dict.fromkeys(code[key(c)[1]] for c in flow))
    s, m = len(sectors), len(countries)

    def pos(label):
        country, industry = key(label)
        return countries.index(country) * s + sectors.index(code[industry])

    n = m * s
    rows = [r for r in df.index if r not in ("TLS", "VA", "OUTPUT", "OUT")]
    ri = np.array([pos(r) for r in rows])
    ci = np.array([pos(c) for c in flow])
    di = np.array([countries.index(key(c)[0]) for c in final])
    z, fd, x = np.zeros((n, n)), np.zeros((n, m)), np.zeros(n)
    # Split economies (CN1, CN2 and an empty CHN) land on the same row or column and are added.
    np.add.at(z, (ri[:, None], ci[None, :]), df.loc[rows, flow].to_numpy())
    np.add.at(fd, (ri[:, None], di[None, :]), df.loc[rows, final].to_numpy())
    output = [r for r in df.index if r in ("OUTPUT", "OUT")][0]
    np.add.at(x, ci, df.loc[output, flow].to_numpy())
    return result(countries, sectors, z, fd, x)

if __name__ == "__main__":
    if sys.argv[1] == "wiod2016":
        print(json.dumps(wiod2016(sys.argv[2])))
    else:
        print(json.dumps(icio(sys.argv[2], sys.argv[3])))
