#!/usr/bin/python3
"""Converts UNSD's HS conversion and correlation workbooks to the CSV files beside this script.

Run once per new UNSD release, from the repository root:
    /usr/bin/python3 data/reference/hs-correlations/convert-unsd.py DIR
where DIR holds the three workbooks as UNSD publishes them (see PROVENANCE.md). Only the Python standard
library is used. Each workbook has two sheets: the one-to-one conversion and the many-to-many correlation;
their title rows are skipped and every row with two six-digit codes is written unchanged (codes as text, so
that leading zeros stay; the correlation keeps UNSD's relationship column: 1:1, 1:n, n:1, n:n). Nothing is
added, dropped or corrected, so the CSV files can be checked against the workbooks at any time.
"""
import csv
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

# workbook -> (from revision, to revision); the CSV names follow the revisions.
WORKBOOKS = {
    "HS2022toHS1992ConversionAndCorrelationTables.xlsx": ("hs2022", "hs1992"),
    "HS2017toHS1992ConversionAndCorrelationTables.xlsx": ("hs2017", "hs1992"),
    "HS2022toHS2017ConversionAndCorrelationTables.xlsx": ("hs2022", "hs2017"),
}
CODE = re.compile(r"^[0-9]{6}$")


def column(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def sheets(path):
    """Every worksheet of the workbook as (name, rows of cell text)."""
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(MAIN + "si"):
                shared.append("".join(t.text or "" for t in si.iter(MAIN + "t")))
        targets = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
        for sheet in ET.fromstring(z.read("xl/workbook.xml")).iter(MAIN + "sheet"):
            target = targets[sheet.get(REL + "id")].lstrip("/")
            target = target if target.startswith("xl/") else "xl/" + target
            rows = []
            for row in ET.fromstring(z.read(target)).iter(MAIN + "row"):
                cells = {}
                for c in row.iter(MAIN + "c"):
                    v = c.find(MAIN + "v")
                    if c.get("t") == "s":
                        text = shared[int(v.text)]
                    elif c.get("t") == "inlineStr":
                        text = "".join(t.text or "" for t in c.iter(MAIN + "t"))
                    else:
                        text = v.text if v is not None else ""
                    cells[column(c.get("r"))] = (text or "").strip()
                rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
            yield sheet.get("name"), rows


def main(source):
    out = Path(__file__).parent
    for name, (src, dst) in WORKBOOKS.items():
        for sheet, rows in sheets(Path(source) / name):
            kind = "conversion" if "conversion" in sheet.lower() else "correlation"
            data = [r for r in rows if len(r) >= 2 and CODE.match(r[0]) and CODE.match(r[1])]
            with open(out / f"{src}-{dst}-{kind}.csv", "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow([src, dst] + (["relationship"] if kind == "correlation" else []))
                for r in data:
                    w.writerow(r[:2] + ([r[2]] if kind == "correlation" else []))
            skipped = [r for r in rows if r and r not in data]
            print(f"{name} [{sheet}] -> {src}-{dst}-{kind}.csv: {len(data)} rows; title rows skipped: {skipped}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
