#!/usr/bin/env bash
# Compare two lede builds as one-off `lede run` processes in three modes at once, alternating.
#
#   benches/ab-modes.sh OLD_LEDE NEW_LEDE [ROUNDS] [INPUT]
#
# Each round runs both builds (the order switching each round) in three modes:
#   one-core  `taskset -c 0 lede run -j 1`: every thread of the process on one core
#   j1        `lede run -j 1`: one worker thread (the reader and writer may use the other core)
#   j2        `lede run -j 2`: two worker threads
# and prints, per mode, each build's median wall clock, MB/s of document text and new over old,
# then each build's two-thread speed-up over `-j 1` and over one core. Modes interleave, so all
# six series see the same drift of the machine (see benches/ab.sh for why that matters).
#
# env: LEDE_CONFIG (default config/pipeline.toml), TEXT_MB (MB of document text of INPUT,
# default: the news corpus's 4.28; `lede bench INPUT` prints it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
old="${1:?usage: benches/ab-modes.sh OLD_LEDE NEW_LEDE [ROUNDS] [INPUT]}"
new="${2:?usage: benches/ab-modes.sh OLD_LEDE NEW_LEDE [ROUNDS] [INPUT]}"
rounds="${3:-21}"
input="${4:-$root/../shared/data/corpus/news/articles.jsonl}"
[ -e "$input" ] || input="$root/seeds"
config="${LEDE_CONFIG:-$root/config/pipeline.toml}"
text_mb="${TEXT_MB:-4.28}"
command -v taskset > /dev/null || { echo "ab-modes.sh: needs taskset (util-linux)" >&2; exit 2; }
for b in "$old" "$new"; do
  [ -x "$b" ] || { echo "ab-modes.sh: $b is not an executable" >&2; exit 2; }
done
raw="$(mktemp "${TMPDIR:-/tmp}/lede-ab-modes.XXXXXX")"
trap 'rm -f "$raw"' EXIT

echo "ab-modes.sh: $rounds rounds on $input; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" >&2
TIMEFORMAT='%3R'
for i in $(seq "$rounds"); do
  if (( i % 2 )); then order=("old:$old" "new:$new"); else order=("new:$new" "old:$old"); fi
  for mode in one-core j1 j2; do
    for tagged in "${order[@]}"; do
      tag="${tagged%%:*}" bin="${tagged#*:}"
      case "$mode" in
        one-core) cmd=(taskset -c 0 "$bin" run --quiet --config "$config" -j 1 "$input") ;;
        j1) cmd=("$bin" run --quiet --config "$config" -j 1 "$input") ;;
        j2) cmd=("$bin" run --quiet --config "$config" -j 2 "$input") ;;
      esac
      t="$( { time "${cmd[@]}" > /dev/null 2>&1; } 2>&1 )"
      echo "$tag $mode $t" >> "$raw"
    done
  done
done

python3 - "$raw" "$text_mb" "$rounds" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    tag, mode, secs = line.split()
    runs.setdefault((tag, mode), []).append(float(secs))
mb, rounds = float(sys.argv[2]), int(sys.argv[3])
med = {k: statistics.median(v) for k, v in runs.items()}
print("| mode | old median s | old MB/s | new median s | new MB/s | new / old speed |")
print("|---|---:|---:|---:|---:|---:|")
for mode in ["one-core", "j1", "j2"]:
    o, n = med[("old", mode)], med[("new", mode)]
    print(f"| {mode} | {o:.3f} | {mb / o:.1f} | {n:.3f} | {mb / n:.1f} | {o / n:.3f}x |")
print()
for tag in ["old", "new"]:
    j1, j2, one = med[(tag, "j1")], med[(tag, "j2")], med[(tag, "one-core")]
    print(f"{tag}: two threads {j1 / j2:.2f}x `-j 1`, {one / j2:.2f}x one core")
print(f"\n(medians of {rounds} runs each, builds and modes alternating)")
PY
