#!/usr/bin/env bash
# Whole-process benchmark of the commands a learner runs, at three sizes:
#   built-in  the built-in decks on a new database (first card only)
#   small     400 cards in 32 user decks, 8,000 reviews over ~3 years
#   big       50,000 cards in 32 user decks, 1,000,000 reviews over ~3 years
# The user collections (32 deck files and an export-progress file of the history) come from
# `examples/gen-collection.rs --file-only` and are kept in target/bench-data/ until the
# generator changes. The measured build makes its own database from them: `import-progress`
# of the whole history into a new database is the first measurement, and the database it
# leaves is what the other commands run on (so any build, older ones included, measures on its
# own schema). Prints one Markdown table: median wall time of N runs (hyperfine), mean CPU
# time, and peak RSS of one more run (/usr/bin/time -f %M). `grade` runs on a fresh copy.
#
# Usage: benches/commands.sh [--runs N] [--import-runs N] [--sizes "builtin small big"]
#                            [--bin PATH] [--regen]
# Installs hyperfine and GNU time with apt-get when they are missing and it can; otherwise
# times runs itself (and leaves peak RSS out).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10 import_runs=1 sizes="builtin small big" bin="" regen=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --import-runs) import_runs=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --regen) regen=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
has_size() { [[ " $sizes " == *" $1 "* ]]; }

if { ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/time ]; } \
  && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing hyperfine and time..." >&2
  (apt-get update -qq && apt-get install -y -qq hyperfine time) >/dev/null 2>&1 || true
fi
command -v hyperfine >/dev/null || echo "hyperfine not found: timing with a shell loop" >&2
rss_tool=/usr/bin/time
[ -x "$rss_tool" ] || { echo "no /usr/bin/time: peak RSS not measured" >&2; rss_tool=""; }

echo "building (release)..." >&2
targets=(--example gen-collection)
[ -n "$bin" ] || targets+=(--bin ecsdrill)
nice cargo build --release --quiet "${targets[@]}"
bin=${bin:-target/release/ecsdrill}
gen=target/release/examples/gen-collection

