#!/usr/bin/env bash
# Every performance figure of lede itself, with one command; writes benches/results.md.
#
#   benches/measure.sh            # full: 5 runs per thread count, 21 one-off rounds, 1 GB RSS check
#   benches/measure.sh --quick    # 1 run, ~100 MB RSS check
#
# 1. `lede bench` on the news corpus (../shared/data/corpus/news/articles.jsonl, else seeds/):
#    time, MB/s and heap per analyzer on one thread; the runner at 1, 2 and all threads (median
#    MB/s, docs/s, speed-up, peak RSS); accuracy on every gold file of ../shared present.
# 2. `lede run` as one process per run at 1 and 2 threads (process start and empty caches
#    included), alternating; and at 1 thread with every thread of the process (reader and writer
#    too) pinned to one core with `taskset`, the strictest reading of "one core".
# 3. benches/rss.sh: peak RSS of `lede run` streaming the news corpus repeated to ~1 GB.
# 4. The targets of the performance issue, checked: >= 20 MB/s on one core, >= 1.8x that on
#    two, peak RSS < 300 MB on the 1 GB input.
#
# Quote the figures with the load average this prints: other work on the machine slows them.
# env: CARGO_TARGET_DIR (default target/), LEDE_SHARED (default ../shared).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="${LEDE_SHARED:-$root/../shared}"
target="${CARGO_TARGET_DIR:-$root/target}"
runs=5
# One-off runs take 0.1-0.3 s each and this VM's runs split into a fast and a slow mode, so they
# get more rounds than `lede bench`'s runs.
oneoff_runs=21
times=230
if [ "${1:-}" = "--quick" ]; then runs=1; oneoff_runs=3; times=23; fi

(cd "$root" && cargo build --quiet --release -p lede -p lede-bench)
if "$target/release/lede" bench --help > /dev/null 2>&1; then
  bench=("$target/release/lede" bench)
else
  bench=("$target/release/lede-bench")
fi

