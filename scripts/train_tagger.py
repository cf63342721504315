"""Train the attribution tagger on PolNeAR train; report dev; write the model.

    python scripts/train_tagger.py [--iterations 200] [--out src/claimkb/data/tagger.crfsuite]

PolNeAR is read from ../shared (never copied).  Parses are cached under
out/cache/ so that re-training with other settings skips spaCy.  crfsuite's
L-BFGS is deterministic: same data and settings, same model bytes.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import pycrfsuite
from spacy.tokens import DocBin

from claimkb.extract import nlp, rules
from claimkb.extract.cues import lexicon
from claimkb.extract.segment import split_blocks
from claimkb.extract.tagger import model_path, token_features

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CACHE = ROOT / "out" / "cache"
_ROLE = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


def gold_reader():
    """The shared scorer's brat reader, so training reads gold exactly as scoring does."""
    path = SHARED / "tools" / "score_attributions.py"
    spec = importlib.util.spec_from_file_location("claimkb_scorer", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["claimkb_scorer"] = mod
    spec.loader.exec_module(mod)
    return mod


def parsed_blocks(split: str, docs: dict, cached: bool = True) -> list[tuple[str, int, object]]:
    """(stem, block start, spaCy Doc) for every block extraction would parse.

    ``cached=False`` parses afresh: the cache keeps no ``doc.tensor``."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cache = CACHE / f"{split}-blocks.spacy"
    pipeline = nlp()
    if cached and cache.exists():
        db = DocBin().from_disk(cache)
        out = [(d.user_data["stem"], d.user_data["base"], d) for d in db.get_docs(pipeline.vocab)]
        return out
    items = []
    for stem, gd in sorted(docs.items()):
        for b in split_blocks(gd.text):
            if b.kind != "caption" and b.repeats is None:
                items.append((gd.text[b.start : b.end], (stem, b.start)))
    db = DocBin(store_user_data=True)
    out = []
    for doc, (stem, base) in pipeline.pipe(items, as_tuples=True, batch_size=64):
        doc.user_data["stem"] = stem
        doc.user_data["base"] = base
        db.add(doc)
        out.append((stem, base, doc))
    db.to_disk(cache)
    return out


def labels(doc, base: int, gold: list[dict]) -> list[str]:
    """BIO role labels; a token belongs to the first gold span that covers its start."""
    spans = []
    for k, att in enumerate(gold):
        for role, frags in att.items():
            for n, (s, e) in enumerate(frags or ()):
                spans.append((s, e, _ROLE[role], (k, role, n)))
    out, prev = [], None
    for tok in doc:
        pos = base + tok.idx
        hit = next((sp for sp in spans if sp[0] <= pos < sp[1]), None)
        if hit is None or tok.is_space:
            out.append("O")
            prev = None
            continue
        out.append(("I-" if prev == hit[3] else "B-") + hit[2])
        prev = hit[3]
    return out


def sequences(split: str, scorer):
    docs, _, _ = scorer.load_gold(str(SHARED / "data" / "polnear" / split))
    lex = lexicon()
    xs, ys = [], []
    for stem, base, doc in parsed_blocks(split, docs):
        text = docs[stem].text
        found = rules.block_attributions(doc, base, text, lex)
        xs.append(token_features(doc, base, text, found, lex))
        ys.append(labels(doc, base, docs[stem].gold))
    return xs, ys


def train(xs, ys, params: dict, out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params(params)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--c1", type=float, default=2.0)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--out", type=Path, default=model_path())
    args = ap.parse_args()
    scorer = gold_reader()
    t0 = time.perf_counter()
    xs, ys = sequences("train", scorer)
    print(
        f"train: {len(xs)} blocks, {sum(map(len, xs)):,} tokens "
        f"({time.perf_counter() - t0:.0f}s to featurise)",
        flush=True,
    )
    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.possible_transitions": True,
        "feature.minfreq": 2,
    }
    t1 = time.perf_counter()
    train(xs, ys, params, args.out)
    size = args.out.stat().st_size / 1e6
    print(f"trained in {time.perf_counter() - t1:.0f}s -> {args.out} ({size:.1f} MB)", flush=True)
    # token-level sanity check on dev; the real figures come from `make eval`
    dx, dy = sequences("dev", scorer)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.out))
    right = total = 0
    for x, y in zip(dx, dy, strict=True):
        for p, g in zip(tagger.tag(x), y, strict=True):
            if g != "O" or p != "O":
                total += 1
                right += p == g
    print(f"dev: {right / max(total, 1):.3f} of labelled tokens tagged right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
