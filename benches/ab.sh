#!/usr/bin/env bash
# Compare two lede binaries on the same input, run for run, on one thread.
#
#   benches/ab.sh OLD_LEDE NEW_LEDE [INPUT] [ROUNDS]
#
# The speed of a shared VM drifts: the same binary has taken from 0.21 s to 0.46 s on the news
# corpus within one hour. Figures taken minutes apart are therefore not comparable, but two
# builds run alternately (old, new, old, new, ...) see the same drift, and the ratio of their
# medians is. Prints each build's median wall-clock seconds and MB/s of input, and new over old.
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

# Wall-clock seconds of one run, with nanosecond timestamps (no dependency on GNU time).
once() {
  local t0 t1
  t0="$(date +%s%N)"
  "$1" run --quiet --config "$config" -j "$threads" "$input" > /dev/null
  t1="$(date +%s%N)"
  echo "$(( (t1 - t0) / 1000 ))"
}

echo "ab.sh: $rounds rounds of old/new on $input ($threads thread(s)); load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" >&2
once "$old" > /dev/null # warm the page cache
for _ in $(seq "$rounds"); do
  once "$old" >> "$tmp/old"
  once "$new" >> "$tmp/new"
done

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
mo="$(median "$tmp/old")"
mn="$(median "$tmp/new")"
awk -v mo="$mo" -v mn="$mn" -v b="$bytes" -v r="$rounds" 'BEGIN {
  printf "| build | median s | MB/s (input bytes) |\n|---|---:|---:|\n"
  printf "| old | %.3f | %.1f |\n| new | %.3f | %.1f |\n", mo / 1e6, b / mo, mn / 1e6, b / mn
  printf "\nnew is %.2fx old (ratio of medians of %d alternating runs each)\n", mo / mn, r
}'
