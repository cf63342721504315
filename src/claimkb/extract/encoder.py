"""The token-to-vector networks' maxout layers, run a thousand rows at a time.

en_core_web_sm's two token-to-vector networks (one that the tagger and parser
share, the entity recogniser's own) are most of what a parse costs, and
nearly half of their time went outside the matrix products: thinc runs each
layer over the whole batch at once (some 2,800 tokens of a batch of blocks),
so every step of a layer (the window's columns, the product, maxout, the
normalisation's moments, the residual sum) reads and writes arrays far
larger than a core's cache.  Here each layer runs over about a thousand rows
at a time, each row through the same operations in the same order, so the
vectors are bit for bit thinc's (with numpy's products): only the memory
traffic changes.  Two more savings come with it: the maxout's weights are
laid out piece by piece, so its maximum is element-wise ``np.maximum`` over
contiguous blocks instead of thinc's loop over triples; and the
normalisation's mean, which ``var`` would compute again, is computed once.

Only inference is replaced (training calls the layers as thinc wrote them),
only for numpy on the CPU, and only for exactly the layers this was written
for: a ``with_array`` over maxout, layer norm and dropout, optionally behind
a window and inside a residual sum.  Anything else keeps thinc's forward.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from thinc.api import Model, NumpyOps, Ragged
from thinc.layers.chain import forward as _chain
from thinc.layers.dropout import forward as _dropout
from thinc.layers.expand_window import forward as _expand_window
from thinc.layers.layernorm import forward as _layernorm
from thinc.layers.maxout import forward as _maxout
from thinc.layers.residual import forward as _residual
from thinc.layers.with_array import forward as _STOCK

ROWS = 1024  # rows a chunk: its columns and products stay in a core's 2 MB cache


@dataclass(frozen=True)
class _Layer:
    """One maxout, layer norm and dropout, as the chunks compute it."""

    window: int  # rows each side that expand_window puts beside a row; 0: none
    residual: bool
    weights: np.ndarray  # (inputs, pieces × outputs): piece-major columns
    bias: np.ndarray  # (pieces × outputs,)
    outputs: int
    pieces: int
    gain: np.ndarray
    shift: np.ndarray


def chunk_encoders(model: Model, on: bool = True) -> int:
    """Run each fitting ``with_array`` in ``model`` chunk by chunk (or, with
    ``on=False``, as thinc does again); how many were fitted."""
    fitted = 0
    for layer in model.walk():
        if layer._func is not _STOCK and layer._func is not _chunked:
            continue
        if on and _layers(layer) is not None:
            layer._func = _chunked
            fitted += 1
        else:
            layer._func = _STOCK
    return fitted


def _layers(model: Model) -> list[_Layer] | None:
    """The maxout layers a ``with_array`` applies in turn, or None if it
    applies anything else."""
    if not isinstance(model.ops, NumpyOps) or len(model.layers) != 1:
        return None
    inner = model.layers[0]
    blocks = [inner]
    if inner._func is _chain and all(b._func is _residual for b in inner.layers):
        blocks = inner.layers
    out = []
    for block in blocks:
        residual = block._func is _residual
        body = block.layers if residual else [block]
        if len(body) != 1:
            return None
        nodes = list(body[0].walk(order="dfs_pre"))
        if any(node.layers and node._func is not _chain for node in nodes):
            return None  # only chains between the leaves: they run in order
        leaves = [node for node in nodes if not node.layers]
        window = 0
        if leaves and leaves[0]._func is _expand_window:
            window = leaves[0].attrs["window_size"]
            leaves = leaves[1:]
        if [leaf._func for leaf in leaves] != [_maxout, _layernorm, _dropout]:
            return None
        maxout, norm, _ = leaves
        W = maxout.get_param("W")
        if W.dtype != np.float32:
            return None
        outputs, pieces, width = W.shape
        out.append(
            _Layer(
                window=window,
                residual=residual,
                weights=np.ascontiguousarray(W.transpose(1, 0, 2).reshape(-1, width).T),
                bias=np.ascontiguousarray(maxout.get_param("b").T.reshape(-1)),
                outputs=outputs,
                pieces=pieces,
                gain=norm.get_param("G"),
                shift=norm.get_param("b"),
            )
        )
    return out


def _chunked(model: Model, X: object, is_train: bool) -> tuple[object, Callable]:
    """``with_array``'s forward, its layers run chunk by chunk at inference."""
    layers = None if is_train else _layers(model)
    if layers is None:
        return _STOCK(model, X, is_train)
    ops = model.layers[0].ops
    if isinstance(X, Ragged):
        return Ragged(_run(layers, X.dataXd), X.lengths), _inference_only
    if isinstance(X, (list, tuple)):
        pad = model.attrs["pad"]
        lengths = np.asarray([len(x) for x in X], dtype=np.int32)
        Y = _run(layers, ops.flatten(X, pad=pad))
        return ops.unflatten(Y, lengths, pad=pad), _inference_only
    return _STOCK(model, X, is_train)


def _inference_only(_: object) -> None:
    raise NotImplementedError("chunked encoders run at inference only")


def _run(layers: list[_Layer], X: np.ndarray) -> np.ndarray:
    """Each layer over the whole of ``X``, a chunk of rows at a time."""
    n = len(X)
    # Chunks of even size: a product over a handful of rows takes another of
    # OpenBLAS's kernels, whose sums round differently from the whole batch's.
    rows = -(-n // -(-n // ROWS)) if n else 1
    for layer in layers:
        width = X.shape[1]
        out = np.empty((n, layer.outputs), dtype=np.float32)
        span = 2 * layer.window + 1
        cols = np.empty((rows, span * width), dtype=np.float32) if layer.window else None
        for start in range(0, n, rows):
            end = min(n, start + rows)
            c = X[start:end] if cols is None else _window(X, start, end, layer.window, cols)
            Y = c @ layer.weights
            Y += layer.bias
            o, best = layer.outputs, out[start:end]
            if layer.pieces == 1:
                best[:] = Y
            else:
                np.maximum(Y[:, :o], Y[:, o : 2 * o], out=best)
            for piece in range(2, layer.pieces):
                np.maximum(best, Y[:, piece * o : (piece + 1) * o], out=best)
            _normalise(best, layer)
            if layer.residual:
                best += X[start:end]
        X = out
    return X


def _window(X: np.ndarray, start: int, end: int, window: int, cols: np.ndarray) -> np.ndarray:
    """thinc's ``seq2col`` for rows ``start:end``: each row beside the
    ``window`` rows before and after it, zeros past either end of ``X``."""
    n, width = X.shape
    c = cols[: end - start]
    for k in range(2 * window + 1):
        shift = k - window
        lo, hi = max(start + shift, 0), min(end + shift, n)
        part = c[:, k * width : (k + 1) * width]
        part[: lo - start - shift] = 0
        part[lo - start - shift : hi - start - shift] = X[lo:hi]
        part[hi - start - shift :] = 0
    return c


def _normalise(Y: np.ndarray, layer: _Layer) -> None:
    """thinc's layer norm in place: ``(Y - mean) * (var + 1e-8) ** -0.5 * G + b``."""
    count = Y.shape[1]
    mean = Y.sum(axis=1, keepdims=True)
    mean /= count
    Y -= mean
    var = np.multiply(Y, Y).sum(axis=1, keepdims=True)
    var /= count
    var += 1e-08
    Y *= var ** (-1.0 / 2.0)
    Y *= layer.gain
    Y += layer.shift
