"""Score the extractor on PolNeAR (read from ../shared, never copied) and time it.

    python scripts/eval_polnear.py --split dev [--out dev.jsonl] [--gold-tags]

Prints the shared scorer's table and the extraction speed in words/s.
``--gold-tags`` hands the linker PolNeAR's own role tags in place of the
tagger's: what linking and post-processing make of perfect tags, the ceiling
a better tagger could reach (session 33: dev exact 97.5 / 97.9 / 93.7,
attribution 94.7).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from unittest import mock

import numpy as np

from claimkb.extract import extract_many, tagger
from claimkb.ingest import iter_documents
from claimkb.records import extraction_dict

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--out", type=Path, default=Path("out") / "polnear-dev.jsonl")
    ap.add_argument("--method", default="auto", choices=["auto", "tagger", "rules"])
    ap.add_argument(
        "--gold-tags", action="store_true", help="PolNeAR's role tags in place of the tagger's"
    )
    args = ap.parse_args()
    gold = SHARED / "data" / "polnear" / args.split
    docs = [d for _, d in iter_documents([gold / "text"])]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    words = sum(len(d.text.split()) for d in docs)
    tags = mock.patch.object(tagger, "batch_tags", gold_tags(gold)) if args.gold_tags else None
    t0 = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as fh, tags or nullcontext():
        for ex in extract_many(docs, method="tagger" if args.gold_tags else args.method):
            fh.write(json.dumps(extraction_dict(ex), ensure_ascii=False) + "\n")
    dt = time.perf_counter() - t0
    texts = {d.id: d.text for d in docs}
    scorer = SHARED / "tools" / "score_attributions.py"
    subprocess.run(
        [sys.executable, str(scorer), "--gold-dir", str(gold), "--pred", str(args.out)],
        check=True,
    )
    print(f"\n{len(docs)} documents, {words:,} words in {dt:.1f}s: {words / dt:,.0f} words/s")
    print_speaker_table(args.out, texts)
    return 0


def gold_tags(gold: Path):
    """A stand-in for ``tagger.batch_tags`` that reads each block's BIOES tags
    off the gold annotations, as training does (``train_tagger.labels``)."""
    sys.path.insert(0, str(Path(__file__).parent))
    import train_tagger  # the training script: its reader and labels, not a copy

    scorer = train_tagger.gold_reader()
    by_text = {d.text: d.gold for d in scorer.load_gold(str(gold))[0].values()}
    model_tags = tagger.batch_tags

    def batch_tags(blocks: list, lex) -> list[tagger.Tagged | None]:
        out = model_tags(blocks, lex)  # None where the tagger reads none (transcript turns)
        for k, (doc, base, text, _) in enumerate(blocks):
            if out[k] is not None:
                tags = train_tagger.bioes(train_tagger.labels(doc, base, by_text[text]))
                out[k] = tagger.Tagged(tags, np.array([t.endswith("-CUE") for t in tags], float))
        return out

    return batch_tags


_PRONOUNS = {"he", "she", "they", "him", "her", "i", "we", "it"}


def print_speaker_table(pred: Path, texts: dict[str, str]) -> None:
    """How often sources end up as names (PolNeAR has no coreference gold, so
    this counts resolutions, it does not check them; scripts/eval_speakers.py
    checks them against a hand-checked set)."""
    n = {"pronoun": 0, "pronoun->name": 0, "title": 0, "title->name": 0, "name": 0, "name->full": 0}
    for line in pred.open(encoding="utf-8"):
        rec = json.loads(line)
        for st in rec["statements"]:
            src, sp = st["source"], st["speaker"]
            if not src or not sp:
                continue
            low = src["text"].strip().lower()
            full = len(sp["name"].split()) > 1 and sp["name"] in texts[rec["doc"]]
            if low in _PRONOUNS:
                n["pronoun"] += 1
                n["pronoun->name"] += sp["resolved_by"] == "pronoun" and full
            elif low.startswith("the ") and sp["type"] == "person":
                n["title"] += 1
                n["title->name"] += sp["resolved_by"] == "title"
            elif sp["resolved_by"] == "name" and sp["type"] == "person":
                n["name"] += 1
                n["name->full"] += full
    print("\nspeaker resolution (counts, not accuracy):")
    for kind in ("pronoun", "title", "name"):
        hit = n[f"{kind}->name" if kind != "name" else "name->full"]
        print(
            f"  {kind:8} sources {n[kind]:5}  resolved to a full name {hit:5}"
            f"  ({hit / max(n[kind], 1):.0%})"
        )


if __name__ == "__main__":
    sys.exit(main())