# Paths relative to the repository root read better in the tables.
shared="$(realpath --relative-to="$root" "$shared" 2>/dev/null || echo "$shared")"
cd "$root"
corpus="$shared/data/corpus/news/articles.jsonl"
[ -f "$corpus" ] || corpus="seeds"
gold=()
for g in "$shared/gold/seeds/seeds-dev.jsonl" "$shared/data/ner/conll2003/dev.jsonl" \
         "$shared/data/quotes/polnear/dev.jsonl" "$shared"/data/sentiment/*.dev.jsonl \
         "$shared"/data/numbers/recognizers-text/*.jsonl; do
  [ -f "$g" ] && gold+=(--gold "$g")
done

out="$here/results.md"
json="$(mktemp "${TMPDIR:-/tmp}/lede-bench.XXXXXX.json")"
trap 'rm -f "$json"' EXIT
echo "measure.sh: lede bench ($runs runs) on $corpus; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
("${bench[@]}" --runs "$runs" --threads 1,2,0 --json "$json" "$corpus" "${gold[@]}") > "$out"

# 2. One-off `lede run` processes, as a user runs it once on the corpus: process start, model
#    loading and empty caches included. One and two threads alternate, so that both see the
#    same drift of the machine's speed.
oneoff="$(mktemp "${TMPDIR:-/tmp}/lede-oneoff.XXXXXX")"
trap 'rm -f "$json" "$oneoff"' EXIT
config="config/pipeline.toml"
pin=()
command -v taskset > /dev/null && pin=(taskset -c 0)
for _ in $(seq "$oneoff_runs"); do
  for j in 1 2; do
    TIMEFORMAT="$j %3R"
    { time "$target/release/lede" run --quiet --config "$config" -j "$j" "$corpus" > /dev/null; } 2>> "$oneoff"
  done
  if [ ${#pin[@]} -gt 0 ]; then
    TIMEFORMAT="pinned %3R"
    { time "${pin[@]}" "$target/release/lede" run --quiet --config "$config" -j 1 "$corpus" > /dev/null; } 2>> "$oneoff"
  fi
done

rss="$(TIMES=$times "$here/rss.sh" "$corpus" 2>&1 | tail -3)"
{
  echo
  echo "### Peak RSS on a large input (benches/rss.sh, TIMES=$times)"
  echo
  echo '```'
  echo "$rss"
  echo '```'
} >> "$out"

python3 - "$json" "$rss" "$times" "$oneoff" >> "$out" <<'PY'
import json, re, statistics, sys
report, rss, times = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
runs = {r["threads"]: r for r in report.get("throughput", [])}
one, two = runs.get(1), runs.get(2)
walls = {}
for row in open(sys.argv[4]):
    j, s = row.split()
    walls.setdefault(0 if j == "pinned" else int(j), []).append(float(s))
text_mb = (one or two or {}).get("bytes", 0) / 1e6
oneoff = {j: text_mb / statistics.median(w) for j, w in walls.items() if w and statistics.median(w) > 0}
if oneoff:
    print("\n### One-off `lede run` (one process per run)\n")
    print("What a user who runs `lede run` once on this corpus sees: process start, model loading and the")
    print("workers' first documents (empty caches) included. Median wall clock of the runs, MB of document text.\n")
    print("`1, one core` is `taskset -c 0 lede run -j 1`: the reader and writer threads on the worker's core too.\n")
    print("| threads | runs | fastest s | median s | slowest s | MB/s (median) | speed-up |")
    print("| ------: | ---: | --------: | -------: | --------: | ------------: | -------: |")
    for j in sorted(oneoff, key=lambda j: (j != 0, j)):
        w = walls[j]
        up = f"{oneoff[j] / oneoff[1]:.2f}x" if 1 in oneoff else "-"
        label = "1, one core" if j == 0 else str(j)
        print(f"| {label} | {len(w)} | {min(w):.3f} | {statistics.median(w):.3f} | {max(w):.3f} | {oneoff[j]:.1f} | {up} |")
print("\n### Targets\n")
def line(ok, text):
    print(f"- {'met' if ok else 'NOT met'}: {text}")
if one:
    cpu = one.get("mb_per_cpu_s")
    line(one["mb_per_s"] >= 20, f"one thread >= 20 MB/s (workers kept): {one['mb_per_s']:.2f} MB/s wall clock"
         + (f" ({cpu:.2f} MB per CPU second)" if cpu else "")
         + f"; first run on new workers (one run) {one['first_mb_per_s']:.2f}")
if one and two:
    ratio = two["mb_per_s"] / one["mb_per_s"] if one["mb_per_s"] else 0
    first = two["first_mb_per_s"] / one["first_mb_per_s"] if one["first_mb_per_s"] else 0
    line(ratio >= 1.8, f"two threads >= 1.8x one thread (workers kept): {ratio:.2f}x ({two['mb_per_s']:.2f} MB/s)"
         f"; first run on new workers (one run each) {first:.2f}x")
if 1 in oneoff:
    line(oneoff[1] >= 20, f"one-off `lede run -j 1` >= 20 MB/s: {oneoff[1]:.2f} MB/s")
if 1 in oneoff and 2 in oneoff:
    r = oneoff[2] / oneoff[1]
    line(r >= 1.8, f"one-off `lede run -j 2` >= 1.8x `-j 1`: {r:.2f}x ({oneoff[2]:.2f} MB/s)")
if 0 in oneoff:
    line(oneoff[0] >= 20, f"one-off `lede run -j 1` on one core (taskset) >= 20 MB/s: {oneoff[0]:.2f} MB/s")
    if 2 in oneoff:
        r = oneoff[2] / oneoff[0]
        line(r >= 1.8, f"one-off `lede run -j 2` on two cores >= 1.8x that: {r:.2f}x")
m = re.search(r"peak RSS: (\d+) MiB", rss)
if m:
    mib = int(m.group(1))
    size = "1 GB" if times >= 230 else f"{times}x corpus"
    line(mib * 1.048576 < 300, f"peak RSS < 300 MB on the {size} input: {mib} MiB")
load = report["machine"].get("load_before")
print(f"\nLoad average at the start: {' '.join(f'{x:.2f}' for x in load) if load else 'unknown'} "
      f"on {report['machine']['cores']} cores; figures are only comparable on a quiet machine.")
PY
cat "$out"
