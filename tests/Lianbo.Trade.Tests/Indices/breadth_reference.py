# DHL Global Connectedness Index breadth computed the plain way, on a dense matrix with numpy, for the tests.
# usage: breadth_reference.py ARCS.csv   (header, then exporter,importer,value); prints JSON {country: {exports, imports}}
import json
import sys

import numpy as np

rows = [line.rstrip("\n").split(",") for line in open(sys.argv[1], encoding="utf-8")][1:]
countries = sorted({r[0] for r in rows} | {r[1] for r in rows})
index = {c: i for i, c in enumerate(countries)}
n = len(countries)
flows = np.zeros((n, n))
for exporter, importer, value in rows:
    flows[index[exporter], index[importer]] += float(value)
np.fill_diagonal(flows, 0)
exports, imports = flows.sum(axis=1), flows.sum(axis=0)
result = {}
for i, country in enumerate(countries):
    others = np.arange(n) != i
    entry = {}
    if exports[i] > 0:
        entry["exports"] = 1 - 0.5 * np.abs(flows[i, others] / exports[i] - imports[others] / imports[others].sum()).sum()
    if imports[i] > 0:
        entry["imports"] = 1 - 0.5 * np.abs(flows[others, i] / imports[i] - exports[others] / exports[others].sum()).sum()
    result[country] = entry
print(json.dumps(result))
