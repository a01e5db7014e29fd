#!/usr/bin/env bash
# Restores what deploy/backup.sh wrote: the dump into an empty PostgreSQL database, and the state directory's files.
# Usage: deploy/restore.sh --from DIR --state DIR --dbname CONNINFO
#   --from    the backup's folder (lianbo.dump, state.tar, SHA256SUMS); its checksums are checked first
#   --state   the state directory of the node that writes the trade store; it must not hold these files yet
#   --dbname  the database as libpq names it ("host=db dbname=lianbo user=lianbo"); it must exist and be empty
#             (createdb -O lianbo lianbo)
# Stop every web node first, and start them after (the first node alone, then the others).
set -euo pipefail
from="" state="" dbname=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from=$2; shift 2 ;;
    --state) state=$2; shift 2 ;;
    --dbname) dbname=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | cut -c3-; exit 0 ;;
    *) echo "restore.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$from" ] && [ -n "$state" ] && [ -n "$dbname" ] || { echo "restore.sh: --from, --state and --dbname are required (see --help)" >&2; exit 2; }
(cd "$from" && sha256sum --check --quiet SHA256SUMS) || { echo "restore.sh: $from does not match its checksums" >&2; exit 1; }

tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$dbname" \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
[ "$tables" = 0 ] || { echo "restore.sh: the database is not empty ($tables tables); restore into a new one" >&2; exit 1; }
for entry in $(tar --list --file="$from/state.tar" | cut -d/ -f1 | sort -u); do
  [ ! -e "$state/$entry" ] || { echo "restore.sh: $state/$entry exists; restore into an empty state directory" >&2; exit 1; }
done

# All or nothing: a failed restore leaves the database empty.
pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname="$dbname" "$from/lianbo.dump"
mkdir -p "$state"
chmod 700 "$state"
tar --extract --file="$from/state.tar" --directory="$state"
echo "restore.sh: the database and $state are restored; start the first node, then the others"
