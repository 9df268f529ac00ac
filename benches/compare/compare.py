"""lede next to the well-known tools, on the same files, scored by the same code.

Run it through run.sh (which makes the virtual environment and builds lede):

    benches/compare/run.sh [--runs N] [--news-docs N] [--quick]

Every system runs on one core (lede with --threads 1; BLAS and OpenMP limited to one thread for
the peers), each task in its own process. For each (task, data, system) it measures:

* accuracy: the peer's predictions are written in lede's output format and scored by
  `lede eval`, exactly as lede's own predictions are;
* MB/s: bytes of document text (UTF-8) over the seconds spent processing them, model loading
  and process start excluded (lede: the runner's own clock; peers: around the processing loop);
  the median of --runs runs;
* peak RSS: the largest resident set of the process (wait4's ru_maxrss), over the runs.

Prints one markdown table and writes it, with the machine and the date, to results.md.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Environment of every measured process: one thread for numeric libraries.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1"}


GNU_TIME = "/usr/bin/time"


def measure(cmd, env=None):
    """Runs cmd; returns (stdout, stderr, peak RSS in bytes).

    The peak is the process's ru_maxrss as GNU time reports it. (Linux starts a child's
    ru_maxrss at the resident set of the process that forked it, so measuring from this Python
    process directly would floor every figure at this script's own size; GNU time is small.)
    """
    full_env = dict(os.environ, **ONE_THREAD, **(env or {}))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as rss:
        timed = [GNU_TIME, "-f", "%M", "-o", rss.name] + cmd if os.access(GNU_TIME, os.X_OK) else cmd
        proc = subprocess.Popen(timed, stdout=out, stderr=err, env=full_env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        kib = usage.ru_maxrss
        if timed is not cmd:
            lines = [l for l in rss.read().splitlines() if l.strip().isdigit()]
            kib = int(lines[-1]) if lines else kib
    if proc.returncode not in (0, 1):  # lede run exits 1 when some document has an analyzer error
        sys.stderr.write(stderr)
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return stdout, stderr, kib * 1024  # Linux reports KiB


def strip_docs(src, dst, limit=None):
    """Writes {"id", "text"} of each record of src to dst (so no system reads the answers, and
    lede does not copy gold fields into its output); returns (documents, text bytes)."""
    n = size = 0
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            g.write(json.dumps({"id": rec["id"], "text": rec["text"]}, ensure_ascii=False) + "\n")
            n += 1
            size += len(rec["text"].encode("utf-8"))
            if limit and n >= limit:
                break
    return n, size


class Harness:
    def __init__(self, args):
        self.args = args
        self.lede = args.lede
        self.tmp = tempfile.mkdtemp(prefix="lede-compare-")
        self.rows = []
        self.notes = []
        self.versions = {}

    # --- systems -------------------------------------------------------------------------

    def run_lede(self, config, src, threads=1):
        """Runs lede; returns (predictions file, median seconds, peak RSS)."""
        pred = os.path.join(self.tmp, f"lede-{len(self.rows)}-{os.path.basename(src)}")
        seconds, rss = [], 0
        for _ in range(self.args.runs):
            cmd = [self.lede, "run", "--config", config, "--threads", str(threads), "--output", pred, src]
            _, err, peak = measure(cmd)
            m = re.search(r"documents, [0-9.]+ MB in ([0-9.]+) s \(([0-9.]+) MB/s\)", err)
            if not m:
                sys.stderr.write(err)
                raise SystemExit("lede run printed no summary")
            # The runner's MB/s counts input bytes (the JSON Lines file); its seconds are printed
            # with two decimals only, so take the time from the rate, which is more precise.
            mbps = float(m.group(2))
            seconds.append(os.path.getsize(src) / 1e6 / mbps if mbps > 0 else float(m.group(1)))
            rss = max(rss, peak)
        return pred, statistics.median(seconds), rss

    def run_peer(self, system, src):
        pred = os.path.join(self.tmp, f"{system}-{len(self.rows)}-{os.path.basename(src)}")
        seconds, rss = [], 0
        for _ in range(self.args.runs):
            out, _, peak = measure([sys.executable, os.path.join(HERE, "peers.py"), system, src, pred])
            report = json.loads(out.strip().splitlines()[-1])
            seconds.append(report["seconds"])
            rss = max(rss, peak)
            if report.get("info"):
                self.versions[system] = report["info"]
        return pred, statistics.median(seconds), rss

    def score(self, task, gold, pred):
        """`lede eval` on the predictions: returns (metric name, value)."""
        cmd = [self.lede, "eval", "--task", task, "--pred", pred, "--json", "-"]
        for g in gold:
            cmd += ["--gold", g]
        out, _, _ = measure(cmd)
        s = json.loads(out)["overall"]["scores"]
        if task == "entity":
            return "F1", s["typed"]["f1"]
        if task == "quote":
            return "end-to-end F1", s["end_to_end"]["f1"]
        if task == "number":
            return "span F1", s["span"]["f1"]
        return "pearson r", s["pearson"]

    def add(self, task, data, system, size, seconds, rss, metric=None, value=None):
        self.rows.append(
            {
                "task": task,
                "data": data,
                "system": system,
                "metric": metric,
                "value": value,
                "mb_per_s": size / 1e6 / seconds if seconds > 0 else None,
                "peak_rss_mib": rss / 1048576,
                "bytes": size,
                "seconds": seconds,
            }
        )
        r = self.rows[-1]
        acc = f"{metric} {value:.3f}" if value is not None else "-"
        mbps = f"{r['mb_per_s']:.2f}" if r["mb_per_s"] else "-"
        print(f"  {task:9} {data:24} {system:34} {acc:22} {mbps:>8} MB/s {r['peak_rss_mib']:7.1f} MiB", file=sys.stderr)

    # --- tasks ---------------------------------------------------------------------------

    def stripped(self, name, src, limit=None):
        dst = os.path.join(self.tmp, name + ".jsonl")
        n, size = strip_docs(src, dst, limit)
        return dst, n, size

    def accuracy_task(self, task, data, gold, configs, peers):
        """lede (each config) and the peers on the texts of the gold files, scored on them."""
        gold = [g for g in gold if os.path.exists(g)]
        if not gold:
            self.notes.append(f"{task} on {data}: gold file missing, skipped")
            return
        # Join several gold files into one input (their ids are unique across files).
        src = os.path.join(self.tmp, f"{task}-{re.sub(r'[^A-Za-z0-9]+', '-', data)}.jsonl")
        size = 0
        with open(src, "w", encoding="utf-8") as f:
            for i, g in enumerate(gold):
                part, _, s = self.stripped(f"part-{len(self.rows)}-{i}", g)
                size += s
                with open(part, encoding="utf-8") as p:
                    f.write(p.read())
        for system, config in configs:
            pred, seconds, rss = self.run_lede(config, src)
            metric, value = self.score(task, gold, pred)
            self.add(task, data, system, size, seconds, rss, metric, value)
        for system, peer in peers:
            pred, seconds, rss = self.run_peer(peer, src)
            metric, value = self.score(task, gold, pred)
            self.add(task, data, system, size, seconds, rss, metric, value)

    def throughput_task(self, corpus, limit, configs, peers):
        if not os.path.exists(corpus):
            self.notes.append("news corpus missing: throughput rows skipped")
            return
        src, n, size = self.stripped("news-slice", corpus, limit)
        data = f"news, {n} articles ({size / 1e6:.1f} MB)"
        for system, config, threads in configs:
            _, seconds, rss = self.run_lede(config, src, threads)
            self.add("all (speed)", data, system, size, seconds, rss)
        for system, peer in peers:
            _, seconds, rss = self.run_peer(peer, src)
            self.add("all (speed)", data, system, size, seconds, rss)


def lede_has_kind(lede, kind):
    out = subprocess.run([lede, "analyzers", "--config", os.path.join(HERE, "configs", "entity.toml")],
                         capture_output=True, text=True).stdout
    return re.search(rf"^\s+{kind}\s", out, re.M) is not None


def markdown(rows):
    header = ["task", "data", "system", "accuracy", "MB/s", "peak RSS"]
    body = []
    for r in rows:
        acc = "–" if r["value"] is None else (
            f"{r['metric']} {r['value']:.3f}" if "pearson" in r["metric"] else f"{r['metric']} {100 * r['value']:.1f}"
        )
        mbps = "–" if r["mb_per_s"] is None else (f"{r['mb_per_s']:.2f}" if r["mb_per_s"] < 10 else f"{r['mb_per_s']:.1f}")
        body.append([r["task"], r["data"], r["system"], acc, mbps, f"{r['peak_rss_mib']:.0f} MiB"])
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(header)]
    right = {4, 5}

    def line(cells):
        return "| " + " | ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    rule = "| " + " | ".join(("-" * (w - 1) + ":") if i in right else "-" * w for i, w in enumerate(widths)) + " |"
    return "\n".join([line(header), rule] + [line(b) for b in body]) + "\n"


def loadavg():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "unknown"


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lede", required=True, help="the lede binary")
    ap.add_argument("--root", required=True, help="the repository root")
    ap.add_argument("--shared", required=True, help="the shared data folder (with data/ and gold/)")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; the median time is reported")
    ap.add_argument("--news-docs", type=int, default=200, help="articles of the news corpus in the speed rows")
    ap.add_argument("--quick", action="store_true", help="one run each, 50 news articles")
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"), help="where to write the table")
    args = ap.parse_args()
    if args.quick:
        args.runs, args.news_docs = 1, 50

    h = Harness(args)
    cfg = lambda name: os.path.join(HERE, "configs", f"{name}.toml")  # noqa: E731
    default = os.path.join(args.root, "config", "pipeline.toml")
    data = os.path.join(args.shared, "data")
    seeds_gold = os.path.join(args.shared, "gold", "seeds", "seeds-dev.jsonl")
    load_before = loadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    print(f"comparing (load average {load_before}) ...", file=sys.stderr)

    spacy = ("spaCy 3.6 en_core_web_sm (NER only)", "spacy-ner")
    vader = ("VADER 3.3.2", "vader")
    h.accuracy_task("entity", "CoNLL-2003 dev", [os.path.join(data, "ner", "conll2003", "dev.jsonl")],
                    [("lede entity", cfg("entity"))], [spacy])
    h.accuracy_task("entity", "seeds gold (3 docs)", [seeds_gold], [("lede entity", cfg("entity"))], [spacy])
    h.accuracy_task("quote", "PolNeAR dev", [os.path.join(data, "quotes", "polnear", "dev.jsonl")],
                    [("lede entity+quote", cfg("quote"))], [])
    h.accuracy_task("quote", "seeds gold (3 docs)", [seeds_gold], [("lede entity+quote", cfg("quote"))], [])
    if lede_has_kind(args.lede, "number"):
        rt = os.path.join(data, "numbers", "recognizers-text")
        rt_files = sorted(os.path.join(rt, f) for f in os.listdir(rt) if f.endswith(".jsonl")) if os.path.isdir(rt) else []
        h.accuracy_task("number", "Recognizers-Text (7 files)", rt_files, [("lede number", cfg("number"))], [])
        h.accuracy_task("number", "seeds gold (3 docs)", [seeds_gold], [("lede number", cfg("number"))], [])
    else:
        h.notes.append("number: this lede has no `number` analyzer kind yet; its rows are left out")
    for name, label in [("nyt_editorials", "NYT editorials"), ("tweets", "tweets"), ("movie_reviews", "movie reviews"),
                        ("amazon_reviews", "Amazon reviews")]:
        h.accuracy_task("sentiment", f"{label} dev", [os.path.join(data, "sentiment", f"{name}.dev.jsonl")],
                        [("lede sentiment", cfg("sentiment"))], [vader])
    cores = os.cpu_count() or 1
    h.throughput_task(
        os.path.join(data, "corpus", "news", "articles.jsonl"),
        args.news_docs,
        [("lede entity", cfg("entity"), 1), ("lede sentiment", cfg("sentiment"), 1),
         ("lede default pipeline", default, 1), (f"lede default pipeline, {cores} threads", default, 0)],
        [spacy, ("spaCy 3.6 en_core_web_sm (all components)", "spacy-full"), vader],
    )

    commit = subprocess.run(["git", "-C", args.root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    commit = commit.stdout.strip() or "unknown"
    table = markdown(h.rows)
    header = (
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {cpu_model()} ({cores} cores, {platform.system()} "
        f"{platform.release()}); load average {load_before} at the start, {loadavg()} at the end. "
        f"lede {commit}; Python {platform.python_version()}. Command: `benches/compare/run.sh"
        f"{' --quick' if args.quick else ''}` ({args.runs} run(s) per figure, median time; peak RSS of the process).\n\n"
        "One core per system. Accuracy is scored by `lede eval` for every system (entity: typed mention F1; "
        "quote: end-to-end F1; number: span F1; sentiment: Pearson r with the human ratings). MB/s is MB "
        "(10^6 bytes) of document text per second of processing, model loading excluded.\n"
    )
    notes = "".join(f"\n- {n}" for n in h.notes)
    text = "# lede next to spaCy and VADER\n\n" + header + "\n" + table + (f"\nNotes:{notes}\n" if notes else "")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
