"""The tagger's weights, and how they score and decode a batch of blocks, in numpy.

The shipped tagger is a product of two experts over the same string features
(``tagger.token_features``): the CRF crfsuite trained, and a small BiLSTM-CRF
that also reads spaCy's ``doc.tensor`` and, by the hash of each lower-cased
word, a projection of its pretrained word vector (or several networks, one per
training seed, whose scores add up the same way).  Their per-token tag scores and
transition scores are summed and decoded together with Viterbi (session 24
measured the sum at dev attribution 74.2 against the CRF's 73.0).  Both are
plain arrays in one ``.npz`` so that tagging needs only numpy: crfsuite is a
training tool here, torch is never imported.

Blocks are scored in batches (``extract_many`` hands over a group of
documents): the LSTM's and Viterbi's Python loops then run once per time step
for all blocks together, which is what makes them cheap.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, pairwise, repeat
from pathlib import Path

import numpy as np

ROLE_NAMES = ("SOURCE", "CUE", "CONTENT")


def tag_set(scheme: str) -> tuple[str, ...]:
    """``bio`` or ``bioes`` tags over the three roles, ``O`` first."""
    prefixes = {"bio": "BI", "bioes": "BIES"}[scheme]
    return ("O", *(f"{p}-{r}" for r in ROLE_NAMES for p in prefixes))


#: The tag set of a file that names none (files before session 28): BIO.
TAGS = tag_set("bio")


#: Feature ids gathered per pass: bounds the temporary (ids x width floats) array.
_CHUNK = 1 << 14
#: Tokens summed per pass of a column bag: its rows stay in cache between templates.
_BAG_TOKENS = 2048
#: Tokens per LSTM batch, padded token slots per Viterbi batch: bounds memory
#: on huge documents.
_CELLS = 1 << 15
_DIGESTS = "train_digests"  # the array naming what the model was trained on
_SEP = "\x00"  # between feature strings in the stored vocabulary; no feature holds one


#: A feature template: its prefix, and each token's value (None: the token has
#: no such feature).  The feature is prefix + value; a flag's value is "".
Column = tuple[str, Sequence[str | None]]


@dataclass(frozen=True)
class Features:
    """A block's features as template columns, plus each token's features of
    no fixed number (``extra``), which are spelled after the first
    ``extra_at`` columns."""

    columns: list[Column]
    extra: list[list[str]]
    extra_at: int


def spell(features: Features) -> list[list[str]]:
    """Each token's feature strings, in column order: what crfsuite reads and
    what a model file names its rows by."""
    out: list[list[str]] = [[] for _ in features.extra]
    for k, (prefix, values) in enumerate(features.columns):
        if k == features.extra_at:
            for fs, more in zip(out, features.extra, strict=True):
                fs.extend(more)
        for fs, value in zip(out, values, strict=True):
            if value is not None:
                fs.append(prefix + value)
    if features.extra_at >= len(features.columns):
        for fs, more in zip(out, features.extra, strict=True):
            fs.extend(more)
    return out


@dataclass(frozen=True)
class Lstm:
    """One direction, gates reordered to (input, forget, output, cell)."""

    w_in: np.ndarray  # (width, 4 * hidden)
    w_hid: np.ndarray  # (hidden, 4 * hidden)
    bias: np.ndarray  # (4 * hidden,)


@dataclass(frozen=True)
class Network:
    """One BiLSTM expert: its embedding is columns ``cols`` of ``TagModel.table``;
    its output layer and transitions already carry its weight in the product."""

    cols: slice
    tensor_w: np.ndarray  # (tensor width, proj)
    tensor_b: np.ndarray
    forward: Lstm
    backward: Lstm
    out_w: np.ndarray  # (2 * hidden + dim + proj, tags)
    out_b: np.ndarray
    start: np.ndarray
    end: np.ndarray
    # (word-vector rows + 1, proj): the projected pretrained vector of each row,
    # row 0 for a word with none; None in a network that reads no vectors
    vec_table: np.ndarray | None = None


@dataclass(frozen=True)
class TagModel:
    vocab: dict[str, int]  # feature string -> row (from 1; 0 is the all-zero row)
    # (features + 1, tags [+ dim per network]): the CRF's weight of each feature
    # per tag, then each network's embedding of it: one gather serves every expert
    table: np.ndarray
    trans: np.ndarray  # (tags, tags): every expert's transition scores, summed
    networks: tuple[Network, ...] = ()
    # sorted hashes of lower-cased words (spaCy's ``Token.lower``) with a
    # pretrained vector, and each one's row (from 1) in the networks' vec_table
    vec_keys: np.ndarray | None = None
    vec_rows: np.ndarray | None = None
    tags: tuple[str, ...] = TAGS  # the tag of each score column

    @cached_property
    def templates(self) -> dict[str, dict[str, int]]:
        """The rows by template prefix, then value: ``Features`` columns are
        looked up without spelling a string per token."""
        out: dict[str, dict[str, int]] = {}
        for feature, row in self.vocab.items():
            cut = feature.find("=") + 1
            prefix, value = (feature[:cut], feature[cut:]) if cut else (feature, "")
            out.setdefault(prefix, {})[value] = row
        return out


#: A network's arrays by file name, with the number of axes one network's has:
#: a file stacks several networks (an ensemble) along a first axis of their own.
NETWORK_ARRAYS = {
    "emb": 2,
    "tensor_w": 2,
    "tensor_b": 1,
    **{f"{d}_{w}": n for d in ("fw", "bw") for w, n in (("in", 2), ("hid", 2), ("bias", 1))},
    "out_w": 2,
    "out_b": 1,
    "start": 1,
    "end": 1,
    "vec_table": 2,
}


def load(path: Path) -> TagModel:
    z = np.load(path)
    a = {k: z[k] for k in z.files}
    names = a["vocab"].tobytes().decode("utf-8").split(_SEP) if a["vocab"].size else []
    vocab = {f: i for i, f in enumerate(names, start=1)}
    f32 = {
        k: np.asarray(v, dtype=np.float32)
        for k, v in a.items()
        if k not in ("vocab", "vec_keys", "vec_rows", "tags", _DIGESTS)
    }
    tags = tuple(a["tags"].tobytes().decode("ascii").split()) if "tags" in a else TAGS
    if "emb" not in f32:
        return TagModel(vocab, np.ascontiguousarray(f32["state"]), f32["trans"], tags=tags)
    stacked = {
        k: v if v.ndim > NETWORK_ARRAYS[k] else v[None]
        for k, v in f32.items()
        if k in NETWORK_ARRAYS
    }
    k = f32["state"].shape[1]
    dim = stacked["emb"].shape[2]
    networks = []
    for j in range(len(stacked["emb"])):
        n = {name: np.ascontiguousarray(v[j]) for name, v in stacked.items()}
        networks.append(
            Network(
                cols=slice(k + j * dim, k + (j + 1) * dim),
                tensor_w=n["tensor_w"],
                tensor_b=n["tensor_b"],
                forward=Lstm(n["fw_in"], n["fw_hid"], n["fw_bias"]),
                backward=Lstm(n["bw_in"], n["bw_hid"], n["bw_bias"]),
                out_w=n["out_w"],
                out_b=n["out_b"],
                start=n["start"],
                end=n["end"],
                vec_table=n.get("vec_table"),
            )
        )
    table = np.concatenate([f32["state"], *stacked["emb"]], 1)
    keys = a.get("vec_keys")
    rows = a["vec_rows"].astype(np.intp) if keys is not None else None
    return TagModel(
        vocab, np.ascontiguousarray(table), f32["trans"], tuple(networks), keys, rows, tags
    )


def save(
    path: Path,
    arrays: dict[str, np.ndarray],
    features: Sequence[str],
    tags: Sequence[str] = TAGS,
    digests: dict[str, str] | None = None,
) -> None:
    """Write a model: ``arrays`` by the names ``load`` reads, rows in ``features``
    order, score columns in ``tags`` order; ``digests``, what it was trained on
    (``train_digests``)."""
    if any(_SEP in f for f in features):
        raise ValueError("a feature string holds a NUL character")
    blob = np.frombuffer(_SEP.join(features).encode("utf-8"), dtype=np.uint8)
    names = np.frombuffer(" ".join(tags).encode("ascii"), dtype=np.uint8)
    if digests:
        text = json.dumps(digests, sort_keys=True).encode("utf-8")
        arrays = {**arrays, _DIGESTS: np.frombuffer(text, dtype=np.uint8)}
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, vocab=blob, tags=names, **arrays)


def train_digests(path: Path) -> dict[str, str]:
    """The hash of each training article's features and tags, as the model at
    ``path`` was trained on them (empty for a file written without them)."""
    z = np.load(path)
    return json.loads(z[_DIGESTS].tobytes()) if _DIGESTS in z.files else {}


def feature_rows(vocab: dict[str, int], feats: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Every token's feature rows, flat (0 for unknown features), and where each
    token's run starts: one C-level dictionary pass over the whole block list."""
    lengths = np.fromiter(map(len, feats), dtype=np.intp, count=len(feats))
    flat = map(vocab.get, chain.from_iterable(feats), repeat(0))
    ids = np.fromiter(flat, dtype=np.intp, count=int(lengths.sum()))
    starts = np.zeros(len(feats), dtype=np.intp)
    np.cumsum(lengths[:-1], out=starts[1:])
    return ids, starts


