"""How far PolNeAR's own annotators agree: the scale a tagger's scores sit on.

    python scripts/agreement_polnear.py [--split train] [--json]

Most articles carry one annotator's file; a few (16 in train) carry five or
six.  Every ordered pair of their first five annotators is scored as gold and
prediction by the shared scorer's own code (its reader and ``score``), so the
figures read like ``make eval``'s: exact-span F1 per role and attribution F1.
Read from ../shared, never copied.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from itertools import permutations
from pathlib import Path

from train_tagger import SHARED, gold_reader

ANNOTATORS = 5
FIGURES = ("source", "cue", "content", "attribution")


def figures(result: dict) -> list[float]:
    exact = result["exact"]
    return [100 * exact[r]["f1"] for r in FIGURES[:3]] + [100 * result["attribution"]["f1"]]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="train", choices=["train", "dev"])
    ap.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    args = ap.parse_args()
    scorer = gold_reader()
    split = SHARED / "data" / "polnear" / args.split
    files: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((split / "attributions").glob("*.ann")):
        files[ann.stem.rsplit("_", 1)[0]].append(ann)
    several = {stem: anns[:ANNOTATORS] for stem, anns in files.items() if len(anns) >= ANNOTATORS}
    if not several:
        print(f"no {args.split} article has {ANNOTATORS} annotators", file=sys.stderr)
        return 1
    texts = {stem: scorer.read_text(str(split / "text" / f"{stem}.txt")) for stem in several}
    stats = scorer._new_gold_stats()
    marks = {
        stem: [scorer.parse_ann(str(a), texts[stem], stats) for a in anns]
        for stem, anns in several.items()
    }
    pairs = []
    for g, p in permutations(range(ANNOTATORS), 2):
        docs = {
            stem: scorer.Doc(stem, texts[stem], gold=marks[stem][g], pred=marks[stem][p])
            for stem in several
        }
        pairs.append(figures(scorer.score(docs)))
    table = {
        name: {
            "mean": statistics.mean(v),
            "min": min(v),
            "max": max(v),
        }
        for name, v in zip(FIGURES, zip(*pairs, strict=True), strict=True)
    }
    if args.json:
        print(json.dumps({"articles": len(several), "pairs": len(pairs), "f1": table}, indent=1))
        return 0
    print(f"annotator agreement, {len(several)} {args.split} articles, {len(pairs)} ordered pairs")
    print(f"{'F1':12s} {'mean':>6s} {'min':>6s} {'max':>6s}")
    for name, row in table.items():
        print(f"{name:12s} {row['mean']:6.1f} {row['min']:6.1f} {row['max']:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
