"""Score the extractor on PolNeAR (read from ../shared, never copied) and time it.

    python scripts/eval_polnear.py --split dev [--out dev.jsonl]

Prints the shared scorer's table and the extraction speed in words/s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from claimkb.extract import extract_many
from claimkb.ingest import iter_documents
from claimkb.records import extraction_dict

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--out", type=Path, default=Path("out") / "polnear-dev.jsonl")
    ap.add_argument("--method", default="auto", choices=["auto", "tagger", "rules"])
    args = ap.parse_args()
    gold = SHARED / "data" / "polnear" / args.split
    docs = [d for _, d in iter_documents([gold / "text"])]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    words = sum(len(d.text.split()) for d in docs)
    t0 = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as fh:
        for ex in extract_many(docs, method=args.method):
            fh.write(json.dumps(extraction_dict(ex), ensure_ascii=False) + "\n")
    dt = time.perf_counter() - t0
    scorer = SHARED / "tools" / "score_attributions.py"
    subprocess.run(
        [sys.executable, str(scorer), "--gold-dir", str(gold), "--pred", str(args.out)],
        check=True,
    )
    print(f"\n{len(docs)} documents, {words:,} words in {dt:.1f}s: {words / dt:,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
