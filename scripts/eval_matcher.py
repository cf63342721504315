"""Precision and recall of the claim matcher on our labelled pairs.

    python scripts/eval_matcher.py [PAIRS.tsv ...]

Defaults to tests/data/match_pairs.tsv (the set MATCH_SCORE and SWAP_COST were
chosen on) and tests/data/match_pairs_heldout.tsv (written after, never tuned on).
"""

from __future__ import annotations

import sys
from pathlib import Path

from claimkb.matching import MATCH_SCORE, same_claim

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "tests/data/match_pairs.tsv", ROOT / "tests/data/match_pairs_heldout.tsv"]


def load_pairs(path: Path) -> list[tuple[bool, str, str]]:
    """(same claim?, text a, text b) for each non-comment line."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, a, b = line.split("\t")
            pairs.append((label == "1", a, b))
    return pairs


def precision_recall(pairs: list[tuple[bool, str, str]]) -> tuple[float, float, int, int]:
    """Precision, recall, false positives, false negatives of ``same_claim``."""
    said = [(gold, same_claim(a, b)) for gold, a, b in pairs]
    tp = sum(g and p for g, p in said)
    fp = sum(p and not g for g, p in said)
    fn = sum(g and not p for g, p in said)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), fp, fn


def main(paths: list[str]) -> None:
    print(f"threshold {MATCH_SCORE}")
    print(f"{'pairs':<28} {'n':>4} {'P':>6} {'R':>6} {'FP':>4} {'FN':>4}")
    for path in [Path(p) for p in paths] or DEFAULT:
        pairs = load_pairs(path)
        p, r, fp, fn = precision_recall(pairs)
        print(f"{path.name:<28} {len(pairs):>4} {p:>6.3f} {r:>6.3f} {fp:>4} {fn:>4}")


if __name__ == "__main__":
    main(sys.argv[1:])