def _bag(table: np.ndarray, ids: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Row sums of ``table`` over each token's ids (every token has at least one)."""
    out = np.empty((len(starts), table.shape[1]), dtype=np.float32)
    ends = np.append(starts[1:], len(ids))
    first = 0
    while first < len(starts):
        last = int(np.searchsorted(starts, starts[first] + _CHUNK, side="right"))
        last = max(last, first + 1)
        lo, hi = starts[first], ends[last - 1]
        out[first:last] = np.add.reduceat(table[ids[lo:hi]], starts[first:last] - lo, axis=0)
        first = last
    return out


def _column_bag(model: TagModel, blocks: Sequence[Features]) -> np.ndarray:
    """``_bag`` of blocks given as columns (all built by the same featuriser,
    so the same templates in the same order): one look-up pass per template
    over the whole batch, then each template's rows added into every token's
    sum, where an absent or unknown feature reads the all-zero row 0."""
    n = sum(len(b.extra) for b in blocks)
    ids = []
    for k, (prefix, _) in enumerate(blocks[0].columns):
        rows = model.templates.get(prefix)
        if rows is not None:
            values = chain.from_iterable(b.columns[k][1] for b in blocks)
            ids.append(np.fromiter(map(rows.get, values, repeat(0)), np.intp, count=n))
    out = np.zeros((n, model.table.shape[1]), dtype=np.float32)
    # Template by template into the sum, a cache-sized run of tokens at a time:
    # the same additions in the same order as gathering a (tokens, templates,
    # width) block and summing it, at half the cost.
    row = np.empty((_BAG_TOKENS, model.table.shape[1]), dtype=np.float32)
    for first in range(0, n, _BAG_TOKENS):
        part = out[first : first + _BAG_TOKENS]
        for column in ids:
            np.take(model.table, column[first : first + _BAG_TOKENS], axis=0, out=row[: len(part)])
            part += row[: len(part)]
    extra = [fs for b in blocks for fs in b.extra]
    has = np.flatnonzero([len(fs) for fs in extra])
    if len(has):
        more_ids, starts = feature_rows(model.vocab, [extra[i] for i in has])
        out[has] += _bag(model.table, more_ids, starts)
    return out


def _sub_batches(lengths: np.ndarray) -> list[np.ndarray]:
    """Block indices longest first, cut so that no batch pads past ``_CELLS``
    token slots: a document with one very long block and many short ones then
    neither steps every short block through the long one nor pads them all."""
    order = np.argsort(-lengths, kind="stable")
    out, first = [], 0
    while first < len(order):
        fits = max(1, _CELLS // int(lengths[order[first]]))
        out.append(order[first : first + fits])
        first += fits
    return out


def _token_batches(lengths: np.ndarray) -> list[np.ndarray]:
    """Block indices longest first, cut so that no batch holds more than
    ``_CELLS`` tokens: the LSTM reads a batch packed, without padding, so its
    memory is its tokens'."""
    order = np.argsort(-lengths, kind="stable")
    ends = np.cumsum(lengths[order])
    out, first = [], 0
    while first < len(order):
        base = ends[first - 1] if first else 0
        last = max(first + 1, int(np.searchsorted(ends, base + _CELLS, side="right")))
        out.append(order[first:last])
        first = last
    return out


def _packed(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For blocks of ``lengths`` (longest first) laid end to end: how many are
    still running at each step, and, step after step, the position of each
    running block's token at that step counted from its start (forward) and
    from its end (backward).  Step t's tokens are then one contiguous run of
    the packed arrays, so the LSTM steps through no padding at all."""
    active = _active(lengths)
    starts = np.cumsum(lengths) - lengths
    first = np.cumsum(active) - active
    step = np.repeat(np.arange(len(active)), active)
    row = np.arange(int(active.sum())) - np.repeat(first, active)
    forward = starts[row] + step
    backward = starts[row] + lengths[row] - 1 - step
    return active, forward, backward


def _run(w_hid: np.ndarray, gates: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Hidden states of packed blocks (``_packed``), from each token's input
    ``gates`` (its input times the LSTM's input weights, plus the bias): step
    t's ``active[t]`` tokens follow step t - 1's, each block in the same row.
    Buffers are reused and operations done in place, so that a step
    allocates nothing (at extraction's batch sizes the steps' arithmetic is
    most of the cost: session 56 stepped several LSTMs as one stack and
    saved nothing)."""
    hid = w_hid.shape[0]
    batch = int(active[0]) if len(active) else 0
    h = np.zeros((batch, hid), np.float32)
    c = np.zeros((batch, hid), np.float32)
    g = np.empty((batch, 4 * hid), np.float32)
    tmp = np.empty((batch, hid), np.float32)
    out = np.empty((len(gates), hid), np.float32)
    at = 0
    for n in active.tolist():
        gn, cn, tn = g[:n], c[:n], tmp[:n]
        np.matmul(h[:n], w_hid, out=gn)
        gn += gates[at : at + n]
        sig = gn[:, : 3 * hid]
        np.negative(sig, out=sig)
        np.exp(sig, out=sig)
        sig += 1.0
        np.reciprocal(sig, out=sig)
        np.tanh(gn[:, 3 * hid :], out=tn)
        tn *= gn[:, :hid]
        cn *= gn[:, hid : 2 * hid]
        cn += tn
        np.tanh(cn, out=tn)
        np.multiply(gn[:, 2 * hid : 3 * hid], tn, out=h[:n])
        out[at : at + n] = h[:n]
        at += n
    return out


def _pad(seqs: list[np.ndarray], rows: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``seqs[rows]`` stacked into one zero-padded (rows, longest, width) array."""
    out = np.zeros((len(rows), int(lengths[rows[0]]), seqs[rows[0]].shape[1]), np.float32)
    for row, k in enumerate(rows):
        out[row, : lengths[k]] = seqs[k]
    return out


def _active(lengths: np.ndarray) -> np.ndarray:
    """How many of the (longest-first) blocks are still running at each step."""
    return (lengths[None, :] > np.arange(int(lengths[0]))[:, None]).sum(1)


def vector_rows(keys: np.ndarray | None, rows: np.ndarray | None, words: np.ndarray) -> np.ndarray:
    """Each word's row in the networks' ``vec_table`` (0: no vector), by the
    hash of its lower-cased form: ``keys`` sorted, ``rows`` theirs."""
    if keys is None or rows is None or not len(keys):
        return np.zeros(len(words), np.intp)
    at = np.minimum(np.searchsorted(keys, words), len(keys) - 1)
    return np.where(keys[at] == words, rows[at], 0)


def _network_input(
    net: Network, bag: np.ndarray, tensor: np.ndarray, vec_rows: np.ndarray
) -> np.ndarray:
    parts = [bag, np.tanh(tensor.astype(np.float32) @ net.tensor_w + net.tensor_b)]
    if net.vec_table is not None:
        parts.append(net.vec_table[vec_rows])
    return np.concatenate(parts, 1)


def _network_scores(
    net: Network, bags: list[np.ndarray], tensors: list[np.ndarray], vec_rows: list[np.ndarray]
) -> list:
    lengths = np.array([len(b) for b in bags])
    xs = [_network_input(net, *a) for a in zip(bags, tensors, vec_rows, strict=True)]
    scores: list = [None] * len(xs)
    for rows in _token_batches(lengths):
        x = np.concatenate([xs[k] for k in rows])
        active, forward, backward = _packed(lengths[rows])
        hid = net.forward.w_hid.shape[0]
        states = np.empty((len(x), 2 * hid), np.float32)
        for lstm, order, first in ((net.forward, forward, 0), (net.backward, backward, hid)):
            gates = x[order] @ lstm.w_in
            gates += lstm.bias
            states[order, first : first + hid] = _run(lstm.w_hid, gates, active)
        out = np.concatenate([states, x], 1) @ net.out_w + net.out_b
        ends = np.cumsum(lengths[rows])
        for k, end in zip(rows, ends, strict=True):
            scores[k] = out[end - lengths[k] : end]
    return scores


def block_scores(
    model: TagModel,
    feats: Sequence[list[list[str]]] | Sequence[Features],
    tensors: list[np.ndarray],
    words: list[np.ndarray] | None = None,
) -> list[np.ndarray]:
    """Each block's (tokens, tags) scores: the CRF's plus every network's.
    ``feats`` are each block's feature strings per token, or its ``Features``;
    ``words`` are each block's ``Token.lower`` hashes, for the word vectors."""
    if feats and isinstance(feats[0], Features):
        blocks: Sequence[Features] = feats  # type: ignore[assignment]
        summed = _column_bag(model, blocks)
        sizes = [len(b.extra) for b in blocks]
    else:
        flat = [fs for block in feats for fs in block]  # type: ignore[union-attr]
        ids, starts = feature_rows(model.vocab, flat)
        summed = _bag(model.table, ids, starts)
        sizes = [len(b) for b in feats]
    k = len(model.tags)
    bounds = list(pairwise(np.cumsum([0, *sizes])))
    scores = [summed[a:b, :k] for a, b in bounds]
    if words is None:  # no words given: every token reads row 0, no vector
        vec_rows = [np.zeros(n, np.intp) for n in sizes]
    else:
        vec_rows = [vector_rows(model.vec_keys, model.vec_rows, w) for w in words]
    for net in model.networks:
        bags = [summed[a:b, net.cols] for a, b in bounds]
        more = _network_scores(net, bags, tensors, vec_rows)
        scores = [s + n for s, n in zip(scores, more, strict=True)]
    return scores


def _edge_scores(model: TagModel) -> tuple[np.ndarray, np.ndarray]:
    """The scores of starting and of ending a block on each tag, every network's summed."""
    k = len(model.tags)
    start = sum((n.start for n in model.networks), np.zeros(k, np.float32))
    end = sum((n.end for n in model.networks), np.zeros(k, np.float32))
    return start, end


def _stepped(
    scores: list[np.ndarray],
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Blocks in batches to step through together, longest first: each
    batch's block indices, lengths, zero-padded scores and how many blocks are
    still running at each step."""
    lengths = np.array([len(s) for s in scores])
    for rows in _sub_batches(lengths):
        sub = lengths[rows]
        yield rows, sub, _pad(scores, rows, lengths), _active(sub)


def viterbi(model: TagModel, scores: list[np.ndarray]) -> list[list[int]]:
    """The best tag sequence of each block under its summed scores, blocks
    stepped together (longest first, like the LSTM)."""
    k = len(model.tags)
    start, end = _edge_scores(model)
    out: list = [None] * len(scores)
    for rows, sub, padded, active in _stepped(scores):
        batch, steps = len(rows), int(sub[0])
        back = np.zeros((batch, steps, k), dtype=np.intp)
        v = start + padded[:, 0]
        for t in range(1, steps):
            n = active[t]
            cand = v[:n, :, None] + model.trans
            best = cand.argmax(1)
            back[:n, t] = best
            v[:n] = np.take_along_axis(cand, best[:, None, :], 1)[:, 0] + padded[:n, t]
        cur = (v + end).argmax(1)
        path = np.zeros((batch, steps), dtype=np.intp)
        path[np.arange(batch), sub - 1] = cur
        for t in range(steps - 1, 0, -1):
            n = active[t]
            cur[:n] = back[np.arange(n), t, cur[:n]]
            path[:n, t - 1] = cur[:n]
        for row, i in enumerate(rows):
            out[i] = path[row, : sub[row]].tolist()
    return out


def marginals(model: TagModel, scores: list[np.ndarray]) -> list[np.ndarray]:
    """Each block's (tokens, tags) probability of every tag at every token,
    summed over all tag sequences: forward-backward, blocks stepped together
    like ``viterbi``, in probabilities rescaled at every step (a matrix
    product a step, where log space would take a log-sum-exp over every pair
    of tags)."""
    k = len(model.tags)
    start, end = _edge_scores(model)
    step = np.exp(model.trans - model.trans.max())
    out: list = [None] * len(scores)
    for rows, sub, padded, active in _stepped(scores):
        batch, steps = len(rows), int(sub[0])
        emit = np.exp(padded - padded.max(2, keepdims=True))
        alpha = np.zeros((batch, steps, k), np.float32)
        first = np.exp(start + padded[:, 0] - (start + padded[:, 0]).max(1, keepdims=True))
        alpha[:, 0] = first / _total(first)
        for t in range(1, steps):
            n = active[t]
            a = (alpha[:n, t - 1] @ step) * emit[:n, t]
            alpha[:n, t] = a / _total(a)
        beta = np.zeros((batch, steps, k), np.float32)
        beta[np.arange(batch), sub - 1] = np.exp(end - end.max())
        for t in range(steps - 2, -1, -1):
            n = active[t + 1]  # the blocks that go on past t
            b = (emit[:n, t + 1] * beta[:n, t + 1]) @ step.T
            beta[:n, t] = b / _total(b)
        for row, i in enumerate(rows):
            post = alpha[row, : sub[row]] * beta[row, : sub[row]]
            out[i] = post / _total(post)
    return out


def _total(x: np.ndarray) -> np.ndarray:
    """Row sums to divide by, never zero (a row that underflowed stays zeros)."""
    return np.maximum(x.sum(1, keepdims=True), np.finfo(np.float32).tiny)


def tag_blocks(
    model: TagModel,
    feats: Sequence[list[list[str]]] | Sequence[Features],
    tensors: list[np.ndarray],
    words: list[np.ndarray] | None = None,
) -> list[list[str]]:
    """Tags for a batch of non-empty blocks (a document's), in input order."""
    if not feats:
        return []
    scores = block_scores(model, feats, tensors, words)
    return [[model.tags[i] for i in p] for p in viterbi(model, scores)]


def tag_blocks_sure(
    model: TagModel,
    feats: Sequence[list[list[str]]] | Sequence[Features],
    tensors: list[np.ndarray],
    words: list[np.ndarray] | None = None,
) -> list[tuple[list[str], np.ndarray]]:
    """``tag_blocks``, and per token the probability that it is part of a cue,
    whatever its best tags say (``marginals``): how sure the model is that a
    statement rests there."""
    if not feats:
        return []
    scores = block_scores(model, feats, tensors, words)
    cue = [i for i, t in enumerate(model.tags) if t.endswith("-CUE")]
    return [
        ([model.tags[i] for i in path], prob[:, cue].sum(1))
        for path, prob in zip(viterbi(model, scores), marginals(model, scores), strict=True)
    ]
