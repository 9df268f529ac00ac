#!/usr/bin/env bash
# Accuracy of lede on the evaluation data in ../shared (not part of `cargo test`).
#
#   scripts/eval.sh [OUT_DIR]        # default OUT_DIR: target/eval
#
# Runs `lede run` on every gold file, scores it with `lede eval`, keeps each report (text and
# JSON) in OUT_DIR, and writes the summary table to docs/accuracy.md. Set LEDE_SHARED to the
# shared data folder if it is not ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${LEDE_SHARED:-../shared}"
out="${1:-target/eval}"
[ -d "$shared/data" ] || { echo "no shared data at $shared (set LEDE_SHARED)" >&2; exit 2; }
mkdir -p "$out"
cargo build --release -q -p lede
lede="${CARGO_TARGET_DIR:-target}/release/lede"

# run CONFIG PRED INPUT...: analyze the inputs; documents with errors still count (status 1).
run() {
  local config=$1 pred=$2
  shift 2
  local status=0
  "$lede" run -q --config "$config" "$@" > "$pred" || status=$?
  if [ "$status" -gt 1 ]; then echo "lede run failed on $*" >&2; exit "$status"; fi
}
# score TASK NAME PRED GOLD...: write NAME.txt (table) and NAME.json (figures).
score() {
  local task=$1 name=$2 pred=$3
  shift 3
  local gold=()
  for g in "$@"; do gold+=(--gold "$g"); done
  "$lede" eval --task "$task" "${gold[@]}" --pred "$pred" --json "$out/$name.json" > "$out/$name.txt"
  echo "== $name"; cat "$out/$name.txt"
}

conll="$shared/data/ner/conll2003/dev.jsonl"
run config/eval/entity.toml "$out/conll-dev.pred.jsonl" "$conll"
score entity entity-conll-dev "$out/conll-dev.pred.jsonl" "$conll"

seeds="$shared/gold/seeds/seeds-dev.jsonl"
run config/pipeline.toml "$out/seeds.pred.jsonl" "$seeds"
for task in entity quote number; do
  score "$task" "$task-seeds" "$out/seeds.pred.jsonl" "$seeds"
done

polnear="$shared/data/quotes/polnear/dev.jsonl"
run config/eval/quote.toml "$out/polnear-dev.pred.jsonl" "$polnear"
score quote quote-polnear-dev "$out/polnear-dev.pred.jsonl" "$polnear"

rt=("$shared"/data/numbers/recognizers-text/*Model.jsonl)
run config/eval/number.toml "$out/recognizers.pred.jsonl" "${rt[@]}"
score number number-recognizers "$out/recognizers.pred.jsonl" "${rt[@]}"
run config/eval/number-news.toml "$out/recognizers-news.pred.jsonl" "${rt[@]}"
score number number-recognizers-news "$out/recognizers-news.pred.jsonl" "${rt[@]}"

for set in nyt_editorials tweets movie_reviews amazon_reviews; do
  file="$shared/data/sentiment/$set.dev.jsonl"
  run config/eval/sentiment.toml "$out/$set.pred.jsonl" "$file"
  score sentiment "sentiment-$set" "$out/$set.pred.jsonl" "$file"
done

python3 scripts/accuracy_table.py "$out" > docs/accuracy.md
echo "== summary (docs/accuracy.md)"
cat docs/accuracy.md
