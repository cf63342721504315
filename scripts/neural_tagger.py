"""Experiment, not shipped: a BiLSTM-CRF over the CRF tagger's own features.

Session 24 measured whether a small neural sequence model adds to the shipped
CRF (issue 3).  It reads the same string features ``tagger.token_features``
gives the CRF (those seen 3 times or more in train, by vocabulary id), plus
en_core_web_sm's 96-number ``doc.tensor``; an embedding bag, one BiLSTM
layer (128 per direction) and a CRF output layer.  At scoring time its
emissions and transitions are added to the shipped CRF's own scores (a product
of experts, weight ``--lam``) and decoded with Viterbi, then linked by the
product's own linker.  Nothing here runs in ``claimkb``; the package does not
depend on torch.

    python3 -m venv /tmp/tv && /tmp/tv/bin/pip install torch==2.13.0 numpy
    .venv/bin/python scripts/neural_tagger.py dump            # 5 min: features, labels, tensors
    /tmp/tv/bin/python scripts/neural_tagger.py train         # ~8 min an epoch on 2 cores
    .venv/bin/python scripts/neural_tagger.py score --lam 0.5 # dev scores of CRF + network

``dump`` and ``score`` run in the project's venv; ``train`` needs only torch
and numpy (the dumped pickles hold plain lists and arrays).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "neural"
# Spelled out, not built from tagger.ROLES: ``train`` runs without claimkb or spaCy.
TAGS = ["O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT"]
T2I = {t: i for i, t in enumerate(TAGS)}


def feature_ids(vocab: dict[str, int], feats: list[list[str]]) -> tuple[list[int], list[int]]:
    """The kept features' ids of every token, flat, and where each token's run starts:
    the layout of an embedding bag, in torch and in numpy alike."""
    ids: list[int] = []
    offs: list[int] = []
    for fs in feats:
        offs.append(len(ids))
        ids.extend(vocab[f] for f in fs if f in vocab)
    return ids, offs


def dump() -> None:
    """Per block of train and dev: the CRF's features, gold BIO labels, the tensor."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_tagger as tt

    from claimkb.extract import rules
    from claimkb.extract.cues import lexicon
    from claimkb.extract.tagger import token_features

    scorer, lex = tt.gold_reader(), lexicon()
    OUT.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        docs, _, _ = scorer.load_gold(str(tt.SHARED / "data" / "polnear" / split))
        blocks = []
        for stem, base, doc in tt.parsed_blocks(split, docs, cached=False):
            text = docs[stem].text
            found = rules.block_attributions(doc, base, text, lex)
            blocks.append(
                {
                    "stem": stem,
                    "base": base,
                    "x": token_features(doc, base, text, found, lex),
                    "y": tt.labels(doc, base, docs[stem].gold),
                    "t": np.asarray(doc.tensor, dtype=np.float16),
                }
            )
        with open(OUT / f"{split}.pkl", "wb") as fh:
            pickle.dump(blocks, fh, protocol=5)
        print(split, len(blocks), "blocks", flush=True)


