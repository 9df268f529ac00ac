#!/usr/bin/env bash
# lede next to spaCy (NER) and VADER (sentiment) on the same files, scored by `lede eval`.
#
#   benches/compare/run.sh [--runs N] [--news-docs N] [--quick]
#
# Makes benches/compare/.venv and pip-installs the pinned peers (requirements.txt) into it,
# builds lede in release mode, then runs compare.py, which prints one markdown table and writes
# it to benches/compare/results.md. Needs the shared data beside the repository (../shared), or
# LEDE_SHARED=/path/to/shared. Not part of `cargo test` or CI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${LEDE_SHARED:-$root/../shared}"
venv="$here/.venv"

if [ ! -d "$shared/data" ]; then
  echo "run.sh: no shared data at $shared (set LEDE_SHARED)" >&2
  exit 2
fi
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

target="${CARGO_TARGET_DIR:-$root/target}"
(cd "$root" && cargo build --quiet --release -p lede)
exec "$venv/bin/python" "$here/compare.py" --lede "$target/release/lede" --root "$root" --shared "$shared" "$@"
