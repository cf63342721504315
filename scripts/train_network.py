"""Train the tagger's neural expert (a BiLSTM-CRF) with torch; write numpy arrays.

    .venv-train/bin/python scripts/train_network.py DATA OUT [--epochs 8 --hid 64]

Run by ``scripts/train_tagger.py`` (``make train``), in a venv of its own that
holds only torch and numpy (``requirements-train.txt``): the package never
imports torch.  DATA is the pickle train_tagger writes (per block of train
and dev: feature rows, spaCy's ``doc.tensor``, tag ids); OUT gets the arrays
``claimkb.extract.tagmodel`` reads, in its layout (matrices input-major, LSTM
gates reordered to input, forget, output, cell), before the product's weight.

The network: an embedding bag over the CRF's own features, beside a tanh
projection of the 96-number tensor and, when DATA holds word vectors, a tanh
projection of each word's pretrained vector (frozen: words train never shows
keep what the vectors know of them; written out projected, a table the
package looks up); one BiLSTM layer; a linear layer over the LSTM's states and
its input; a CRF output layer (transitions, start, end).  ``--fdrop`` leaves
each sparse feature out of the bag in that share of training steps (scaled so
the bag's expected sum stays), so the network learns to read the vectors, the
tensor and its context where the CRF already reads the features.
The epoch kept is the one with the best dev labelled-token accuracy.
Deterministic on one machine: fixed seed, fixed thread count.
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn


class Net(nn.Module):
    def __init__(
        self, rows: int, tags: int, args: argparse.Namespace, vectors: np.ndarray | None
    ) -> None:
        super().__init__()
        self.emb = nn.EmbeddingBag(rows, args.dim, mode="sum", padding_idx=0)
        self.tp = nn.Linear(96, args.proj)
        width = args.dim + args.proj
        self.vec = None
        if vectors is not None:
            self.vec = nn.Embedding.from_pretrained(torch.from_numpy(vectors), freeze=True)
            self.vp = nn.Linear(vectors.shape[1], args.vproj)
            width += args.vproj
        self.drop = nn.Dropout(args.drop)
        self.fdrop = args.fdrop
        self.lstm = nn.LSTM(width, args.hid, bidirectional=True, batch_first=True)
        self.out = nn.Linear(2 * args.hid + width, tags)
        self.trans = nn.Parameter(torch.zeros(tags, tags))
        self.start = nn.Parameter(torch.zeros(tags))
        self.end = nn.Parameter(torch.zeros(tags))

    def emissions(self, batch: list) -> tuple[torch.Tensor, torch.Tensor]:
        xs = [self.inputs(*b) for b in batch]
        lens = torch.tensor([x.shape[0] for x in xs])
        x = self.drop(nn.utils.rnn.pad_sequence(xs, batch_first=True))
        packed = nn.utils.rnn.pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        return self.out(self.drop(torch.cat([h, x], -1))), lens

    def inputs(self, ids, offsets, tensor, _tags, vrows) -> torch.Tensor:
        weights = None
        if self.training and self.fdrop > 0:
            # feature dropout: each sparse feature is left out of the bag now
            # and then, so the dense inputs learn to stand in for it
            keep = torch.rand(ids.shape) >= self.fdrop
            weights = keep.float() / (1.0 - self.fdrop)
        parts = [self.emb(ids, offsets, per_sample_weights=weights), torch.tanh(self.tp(tensor))]
        if self.vec is not None:
            parts.append(torch.tanh(self.vp(self.vec(vrows))))
        return torch.cat(parts, -1)

    def nll(self, e: torch.Tensor, lens: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """The CRF's negative log-likelihood of the gold tags, summed over the batch."""
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


def _gates(w: np.ndarray) -> np.ndarray:
    """torch's gate order (input, forget, cell, output) to (input, forget, output,
    cell), so that one sigmoid covers the first three quarters."""
    i, f, g, o = np.split(w, 4, axis=0)
    return np.concatenate([i, f, o, g], 0)


