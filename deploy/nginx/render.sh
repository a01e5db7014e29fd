#!/usr/bin/env bash
# Writes the nginx site for N Lianbo nodes to standard output, from lianbo.conf.in beside this script.
# Usage: deploy/nginx/render.sh [--listen ADDR] [--server-name NAME] [--log-dir DIR] [--signin-rate RATE]
#                               [--signin-burst N] [--max-fails N] [--fail-timeout T] [--standalone DIR] NODE...
# Each NODE is host:port of a web node (its Lianbo:Url); the first is the trade store's writer. With --standalone DIR
# it writes a whole nginx.conf instead, for `nginx -p DIR -c CONF -g 'daemon off;'` run by any user: its pid file,
# logs (unless --log-dir) and temporary files in DIR (the cluster tests and the load benchmark run nginx so).
# Example: deploy/nginx/render.sh --listen 80 --server-name expo.example 10.0.0.11:5080 10.0.0.12:5080 10.0.0.13:5080 \
#            > /etc/nginx/sites-available/lianbo
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
listen=80 server_name=_ log_dir= signin_rate=10r/m signin_burst=5 max_fails=2 fail_timeout=10s standalone=
nodes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --listen) listen=$2; shift 2 ;;
    --server-name) server_name=$2; shift 2 ;;
    --log-dir) log_dir=$2; shift 2 ;;
    --signin-rate) signin_rate=$2; shift 2 ;;
    --signin-burst) signin_burst=$2; shift 2 ;;
    --max-fails) max_fails=$2; shift 2 ;;
    --fail-timeout) fail_timeout=$2; shift 2 ;;
    --standalone) standalone=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | cut -c3-; exit 0 ;;
    -*) echo "render.sh: unknown option $1" >&2; exit 2 ;;
    *) nodes+=("$1"); shift ;;
  esac
done
if [ ${#nodes[@]} -eq 0 ]; then
  echo "render.sh: name at least one node (host:port)" >&2
  exit 2
fi
for node in "${nodes[@]}"; do
  [[ "$node" =~ ^[A-Za-z0-9._-]+:[0-9]+$|^\[[0-9A-Fa-f:]+\]:[0-9]+$ ]] || { echo "render.sh: \"$node\" is not host:port" >&2; exit 2; }
done

if [ -n "$standalone" ]; then
  standalone=$(cd "$standalone" && pwd)
  log_dir=${log_dir:-$standalone/logs}
  mkdir -p "$log_dir" "$standalone/temp"
fi
log_dir=${log_dir:-/var/log/nginx}

servers=""
for node in "${nodes[@]}"; do
  servers+="    server $node max_fails=$max_fails fail_timeout=$fail_timeout;"$'\n'
done
# The writer alone: while it is down, trade writes fail (502) rather than reach a node that only reads.
writer="    server ${nodes[0]} max_fails=$max_fails fail_timeout=$fail_timeout;"

site() {
  while IFS= read -r line; do
    case "$line" in
      @SERVERS@) printf '%s' "$servers" ;;
      @WRITER@) printf '%s\n' "$writer" ;;
      *)
        line=${line//@LISTEN@/$listen}
        line=${line//@SERVER_NAME@/$server_name}
        line=${line//@LOG_DIR@/$log_dir}
        line=${line//@SIGNIN_RATE@/$signin_rate}
        line=${line//@SIGNIN_BURST@/$signin_burst}
        line=${line//@MAX_FAILS@/$max_fails}
        line=${line//@FAIL_TIMEOUT@/$fail_timeout}
        printf '%s\n' "$line" ;;
    esac
  done < "$here/lianbo.conf.in"
}

if [ -z "$standalone" ]; then
  site
  exit 0
fi
# Workers run as the user who started nginx; as root, nginx would hand them to nobody, who cannot enter DIR.
[ "$(id -u)" -eq 0 ] && echo "user root;"
cat <<CONF
worker_processes 1;
pid $standalone/nginx.pid;
error_log $log_dir/error.log warn;
events { worker_connections 2048; }
http {
    client_body_temp_path $standalone/temp/body;
    proxy_temp_path $standalone/temp/proxy;
    fastcgi_temp_path $standalone/temp/fastcgi;
    uwsgi_temp_path $standalone/temp/uwsgi;
    scgi_temp_path $standalone/temp/scgi;
CONF
site | sed 's/^/    /'
echo "}"