export ECSDRILL_NOW=2026-11-26T10:00:00Z NO_COLOR=1
data=${BENCH_DATA:-target/bench-data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# No config file of the user's may change the settings.
export XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data

# Builds (or reuses) the collection NAME with CARDS cards and REVIEWS reviews.
collection() {
  local name=$1 cards=$2 reviews=$3 stamp
  stamp="$(sha256sum <examples/gen-collection.rs | cut -c1-16) $cards $reviews"
  mkdir -p "$data"
  if [ "$regen" = 1 ] || [ "$(cat "$data/$name.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "generating $name ($cards cards, $reviews reviews)..." >&2
    rm -rf "$data/$name".db*
    nice "$gen" --file-only --cards "$cards" --reviews "$reviews" --db "$data/$name.db" >&2
    echo "$stamp" >"$data/$name.stamp"
  fi
}

# bench KEY PREPARE COMMAND RUNS: median wall ms, mean CPU ms (user + system) and peak RSS
# (MB) of COMMAND, as "ms cpu mb". RUNS 0 skips it.
bench() {
  local key=$1 prepare=$2 cmd=$3 n=$4 ms cpu="-" mb
  [ "$n" -gt 0 ] || return 0
  if [ "$n" = 1 ] && [ -n "$rss_tool" ]; then
    # One run: its wall time, CPU time and peak RSS at once.
    [ -n "$prepare" ] && sh -c "$prepare"
    "$rss_tool" -f "%e %U %S %M" -o "$tmp/$key.rss" sh -c "$cmd" >/dev/null 2>&1 || true
    awk '{printf "%.1f %.1f %.0f\n", $1 * 1000, ($2 + $3) * 1000, $4 / 1024}' \
      "$tmp/$key.rss" >"$tmp/$key.result"
    echo "  $key: $(cat "$tmp/$key.result") (ms cpu-ms MB)" >&2
    return 0
  fi
  if command -v hyperfine >/dev/null; then
    hyperfine --style none --runs "$n" ${prepare:+--prepare "$prepare"} \
      --export-csv "$tmp/$key.csv" "$cmd" >/dev/null 2>&1
    ms=$(awk -F, 'NR == 2 {printf "%.1f", $4 * 1000}' "$tmp/$key.csv")
    cpu=$(awk -F, 'NR == 2 {printf "%.1f", ($5 + $6) * 1000}' "$tmp/$key.csv")
  else
    ms=$(for _ in $(seq "$n"); do
      [ -n "$prepare" ] && sh -c "$prepare"
      s=$(date +%s%N); sh -c "$cmd" >/dev/null 2>&1; e=$(date +%s%N)
      echo $(((e - s) / 1000)); done | sort -n |
      awk '{a[NR] = $1} END {printf "%.1f", (a[int((NR + 1) / 2)] + a[int(NR / 2) + 1]) / 2000}')
  fi
  mb="-"
  if [ -n "$rss_tool" ]; then
    [ -n "$prepare" ] && sh -c "$prepare"
    "$rss_tool" -f %M -o "$tmp/$key.rss" sh -c "$cmd" >/dev/null 2>&1 || true
    mb=$(awk 'END {printf "%.0f", $1 / 1024}' "$tmp/$key.rss")
  fi
  echo "$ms $cpu $mb" >"$tmp/$key.result"
  echo "  $key: $ms ms (cpu $cpu ms), $mb MB" >&2
}

# Times every command on collection NAME.
bench_size() {
  local name=$1 db="$tmp/$1.db" pristine="$tmp/$1-pristine.db" work="$tmp/$1-work.db"
  local args="--db $db --no-builtin --decks $data/$name.db.decks"
  echo "measuring $name..." >&2
  bench "$name.import" "rm -f $db*" \
    "$bin $args import-progress $data/$name.db.progress.json" "$import_runs"
  [ -f "$db" ] || "$bin" $args import-progress "$data/$name.db.progress.json" >/dev/null
  # One run first, as a learner's database has had (deck state stored), then a clean copy.
  "$bin" $args status >/dev/null
  cp "$db" "$pristine"
  bench "$name.drill" "" "printf 'q\n' | $bin $args drill" "$runs"
  bench "$name.status" "" "$bin $args status" "$runs"
  # sync: the copy's pages must be on disk, or the grade's checkpoint pays for writing them.
  bench "$name.grade" "rm -f $work*; cp $pristine $work; sync $work" \
    "$bin ${args/$db/$work} grade notes-00/c000000 4" "$runs"
  bench "$name.stats" "" "$bin $args stats" "$runs"
  bench "$name.json" "" "$bin $args report --format json" "$runs"
  bench "$name.html" "" "$bin $args report --format html" "$runs"
  bench "$name.cards" "" "$bin $args cards --json" "$runs"
  bench "$name.export" "" "$bin $args export-progress $tmp/$name.export.json" "$import_runs"
}

if has_size builtin; then
  echo "measuring built-in..." >&2
  bench builtin.drill "rm -f $tmp/builtin.db*" "printf 'q\n' | $bin --db $tmp/builtin.db drill" "$runs"
fi
if has_size small; then collection small 400 8000; bench_size small; fi
if has_size big; then collection big 50000 1000000; bench_size big; fi

# cell KEY: "12.3 ms (cpu 9.8), 9 MB", or "–" when not measured.
cell() {
  [ -f "$tmp/$1.result" ] || { echo "–"; return; }
  read -r ms cpu mb <"$tmp/$1.result"
  awk -v ms="$ms" -v cpu="$cpu" -v mb="$mb" 'BEGIN {
    t = ms >= 1000 ? sprintf("%.1f s", ms / 1000) : sprintf("%s ms", ms)
    c = cpu == "-" ? "" : (cpu >= 1000 ? sprintf(" (cpu %.1f s)", cpu / 1000) : sprintf(" (cpu %s)", cpu))
    printf "%s%s, %s MB", t, c, mb }'
}
growth() {
  [ -f "$tmp/small.$1.result" ] && [ -f "$tmp/big.$1.result" ] || { echo "–"; return; }
  awk -v a="$(cut -d' ' -f1 "$tmp/small.$1.result")" -v b="$(cut -d' ' -f1 "$tmp/big.$1.result")" \
    'BEGIN {printf "%.1f×", b / a}'
}

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load average $(cut -d' ' -f1 /proc/loadavg); $bin at $(git rev-parse --short HEAD 2>/dev/null || echo '?'); wall time: median of $runs runs (import-progress: $import_runs); cpu: mean user + system ms; peak RSS of one run"
echo
echo "| command | built-in decks, new database | 400 cards / 8k reviews | 50k cards / 1M reviews | growth |"
echo "|---|---|---|---|---|"
row() { echo "| $1 | $2 | $(cell "small.$3") | $(cell "big.$3") | $(growth "$3") |"; }
row "first card of \`drill\`" "$(cell builtin.drill)" drill
row "\`status\`" "–" status
row "one \`grade\`" "–" grade
row "\`stats\`" "–" stats
row "\`report --format json\`" "–" json
row "\`report --format html\`" "–" html
row "\`cards --json\`" "–" cards
row "\`import-progress\` of the whole history, new database" "–" import
row "\`export-progress\` of the whole history" "–" export
