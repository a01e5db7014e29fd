#!/usr/bin/env bash
# Backs up a Lianbo site on PostgreSQL: the platform store with pg_dump (custom format, consistent while the nodes
# run), and the files of the state directory that no database holds (the trade store, its Parquet exports, uploaded
# logos, a key ring kept in files), with their checksums.
# Usage: deploy/backup.sh --state DIR --out DIR [--dbname CONNINFO]
#   --state   the state directory of the node that writes the trade store (Lianbo:Trade:Role=writer)
#   --out     a new or empty folder for lianbo.dump, state.tar and SHA256SUMS
#   --dbname  the database as libpq names it ("host=db dbname=lianbo user=lianbo", or a postgresql:// URI);
#             by default PGHOST, PGPORT, PGUSER, PGDATABASE and ~/.pgpass say
# Run it where the state directory is, while no trade import or index build runs (they write trade.duckdb).
set -euo pipefail
state="" out="" dbname=""
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --dbname) dbname=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | cut -c3-; exit 0 ;;
    *) echo "backup.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$state" ] && [ -n "$out" ] || { echo "backup.sh: --state and --out are required (see --help)" >&2; exit 2; }
[ -d "$state" ] || { echo "backup.sh: $state is not a folder" >&2; exit 2; }
mkdir -p "$out"
[ -z "$(ls -A "$out")" ] || { echo "backup.sh: $out is not empty; a backup never overwrites another" >&2; exit 2; }

# The dump first: it is one snapshot of the database however long it takes.
pg_dump --format=custom --no-owner --no-privileges --file="$out/lianbo.dump" ${dbname:+--dbname="$dbname"}

# What is in the state directory beside the database (whichever of these exist).
entries=()
for entry in trade.duckdb trade.duckdb.wal parquet logos keys; do
  [ -e "$state/$entry" ] && entries+=("$entry")
done
if [ ${#entries[@]} -gt 0 ]; then
  tar --create --file="$out/state.tar" --directory="$state" "${entries[@]}"
else
  tar --create --file="$out/state.tar" --files-from=/dev/null   # a node that holds none of them
fi

(cd "$out" && sha256sum lianbo.dump state.tar > SHA256SUMS)
echo "backup.sh: $out holds lianbo.dump ($(du -h "$out/lianbo.dump" | cut -f1)) and state.tar (${entries[*]:-nothing})"
