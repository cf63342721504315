"""Extraction speed as a ratio to a bare spaCy parse of the same text, same run.

    python benchmarks/bench_extract.py [--docs N] [--json out/bench-extract.json]

Machines are noisy; the ratio (ours / bare ``nlp.pipe``) is the figure to
compare across runs.  The bare parse is the stock pipeline as ``spacy.load``
gives it; ours runs two of its components faster with the same output
(``claimkb.extract.speedups``), shown as its own row.  The last row times the
whole ``claimkb extract`` command, start-up included.  Text is PolNeAR dev,
read from ../shared.  ``make bench`` runs it with ``OPENBLAS_NUM_THREADS=1``:
our layers multiply through numpy, whose BLAS would otherwise spread a single
process over every core, and the figure asked for is per core.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import spacy

from claimkb.extract import MODEL_PACKAGE, extract_many, nlp
from claimkb.ingest import iter_documents

SHARED = Path(__file__).resolve().parents[2] / "shared"


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=84)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", type=Path, default=Path("out") / "bench-extract.json")
    args = ap.parse_args()
    files = sorted((SHARED / "data" / "polnear" / "dev" / "text").glob("*.txt"))[: args.docs]
    docs = [d for _, d in iter_documents(files)]
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    stock = spacy.load(MODEL_PACKAGE)
    stock("warm up")
    nlp()("warm up")

    bare = best_of(args.repeat, lambda: list(stock.pipe(texts, batch_size=64)))
    ours = best_of(args.repeat, lambda: list(nlp().pipe(texts, batch_size=64)))
    result: dict = {
        "documents": len(docs),
        "words": words,
        "bare_parse_words_per_s": round(words / bare),
        "our_parse": {"words_per_s": round(words / ours), "ratio": round(bare / ours, 2)},
    }
    print(f"{'':32}{'seconds':>10}{'words/s':>10}{'ratio':>8}")
    print(f"{'bare nlp.pipe parse':32}{bare:10.2f}{words / bare:10,.0f}{1:8.2f}")
    print(f"{'our parse (same output)':32}{ours:10.2f}{words / ours:10,.0f}{bare / ours:8.2f}")
    for method in ("rules", "tagger"):
        secs = best_of(args.repeat, lambda m=method: list(extract_many(docs, method=m)))
        result[method] = {"words_per_s": round(words / secs), "ratio": round(bare / secs, 2)}
        label = f"claimkb extract --method {method}"
        print(f"{label:32}{secs:10.2f}{words / secs:10,.0f}{bare / secs:8.2f}")
    cli = Path(sys.executable).with_name("claimkb")
    if args.docs >= len(files):
        cmd = [str(cli), "extract", str(files[0].parent), "--format", "jsonl"]
        secs = best_of(args.repeat, lambda: subprocess.run(cmd, check=True, capture_output=True))
        result["command"] = {"words_per_s": round(words / secs), "ratio": round(bare / secs, 2)}
        label = "claimkb extract (whole command)"
        print(f"{label:32}{secs:10.2f}{words / secs:10,.0f}{bare / secs:8.2f}")
    print(f"({words:,} words, {len(docs)} docs, 1 process, best of {args.repeat})")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
