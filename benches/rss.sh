#!/usr/bin/env bash
# Peak RSS and throughput of `lede run` streaming a ~1 GB JSON Lines file: the news corpus
# repeated (230 times by default) into a temporary file, which is deleted afterwards.
#
#   benches/rss.sh [CORPUS.jsonl]          # env: TIMES=230 THREADS=0 CONFIG=config/pipeline.toml
#
# Peak RSS is "Maximum resident set size" of GNU time (/usr/bin/time -v), i.e. the process's
# ru_maxrss. The output records go to /dev/null. Needs ~1 GB free in $TMPDIR (default /tmp).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
corpus="${1:-$root/../shared/data/corpus/news/articles.jsonl}"
times="${TIMES:-230}"
threads="${THREADS:-0}"
config="${CONFIG:-$root/config/pipeline.toml}"
target="${CARGO_TARGET_DIR:-$root/target}"

if [ ! -f "$corpus" ]; then
  echo "rss.sh: no corpus at $corpus (pass a .jsonl file)" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "rss.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2
  exit 2
fi
(cd "$root" && cargo build --quiet --release -p lede)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/lede-rss.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
big="$tmp/big.jsonl"
for _ in $(seq "$times"); do cat "$corpus"; done > "$big"
size=$(stat -c %s "$big")
echo "input: $corpus x $times = $((size / 1000000)) MB; threads: $threads; config: $config; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/time -v "$target/release/lede" run --config "$config" --threads "$threads" "$big" > /dev/null 2> "$tmp/stderr" || {
  status=$?
  if [ "$status" -ne 1 ]; then cat "$tmp/stderr" >&2; exit "$status"; fi
}
summary=$(grep '^lede: .* documents' "$tmp/stderr" || true)
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/stderr")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/stderr")
echo "$summary"
echo "peak RSS: $((rss_kb / 1024)) MiB (ru_maxrss); wall clock $wall; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
