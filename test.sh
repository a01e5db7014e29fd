#!/usr/bin/env bash
# The README's test command. Installs what the tests need (Debian's postgresql, chromium, fonts-noto-cjk, poppler-utils
# and the Python reference for the trade metrics) when missing,
# starts a throw-away PostgreSQL cluster on a private port, runs every test project against SQLite,
# PostgreSQL and a real browser, stops the cluster (also on failure) and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

# Nothing secret or stateful may be committed: checked first, in a second, before anything is installed.
tests/check-tree.sh

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Chinese text in the browser tests, the screenshots and the annual report's PDF needs a CJK font (Debian's chromium
# brings none): the report names Noto Sans CJK SC. The report tests read the PDF back with poppler's pdftotext and pdftoppm.
# (grep reads the whole list: with -q it would stop early, fc-list would die of SIGPIPE and pipefail fail the check.)
fc-list 2>/dev/null | grep "Noto Sans CJK SC" >/dev/null || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# The cluster test puts Debian's nginx in front of three web nodes, as deploy/ does.
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# The trade metrics are checked against networkx and igraph run by Debian's own Python (not the python3 first on PATH).
/usr/bin/python3 -c 'import networkx, igraph, pandas, scipy' >/dev/null 2>&1 || missing+=(python3 python3-networkx python3-igraph python3-pandas python3-scipy python3-numpy)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian…"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A private cluster: its own directory and port, never the system service. PostgreSQL refuses to run as
# root, so as root the cluster belongs to the postgres user.
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/lianbo-pg.XXXXXX)
port=55432
while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$pgdir"
stop_pg() {
  run_pg "$bin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap stop_pg EXIT
run_pg "$bin/initdb" -D "$pgdir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throw-away cluster in $pgdir)"

export LIANBO_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export LIANBO_TEST_BROWSER=/usr/bin/chromium

# Built once; then the web tests, which take about as long as all the others together, start first, and the other
# projects run one after another beside them (on two cores, `dotnet test Lianbo.slnx` would start the web tests last).
log="$pgdir/dotnet-test.log"
web_log="$pgdir/web-test.log"
status=0
dotnet build Lianbo.slnx -nologo 2>&1 | tee "$log" || exit 1
dotnet test tests/Lianbo.Web.Tests --no-build -nologo > "$web_log" 2>&1 &
web=$!
for project in tests/*.Tests; do
  [ "$project" = tests/Lianbo.Web.Tests ] && continue
  dotnet test "$project" --no-build -nologo 2>&1 | tee -a "$log" || status=$?
done
wait $web || status=$?
tee -a "$log" < "$web_log"

# One closing line over all test projects.
awk '/Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
