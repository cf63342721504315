"""How far a statement's confidence can be trusted, measured on PolNeAR.

    python scripts/eval_confidence.py [--split dev] [--json]
    python scripts/eval_confidence.py --fit     # refit tagger.CALIBRATION

A tagger statement's confidence is read from the model's marginal probability
of its cue's tags (``tagger.calibrated``).  Here every statement with a cue is
counted right when annotators marked an attribution whose cue it overlaps and
whose content it covers at the scorer's attribution threshold (overlap 0.3):
a real attribution, its words found, whoever the source.  Statements are put in
bins by confidence; a trustworthy confidence is as often right as it says
(expected calibration error: the bins' gap, weighted by size), and ranks right
statements over wrong ones (AUC: the chance a right one outranks a wrong one).

``--fit`` reads the raw probabilities (no calibration, no rounding) and fits
the two numbers of ``tagger.CALIBRATION`` (Platt scaling, by grid search on
log loss), with the calibration error of each half of the articles when
fitted on the other half.  Articles are read from ../shared, never copied.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
from contextlib import ExitStack
from itertools import pairwise
from unittest import mock

from train_tagger import SHARED, gold_reader

from claimkb.extract import extract_many, tagger
from claimkb.ingest import read_document

BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)


def rated(split: str, raw: bool) -> list[tuple[str, float, bool]]:
    """(article, confidence, right) of every statement with a cue."""
    scorer = gold_reader()
    root = SHARED / "data" / "polnear" / split
    gold = scorer.load_gold(str(root))[0]
    docs = [read_document(root / "text" / f"{stem}.txt") for stem in sorted(gold)]
    with ExitStack() as stack:
        if raw:
            # the package's name is shadowed by its ``extract`` function
            module = importlib.import_module("claimkb.extract")
            stack.enter_context(mock.patch.object(tagger, "CALIBRATION", (1.0, 0.0)))
            stack.enter_context(mock.patch.object(module, "round", lambda x, n=0: x, create=True))
        extractions = list(extract_many(docs))
    out = []
    for ex in extractions:
        text = ex.document.text
        marked = [
            (scorer.trimmed_chars(text, a["cue"]), scorer.trimmed_chars(text, a["content"]))
            for a in gold[ex.document.id].gold
            if a.get("cue") and a.get("content")
        ]
        for st in ex.statements:
            if st.cue is None or not st.content:
                continue
            cue = scorer.trimmed_chars(text, [(st.cue.start, st.cue.end)])
            content = scorer.trimmed_chars(text, [(c.start, c.end) for c in st.content])
            right = any(
                cue & c and scorer.overlap_ratio(content, x) >= scorer.OVERLAP_THRESHOLD
                for c, x in marked
            )
            out.append((ex.document.id, st.confidence, right))
    return out


def reliability(rows: list[tuple[str, float, bool]]) -> dict:
    bins = []
    for lo, hi in pairwise(BINS):
        inside = [(c, r) for _, c, r in rows if lo <= c < hi or (hi == 1.0 and c == 1.0)]
        if inside:
            conf = sum(c for c, _ in inside) / len(inside)
            right = sum(r for _, r in inside) / len(inside)
            bins.append(
                {"from": lo, "to": hi, "n": len(inside), "confidence": conf, "right": right}
            )
    ece = sum(b["n"] * abs(b["confidence"] - b["right"]) for b in bins) / max(len(rows), 1)
    return {"statements": len(rows), "bins": bins, "ece": ece, "auc": _auc(rows)}


def _auc(rows: list[tuple[str, float, bool]]) -> float:
    """The chance a right statement has the higher confidence (ties half)."""
    ranked = sorted(rows, key=lambda r: r[1])
    rank_sum, n_right, i = 0.0, 0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][1] == ranked[i][1]:
            j += 1
        tied = sum(r for _, _, r in ranked[i:j])
        rank_sum += tied * (i + j + 1) / 2
        n_right += tied
        i = j
    n_wrong = len(rows) - n_right
    return (rank_sum - n_right * (n_right + 1) / 2) / max(n_right * n_wrong, 1)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def fit(rows: list[tuple[str, float, bool]]) -> tuple[float, float]:
    """Platt scaling of raw probabilities: the (a, b) of least log loss."""
    xs = [(_logit(c), r) for _, c, r in rows]
    best = (math.inf, 1.0, 0.0)
    for i in range(1, 41):
        a = i * 0.05
        for j in range(71):
            b = -3 + j * 0.1
            loss = sum(_softplus(a * x + b) - r * (a * x + b) for x, r in xs) / len(xs)
            best = min(best, (loss, round(a, 2), round(b, 2)))
    return best[1], best[2]


def _softplus(z: float) -> float:
    return z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))


def _scaled(rows: list[tuple[str, float, bool]], ab: tuple[float, float]):
    a, b = ab
    return [(d, 1 / (1 + math.exp(-(a * _logit(c) + b))), r) for d, c, r in rows]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--fit", action="store_true", help="fit tagger.CALIBRATION afresh")
    ap.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    args = ap.parse_args()
    rows = rated(args.split, raw=args.fit)
    result: dict = {"split": args.split}
    if args.fit:
        stems = sorted({d for d, _, _ in rows})
        half = set(stems[::2])
        folds = []
        for held in (half, set(stems) - half):
            ab = fit([r for r in rows if r[0] not in held])
            test = [r for r in rows if r[0] in held]
            error, raw = reliability(_scaled(test, ab))["ece"], reliability(test)["ece"]
            folds.append({"calibration": ab, "ece": error, "raw_ece": raw})
        result["folds"] = folds
        result["calibration"] = fit(rows)
        rows = _scaled(rows, result["calibration"])
    result.update(reliability(rows))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"PolNeAR {args.split}: {result['statements']} statements with a cue")
    print("confidence     statements  mean confidence  right")
    for b in result["bins"]:
        span = f"{b['from']:.2f}-{b['to']:.2f}"
        print(f"{span:14} {b['n']:10}  {b['confidence']:15.2f}  {b['right']:5.2f}")
    print(f"expected calibration error {result['ece']:.3f}, AUC {result['auc']:.3f}")
    for k, f in enumerate(result.get("folds", [])):
        print(
            f"half {k + 1}, fitted on the other: CALIBRATION = {f['calibration']},"
            f" error {f['ece']:.3f} (raw probabilities {f['raw_ece']:.3f})"
        )
    if args.fit:
        print(f"fitted on all of {args.split}: CALIBRATION = {result['calibration']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