def train(args: argparse.Namespace) -> None:
    """Train with torch; keep the epoch with the best dev labelled-token accuracy."""
    import torch
    from torch import nn

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(2)
    with open(OUT / "train.pkl", "rb") as fh:
        tr = pickle.load(fh)
    with open(OUT / "dev.pkl", "rb") as fh:
        dv = pickle.load(fh)
    counts = Counter(f for b in tr for fs in b["x"] for f in fs)
    kept = sorted(f for f, n in counts.items() if n >= args.minfreq)
    vocab = {f: i + 1 for i, f in enumerate(kept)}

    def encode(b: dict) -> tuple:
        ids, offs = feature_ids(vocab, b["x"])
        return (
            torch.tensor(ids, dtype=torch.long),
            torch.tensor(offs, dtype=torch.long),
            torch.tensor(np.asarray(b["t"], dtype=np.float32)),
            torch.tensor([T2I[y] for y in b["y"]]),
        )

    trs, dvs = [encode(b) for b in tr], [encode(b) for b in dv]
    k = len(TAGS)

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.EmbeddingBag(len(vocab) + 1, args.dim, mode="sum", padding_idx=0)
            self.tp = nn.Linear(96, 32)
            width = args.dim + 32
            self.drop = nn.Dropout(args.drop)
            self.lstm = nn.LSTM(width, args.hid, bidirectional=True, batch_first=True)
            self.out = nn.Linear(2 * args.hid + width, k)
            self.trans = nn.Parameter(torch.zeros(k, k))
            self.start = nn.Parameter(torch.zeros(k))
            self.end = nn.Parameter(torch.zeros(k))

        def emissions(self, batch: list) -> tuple:
            xs = [torch.cat([self.emb(i, o), torch.tanh(self.tp(t))], -1) for i, o, t, _ in batch]
            lens = torch.tensor([x.shape[0] for x in xs])
            x = self.drop(nn.utils.rnn.pad_sequence(xs, batch_first=True))
            packed = nn.utils.rnn.pack_padded_sequence(
                x, lens, batch_first=True, enforce_sorted=False
            )
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            return self.out(self.drop(torch.cat([h, x], -1))), lens

        def nll(self, e: torch.Tensor, lens: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            mask = torch.arange(e.shape[1])[None, :] < lens[:, None]
            gold = self.start[y[:, 0]] + e[:, 0].gather(1, y[:, :1]).squeeze(1)
            alpha = self.start[None] + e[:, 0]
            for t in range(1, e.shape[1]):
                step = self.trans[y[:, t - 1], y[:, t]] + e[:, t].gather(1, y[:, t : t + 1])[:, 0]
                gold = gold + step * mask[:, t]
                nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None] + e[:, t, None, :], 1)
                alpha = torch.where(mask[:, t, None], nxt, alpha)
            gold = gold + self.end[y.gather(1, (lens - 1)[:, None])[:, 0]]
            return (torch.logsumexp(alpha + self.end[None], 1) - gold).sum()

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    order = sorted(range(len(trs)), key=lambda i: len(trs[i][3]))
    batches = [order[i : i + 32] for i in range(0, len(order), 32)]
    best = 0.0
    for epoch in range(args.epochs):
        t0 = time.perf_counter()
        random.shuffle(batches)
        net.train()
        for b in batches:
            batch = [trs[i] for i in b]
            e, lens = net.emissions(batch)
            y = nn.utils.rnn.pad_sequence([x[3] for x in batch], batch_first=True)
            loss = net.nll(e, lens, y) / len(batch)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
        net.eval()
        params = {n: p.detach().numpy().astype(np.float32) for n, p in net.state_dict().items()}
        model = _numpy_model(params)
        right = total = 0
        with torch.no_grad():
            for x in dvs:
                e, _ = net.emissions([x])
                path = viterbi(e[0].numpy(), model["trans"], model["start"], model["end"])
                for p, g in zip(path, x[3].tolist(), strict=True):
                    if p or g:
                        total += 1
                        right += p == g
        acc = right / total
        print(
            f"epoch {epoch}: dev labelled-token accuracy {acc:.3f} "
            f"({time.perf_counter() - t0:.0f}s)",
            flush=True,
        )
        if acc > best:
            best = acc
            half = {n: v.astype(np.float16) for n, v in model.items()}
            np.savez_compressed(OUT / "model.npz", **half)
            (OUT / "features.json").write_text(json.dumps(kept), encoding="utf-8")


def _numpy_model(p: dict) -> dict:
    """torch's parameter names to the arrays ``emissions`` reads."""
    out = {"emb": p["emb.weight"], "tp_w": p["tp.weight"], "tp_b": p["tp.bias"],
           "out_w": p["out.weight"], "out_b": p["out.bias"],
           "trans": p["trans"], "start": p["start"], "end": p["end"]}  # fmt: skip
    for d, suffix in (("f", ""), ("b", "_reverse")):
        out[f"wih_{d}"] = p[f"lstm.weight_ih_l0{suffix}"]
        out[f"whh_{d}"] = p[f"lstm.weight_hh_l0{suffix}"]
        out[f"bias_{d}"] = p[f"lstm.bias_ih_l0{suffix}"] + p[f"lstm.bias_hh_l0{suffix}"]
    return out


