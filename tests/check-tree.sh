#!/usr/bin/env bash
# Fails when a git tree holds what must never be committed: key material, databases, mail or uploads.
# Usage: tests/check-tree.sh [DIR]  (default: this repository). Lists each offending file; exit 1 if any.
# It checks the files git tracks and the untracked ones it does not ignore, i.e. everything `git add -A` would take.
set -euo pipefail
dir=${1:-"$(dirname "$0")/.."}
cd "$dir"

found=0
flag() { echo "check-tree: $1: $2" >&2; found=1; }

while IFS= read -r -d '' file; do
  [ -f "$file" ] || continue
  case "$file" in
    *.db|*.db-wal|*.db-shm|*.db-journal|*.sqlite|*.sqlite3|*.duckdb|*.duckdb.wal) flag "$file" "a database file"; continue ;;
    *.eml) flag "$file" "a mail"; continue ;;
    *.pfx|*.p12|*.pem|*.key|*.snk) flag "$file" "key material (by its type)"; continue ;;
    uploads/*|*/uploads/*) flag "$file" "an upload"; continue ;;
  esac
  # By content: SQLite's header, Data Protection key XML, PEM private keys (patterns split so this file does not match itself).
  if head -c 16 "$file" | grep -q "SQLite format 3"; then flag "$file" "a SQLite database"; continue; fi
  if grep -qE '<master[K]ey|<encrypted[S]ecret' "$file" 2>/dev/null; then flag "$file" "a Data Protection key"; continue; fi
  if grep -qE -- '-----BEGIN ([A-Z]+ )?PRIVATE[ ]KEY-----' "$file" 2>/dev/null; then flag "$file" "a private key"; continue; fi
done < <(git ls-files -z --cached --others --exclude-standard)

if [ "$found" -ne 0 ]; then
  echo "check-tree: remove these files from the tree (state belongs in the state directory, var/ by default)." >&2
  exit 1
fi
echo "check-tree: no key material, database, mail or upload in the tree"
