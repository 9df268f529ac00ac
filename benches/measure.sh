#!/usr/bin/env bash
# Every performance figure of lede itself, with one command; writes benches/results.md.
#
#   benches/measure.sh            # full: 5 runs per thread count, 1 GB RSS check
#   benches/measure.sh --quick    # 1 run, ~100 MB RSS check
#
# 1. `lede bench` on the news corpus (../shared/data/corpus/news/articles.jsonl, else seeds/):
#    time, MB/s and heap per analyzer on one thread; the runner at 1, 2 and all threads (median
#    MB/s, docs/s, speed-up, peak RSS); accuracy on every gold file of ../shared present.
# 2. benches/rss.sh: peak RSS of `lede run` streaming the news corpus repeated to ~1 GB.
# 3. The targets of the performance issue, checked: >= 20 MB/s on one core, >= 1.8x that on
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
times=230
if [ "${1:-}" = "--quick" ]; then runs=1; times=23; fi

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

rss="$(TIMES=$times "$here/rss.sh" "$corpus" 2>&1 | tail -3)"
{
  echo
  echo "### Peak RSS on a large input (benches/rss.sh, TIMES=$times)"
  echo
  echo '```'
  echo "$rss"
  echo '```'
} >> "$out"

python3 - "$json" "$rss" "$times" >> "$out" <<'PY'
import json, re, sys
report, rss, times = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
runs = {r["threads"]: r for r in report.get("throughput", [])}
one, two = runs.get(1), runs.get(2)
print("\n### Targets\n")
def line(ok, text):
    print(f"- {'met' if ok else 'NOT met'}: {text}")
if one:
    cpu = one.get("mb_per_cpu_s")
    line(one["mb_per_s"] >= 20, f"one thread >= 20 MB/s: {one['mb_per_s']:.2f} MB/s wall clock"
         + (f" ({cpu:.2f} MB per CPU second)" if cpu else ""))
if one and two:
    ratio = two["mb_per_s"] / one["mb_per_s"] if one["mb_per_s"] else 0
    line(ratio >= 1.8, f"two threads >= 1.8x one thread: {ratio:.2f}x ({two['mb_per_s']:.2f} MB/s)")
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