def _sig(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def emissions(m: dict, vocab: dict, feats: list[list[str]], tensor: np.ndarray) -> np.ndarray:
    """The network's per-token tag scores, in numpy (what a shipped version would run)."""
    ids, offs = feature_ids(vocab, feats)
    emb = np.zeros((len(feats), m["emb"].shape[1]), np.float32)
    if ids:
        sums = np.add.reduceat(m["emb"][ids], offs, axis=0)
        # reduceat gives a token without kept features its neighbour's row: zero it
        has = np.diff([*offs, len(ids)]) > 0
        emb[has] = sums[has]
    x = np.concatenate([emb, np.tanh(tensor @ m["tp_w"].T + m["tp_b"])], 1)
    n, hid = len(feats), m["whh_f"].shape[1]
    states = []
    for d in ("f", "b"):
        gates = x @ m[f"wih_{d}"].T + m[f"bias_{d}"]
        w = m[f"whh_{d}"].T
        h, c = np.zeros(hid, np.float32), np.zeros(hid, np.float32)
        hs = np.zeros((n, hid), np.float32)
        for t in range(n) if d == "f" else range(n - 1, -1, -1):
            g = gates[t] + h @ w
            c = _sig(g[hid : 2 * hid]) * c + _sig(g[:hid]) * np.tanh(g[2 * hid : 3 * hid])
            h = _sig(g[3 * hid :]) * np.tanh(c)
            hs[t] = h
        states.append(hs)
    return np.concatenate([*states, x], 1) @ m["out_w"].T + m["out_b"]


def viterbi(scores: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list:
    v, back = start + scores[0], []
    for t in range(1, len(scores)):
        cand = v[:, None] + trans
        back.append(cand.argmax(0))
        v = cand.max(0) + scores[t]
    k = int((v + end).argmax())
    path = [k]
    for b in reversed(back):
        k = int(b[k])
        path.append(k)
    return path[::-1]


def crf_weights(path: Path) -> tuple[dict, np.ndarray]:
    """The shipped CRF's state weights (per attribute, per tag) and transitions,
    read from crfsuite's text dump (pycrfsuite's own parser fails on attributes
    holding a newline)."""
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(path))
    dump_file = OUT / "crf.dump"
    t.dump(str(dump_file))
    text = dump_file.read_text(encoding="utf-8", errors="surrogateescape")
    trans_part = text[text.index("TRANSITIONS = {") : text.index("STATE_FEATURES = {")]
    state_part = text[text.index("STATE_FEATURES = {") :]
    trans = np.zeros((len(TAGS), len(TAGS)), np.float32)
    for a, b, w in re.findall(r"\(1\) (\S+) --> (\S+): (\S+)\n", trans_part):
        trans[T2I[a], T2I[b]] = float(w)
    weights: dict[str, np.ndarray] = {}
    pattern = r"\(0\) (.*?) --> (O|[BI]-[A-Z]+): (-?[0-9.e+-]+)\n"
    for attr, tag, w in re.findall(pattern, state_part, re.S):
        weights.setdefault(attr, np.zeros(len(TAGS), np.float32))[T2I[tag]] += float(w)
    return weights, trans


def score(args: argparse.Namespace) -> None:
    """Extract dev with the CRF's decoding replaced by CRF + lam * network, and score it."""
    from claimkb.extract import extract_many, tagger
    from claimkb.ingest import read_document
    from claimkb.records import extraction_dict

    z = np.load(OUT / "model.npz")
    m = {k: z[k].astype(np.float32) for k in z.files}
    vocab = {f: i + 1 for i, f in enumerate(json.loads((OUT / "features.json").read_text()))}
    weights, crf_trans = crf_weights(tagger.model_path())
    trans = crf_trans + args.lam * m["trans"]
    last_doc: list = []
    features_of = tagger.token_features

    def keep_doc(doc, *rest):  # the tensor is read where the CRF would tag
        last_doc[:] = [doc]
        return features_of(doc, *rest)

    class Product:
        def tag(self, feats: list[list[str]]) -> list[str]:
            zero = np.zeros(len(TAGS), np.float32)
            crf = np.array([sum((weights[f] for f in fs if f in weights), zero) for fs in feats])
            if args.lam:
                tensor = np.asarray(last_doc[0].tensor, dtype=np.float32)
                crf = crf + args.lam * emissions(m, vocab, feats, tensor)
            path = viterbi(crf, trans, args.lam * m["start"], args.lam * m["end"])
            return [TAGS[k] for k in path]

    tagger.token_features = keep_doc
    tagger.tagger = Product
    dev = ROOT.parent / "shared" / "data" / "polnear" / "dev"
    pred = OUT / f"dev-lam{args.lam}.jsonl"
    with open(pred, "w", encoding="utf-8") as fh:
        for ex in extract_many([read_document(p) for p in sorted((dev / "text").glob("*.txt"))]):
            fh.write(json.dumps(extraction_dict(ex), ensure_ascii=False) + "\n")
    scorer = ROOT.parent / "shared" / "tools" / "score_attributions.py"
    subprocess.run(
        [sys.executable, str(scorer), "--gold-dir", str(dev), "--pred", str(pred)], check=True
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("dump")
    t = sub.add_parser("train")
    t.add_argument("--epochs", type=int, default=10)
    t.add_argument("--dim", type=int, default=64)
    t.add_argument("--hid", type=int, default=128)
    t.add_argument("--minfreq", type=int, default=3)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--drop", type=float, default=0.3)
    t.add_argument("--seed", type=int, default=0)
    s = sub.add_parser("score")
    s.add_argument("--lam", type=float, default=0.5)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump()
    elif args.cmd == "train":
        train(args)
    else:
        score(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