def arrays(net: Net) -> dict[str, np.ndarray]:
    p = {n: v.detach().numpy().astype(np.float32) for n, v in net.state_dict().items()}
    out = {
        "emb": p["emb.weight"],
        "tensor_w": p["tp.weight"].T,
        "tensor_b": p["tp.bias"],
        "out_w": p["out.weight"].T,
        "out_b": p["out.bias"],
        "trans": p["trans"],
        "start": p["start"],
        "end": p["end"],
    }
    if net.vec is not None:
        # the projection done once for every row: at run time a lookup
        with torch.no_grad():
            out["vec_table"] = torch.tanh(net.vp(net.vec.weight)).numpy()
    for d, suffix in (("fw", ""), ("bw", "_reverse")):
        out[f"{d}_in"] = _gates(p[f"lstm.weight_ih_l0{suffix}"]).T
        out[f"{d}_hid"] = _gates(p[f"lstm.weight_hh_l0{suffix}"]).T
        bias = p[f"lstm.bias_ih_l0{suffix}"] + p[f"lstm.bias_hh_l0{suffix}"]
        out[f"{d}_bias"] = _gates(bias[:, None])[:, 0]
    return {k: np.ascontiguousarray(v) for k, v in out.items()}


def _viterbi(e: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list:
    v, back = start + e[0], []
    for t in range(1, len(e)):
        cand = v[:, None] + trans
        back.append(cand.argmax(0))
        v = cand.max(0) + e[t]
    k = int((v + end).argmax())
    path = [k]
    for b in reversed(back):
        k = int(b[k])
        path.append(k)
    return path[::-1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--dim", type=int, default=32)
    ap.add_argument("--proj", type=int, default=32)
    ap.add_argument("--hid", type=int, default=64)
    ap.add_argument("--vproj", type=int, default=32, help="width of the word vectors' projection")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--drop", type=float, default=0.3)
    ap.add_argument(
        "--fdrop", type=float, default=0.0, help="share of sparse features dropped in training"
    )
    ap.add_argument("--decay", type=float, default=1.0, help="the learning rate's factor per epoch")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    # one thread: the same float sums on any number of cores, and no OpenMP
    # spinning against whatever else runs (two threads ran 3x slower beside it)
    ap.add_argument("--threads", type=int, default=1, help="fixed, for repeatable sums")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    with open(args.data, "rb") as fh:
        data = pickle.load(fh)

    def encode(b: tuple) -> tuple:
        ids, starts, tensor, tags, *vrows = b
        return (
            torch.from_numpy(ids.astype(np.int64)),
            torch.from_numpy(starts.astype(np.int64)),
            torch.from_numpy(tensor.astype(np.float32)),
            torch.from_numpy(tags.astype(np.int64)),
            torch.from_numpy(vrows[0].astype(np.int64)) if vrows else None,
        )

    trs, dvs = [encode(b) for b in data["train"]], [encode(b) for b in data["dev"]]
    net = Net(data["rows"], data["tags"], args, data.get("vectors"))
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=args.decay)
    order = sorted(range(len(trs)), key=lambda i: len(trs[i][3]))
    batches = [order[i : i + args.batch] for i in range(0, len(order), args.batch)]
    best = -1.0
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
        sched.step()
        net.eval()
        a = arrays(net)
        right = total = 0
        with torch.no_grad():
            for x in dvs:
                e, _ = net.emissions([x])
                path = _viterbi(e[0].numpy(), a["trans"], a["start"], a["end"])
                for p, g in zip(path, x[3].tolist(), strict=True):
                    if p or g:
                        total += 1
                        right += p == g
        acc = right / max(total, 1)
        took = time.perf_counter() - t0
        print(f"epoch {epoch}: dev labelled-token accuracy {acc:.3f} ({took:.0f}s)", flush=True)
        if acc > best:
            best = acc
            args.out.parent.mkdir(parents=True, exist_ok=True)
            np.savez(args.out, **a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
