#!/usr/bin/env python3
"""Builds docs/accuracy.md from the JSON reports scripts/eval.sh leaves in its output folder."""
import datetime
import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/eval")


def load(name):
    path = out / f"{name}.json"
    return json.loads(path.read_text())["overall"]["scores"] if path.exists() else None


def pct(x):
    return "–" if x is None else f"{100 * x:.1f}"


def acc(a):
    return None if a is None else a.get("accuracy")


rows = []
for name, label in [("entity-conll-dev", "CoNLL-2003 dev"), ("entity-seeds", "seeds gold (000–002)")]:
    s = load(name)
    if s:
        per = {t["type"]: t["f1"] for t in s["per_type"]}
        extra = " ".join(f"{k} {pct(per.get(k))}" for k in ("PER", "ORG", "LOC", "MISC"))
        if s.get("canonical_name"):
            extra += f"; PER canonical-name accuracy {pct(acc(s['canonical_name']))}"
        rows.append(("entity", label, "typed span F1", pct(s["typed"]["f1"]), extra))
for name, label in [("quote-polnear-dev", "PolNeAR dev"), ("quote-seeds", "seeds gold (000–002)")]:
    s = load(name)
    if s:
        extra = (f"exact P {pct(s['exact']['precision'])} R {pct(s['exact']['recall'])}; "
                 f"speaker accuracy {pct(acc(s['speaker']))}; end-to-end F1 {pct(s['end_to_end']['f1'])}")
        rows.append(("quote", label, "exact span F1", pct(s["exact"]["f1"]), extra))
for name, label in [("number-recognizers", "Recognizers-Text (7 files), spec conventions (config/eval/number.toml)"),
                    ("number-recognizers-news", "Recognizers-Text (7 files), news defaults")]:
    s = load(name)
    if s:
        extra = f"span F1 {pct(s['span']['f1'])}; value accuracy {pct(acc(s['value']))}; kind accuracy {pct(acc(s['kind']))}"
        rows.append(("number", label, "case pass rate", pct(acc(s["case_pass"])), extra))
s = load("number-seeds")
if s:
    extra = f"value accuracy {pct(acc(s['value']))}; kind accuracy {pct(acc(s['kind']))}"
    rows.append(("number", "seeds gold (000–002)", "span F1", pct(s["span"]["f1"]), extra))
for set_name in ("nyt_editorials", "tweets", "movie_reviews", "amazon_reviews"):
    s = load(f"sentiment-{set_name}")
    if s:
        r = "–" if s["pearson"] is None else f"{s['pearson']:.3f}"
        rho = "–" if s["spearman"] is None else f"{s['spearman']:.3f}"
        rows.append(("sentiment", f"{set_name} dev", "Pearson r", r, f"Spearman {rho}; 3-class accuracy {pct(s['accuracy'])}"))

per_file = []
path = out / "number-recognizers.json"
if path.exists():
    for f in json.loads(path.read_text())["files"]:
        s = f["scores"]
        per_file.append((pathlib.Path(f["name"]).stem, pct(acc(s["case_pass"])), pct(s["span"]["f1"])))

print("# Accuracy of lede")
print()
print(f"Measured {datetime.date.today().isoformat()} with `scripts/eval.sh` (figures in %, except r).")
print("Each row's full report is in the output folder of that script.")
print()
print("| task | data | headline | value | details |")
print("|---|---|---|---:|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
if any(r[0] == "sentiment" for r in rows):
    print()
    print("The sentiment rows are in-sample: its global weights and per-word corrections are fitted on")
    print("these dev sets by `lede train sentiment`. The honest estimate is that command's 5-fold")
    print("cross-validation by article, with every fitted stage refitted inside each fold (its report;")
    print("figures in crates/sentiment/README.md and the README's accuracy table).")
if per_file:
    print()
    print("Recognizers-Text per file, spec conventions (predictions restricted to the file's kind):")
    print()
    print("| file | case pass rate | span F1 |")
    print("|---|---:|---:|")
    for r in per_file:
        print("| " + " | ".join(r) + " |")
