#!/usr/bin/env bash
# Compare two lede binaries on the same input, run for run, on one thread.
#
#   benches/ab.sh OLD_LEDE NEW_LEDE [INPUT] [ROUNDS]
#
# The speed of a shared VM drifts: the same binary has taken from 0.21 s to 0.46 s on the news
# corpus within one hour. Figures taken minutes apart are therefore not comparable, but two
# builds run alternately (old, new, old, new, ...) see the same drift, and the ratio of their
# medians is. Prints each build's median wall-clock seconds, MB/s of input and CPU seconds, and
# new over old for both.
#
# Build the old one from a commit with, e.g.:
#   git worktree add /tmp/lede-old <commit> && (cd /tmp/lede-old && cargo build --release -p lede)
#   benches/ab.sh /tmp/lede-old/target/release/lede target/release/lede
#
# env: LEDE_CONFIG (default config/pipeline.toml), THREADS (default 1).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
old="${1:?usage: benches/ab.sh OLD_LEDE NEW_LEDE [INPUT] [ROUNDS]}"
new="${2:?usage: benches/ab.sh OLD_LEDE NEW_LEDE [INPUT] [ROUNDS]}"
input="${3:-$root/../shared/data/corpus/news/articles.jsonl}"
[ -e "$input" ] || input="$root/seeds"
rounds="${4:-15}"
config="${LEDE_CONFIG:-$root/config/pipeline.toml}"
threads="${THREADS:-1}"
for b in "$old" "$new"; do
  [ -x "$b" ] || { echo "ab.sh: $b is not an executable" >&2; exit 2; }
done

# Input bytes as `lede run` counts them (its summary line), for MB/s.
bytes="$(du -bc "$input" 2>/dev/null | tail -1 | cut -f1)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/lede-ab.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# One run: appends "wall_us cpu_us" (CPU = user + system of the run) to file $2. Bash's `time`
# keyword gives both with millisecond resolution and no dependency on GNU time.
once() {
  local TIMEFORMAT='%3R %3U %3S' t
  t="$( { time "$1" run --quiet --config "$config" -j "$threads" "$input" > /dev/null 2>&1; } 2>&1 )"
  awk '{ printf "%d %d\n", $1 * 1e6, ($2 + $3) * 1e6 }' <<< "$t" >> "$2"
}

echo "ab.sh: $rounds rounds of old/new on $input ($threads thread(s)); load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" >&2
once "$old" "$tmp/warm" # warm the page cache and both binaries
once "$new" "$tmp/warm"
# Alternate which build goes first (old-new, new-old, ...): a build that always ran second
# would inherit whatever the first left in the caches and in the CPU's frequency state.
for i in $(seq "$rounds"); do
  if (( i % 2 )); then once "$old" "$tmp/old"; once "$new" "$tmp/new";
  else once "$new" "$tmp/new"; once "$old" "$tmp/old"; fi
done

median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
mo="$(median "$tmp/old" 1)"; mn="$(median "$tmp/new" 1)"
co="$(median "$tmp/old" 2)"; cn="$(median "$tmp/new" 2)"
awk -v mo="$mo" -v mn="$mn" -v co="$co" -v cn="$cn" -v b="$bytes" -v r="$rounds" 'BEGIN {
  printf "| build | median wall s | MB/s (input bytes) | median CPU s |\n|---|---:|---:|---:|\n"
  printf "| old | %.3f | %.1f | %.3f |\n", mo / 1e6, b / mo, co / 1e6
  printf "| new | %.3f | %.1f | %.3f |\n", mn / 1e6, b / mn, cn / 1e6
  printf "\nnew is %.2fx old in wall time, %.2fx in CPU time (ratios of medians of %d runs each, order alternating)\n", mo / mn, co / cn, r
}'
