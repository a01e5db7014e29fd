#!/usr/bin/env bash
# The annual report's pages in the README and docs/reports.md: the report for the 2nd edition (2024) in both languages,
# built by `lianbo report build` on a fresh install's data — the demo editions, the shipped open data (both indices), the
# WIOD 2011 table, and the real BACI HS92 2021 sample this repository ships (exporters South Africa and Afghanistan
# only: the chains' trade tables show what product trade looks like, not the world) — pages rendered by pdftoppm.
# Needs chromium, fonts-noto-cjk and poppler-utils (./test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
state=$(mktemp -d /tmp/lianbo-report-pages.XXXXXX)
trap 'rm -rf "$state"' EXIT
export Lianbo__DataDirectory="$state"
./lianbo demo load >/dev/null
./lianbo data load open >/dev/null
./lianbo io import --year 2011 >/dev/null
./lianbo trade import baci data/trade/baci-hs92-2021-zaf-afg.csv --year 2021 >/dev/null
for lang in zh en; do
  pdf="$state/report-$lang.pdf"
  ./lianbo report build --year 2024 --edition 2 --lang "$lang" --format pdf --out "$pdf" 2>/dev/null
  # Page 1 of the pictures: the key findings (the page after the contents); page 2: the smart-vehicle chain's first page.
  findings=3
  chain=$(pdftotext -enc UTF-8 "$pdf" - | awk -v RS='\f' '/(3\.2 智能汽车链|3\.2 Smart Vehicles Chain)/ { n = NR } END { print n }')
  pdftoppm -r 60 -png -singlefile -f "$findings" -l "$findings" "$pdf" "docs/screenshots/report-$lang-1"
  pdftoppm -r 60 -png -singlefile -f "${chain:-12}" -l "${chain:-12}" "$pdf" "docs/screenshots/report-$lang-2"
done
echo "docs/screenshots/report-{zh,en}-{1,2}.png written"
