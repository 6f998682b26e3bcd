#!/usr/bin/env bash
# Wall time from start to the first card on the built-in decks, median of N runs.
#   cold: a new database each run (create, migrate, sync 32 decks, build the queue, first card)
#   warm: the same database (deck hash unchanged, so the sync is skipped)
# Usage: benches/startup.sh [N]   (default 5). Prints a Markdown table for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
cargo build --release --quiet
bin=target/release/ecsdrill
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ECSDRILL_NOW=2026-11-26T10:00:00Z NO_COLOR=1

# Runs the command once and prints its wall time in milliseconds.
ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

first_card() { printf 'q\n' | "$bin" --db "$1" drill; }

cold=$(for i in $(seq "$n"); do ms first_card "$tmp/cold-$i.db"; done | median)
first_card "$tmp/warm.db" >/dev/null
warm=$(for i in $(seq "$n"); do ms first_card "$tmp/warm.db"; done | median)
status=$(for i in $(seq "$n"); do ms "$bin" --db "$tmp/warm.db" status; done | median)
# A history to report on: 30 study days, every card the drill serves graded 4 or 2.
for d in $(seq -w 1 30); do
  printf '\n4\n\n2\n\n4\n%.0s' $(seq 50) | ECSDRILL_NOW="2026-10-${d}T10:00:00Z" "$bin" --db "$tmp/hist.db" drill >/dev/null
done
report=$(for i in $(seq "$n"); do ms "$bin" --db "$tmp/hist.db" report --format html --out "$tmp/r.html"; done | median)

echo "| measurement (median of $n, $(nproc) cores) | wall time |"
echo "|---|---|"
echo "| \`drill\` to first card, new database | ${cold} ms |"
echo "| \`drill\` to first card, existing database | ${warm} ms |"
echo "| \`status\`, existing database | ${status} ms |"
echo "| \`report --format html\` after 30 study days | ${report} ms |"
