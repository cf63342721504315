"""The token-to-vector networks run chunk by chunk give thinc's vectors."""

from __future__ import annotations

import numpy as np
import pytest
from thinc.api import Maxout, Model, Ragged, Relu, chain, expand_window, residual, with_array

from claimkb.extract import encoder, nlp

# Hand-written, varied enough that no two rows of a batch are alike.
SENTENCES = [
    "The harbour board said on Monday that the new pier would open in May.",
    '"We never saw the invoices," a spokesman for the contractor told reporters.',
    "According to the audit, 14 of the 31 cranes had not been inspected since 2019.",
    "Councillor Ines Marlow denied the claim, calling it 'a story without a source.'",
    "Residents, who had waited years for the ferry, were not consulted, she added.",
]
# one text of ~1,100 tokens: more rows than a chunk, so chunks meet inside it
LONG = " ".join(f"{s} ({i})" for i in range(16) for s in SENTENCES)


def _tok2vecs():
    pipeline = nlp()
    return [pipeline.get_pipe("tok2vec").model, pipeline.get_pipe("ner").model.get_ref("tok2vec")]


def _vectors(model, docs, on: bool):
    encoder.chunk_encoders(model, on=on)
    try:
        return model.predict(docs)
    finally:
        encoder.chunk_encoders(model, on=True)


def test_both_networks_of_the_pipeline_run_chunked():
    for model in _tok2vecs():
        chunked = [layer for layer in model.walk() if layer._func is encoder._chunked]
        # the embedding's mixing layer and the four-layer window encoder
        assert len(chunked) == 2
    tagger_model = nlp().get_pipe("tagger").model  # with_array(softmax): not fitted
    assert encoder.chunk_encoders(tagger_model) == 0


@pytest.mark.parametrize("texts", [[LONG], [*SENTENCES, LONG, "", "Yes."]])
def test_the_vectors_are_thinc_s_bit_for_bit(texts):
    docs = [nlp().make_doc(t) for t in texts]
    assert sum(len(d) for d in docs) > encoder.ROWS
    for model in _tok2vecs():
        stock, chunked = _vectors(model, docs, False), _vectors(model, docs, True)
        assert [v.shape for v in chunked] == [v.shape for v in stock]
        assert all(np.array_equal(a, b) for a, b in zip(stock, chunked, strict=True))


def test_small_chunks_meet_where_thinc_s_windows_do(monkeypatch):
    # chunks of 7 rows: every window crosses chunk edges and the pads
    # between texts; a product over so few rows may round in other bits
    monkeypatch.setattr(encoder, "ROWS", 7)
    docs = [nlp().make_doc(t) for t in SENTENCES]
    for model in _tok2vecs():
        stock, chunked = _vectors(model, docs, False), _vectors(model, docs, True)
        for a, b in zip(stock, chunked, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def _toy(pieces: int, window: int) -> Model:
    """A network of the same kind with other sizes: one piece, a wider window."""

    def block(width: int) -> Model:
        columns = width * (2 * window + 1)
        maxout = Maxout(nO=width, nI=columns, nP=pieces, normalize=True, dropout=0.1)
        return residual(chain(expand_window(window_size=window), maxout))

    model = with_array(chain(block(6), block(6)), pad=2)
    model.initialize(X=[np.zeros((3, 6), dtype="f")])
    for layer in model.walk():  # random weights, not the initial zero biases and unit gains
        for name in layer.param_names:
            if layer.has_param(name):
                value = layer.get_param(name)
                rng = np.random.default_rng(len(layer.name) + value.size)
                layer.set_param(name, rng.normal(size=value.shape).astype("f"))
    return model


@pytest.mark.parametrize(("pieces", "window"), [(1, 1), (3, 2), (2, 0)])
def test_other_sizes_compute_what_thinc_computes(pieces, window):
    model = _toy(pieces, window)
    rng = np.random.default_rng(1)
    X = [rng.normal(size=(n, 6)).astype("f") for n in (5, 1, 0, 12)]
    stock = model.predict(X)
    assert encoder.chunk_encoders(model) == 1
    chunked = model.predict(X)
    for a, b in zip(stock, chunked, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    ragged = Ragged(np.concatenate(X), np.asarray([len(x) for x in X], dtype="i"))
    inner = model.layers[0]
    # a ragged batch runs through its rows as one array, as thinc's with_array does
    flat = model.predict(ragged)
    np.testing.assert_allclose(flat.dataXd, inner.predict(ragged.dataXd), rtol=1e-5, atol=1e-6)


def test_training_and_other_layers_keep_thinc_s_forward():
    model = _toy(3, 1)
    encoder.chunk_encoders(model)
    X = [np.ones((4, 6), dtype="f")]
    Y, backprop = model.begin_update(X)  # training: thinc's forward, with its gradient
    assert len(backprop([np.ones_like(y) for y in Y])) == 1
    encoder.chunk_encoders(model, on=False)
    assert all(layer._func is not encoder._chunked for layer in model.walk())
    relu = with_array(chain(expand_window(window_size=1), Relu(nO=6, nI=18)))
    relu.initialize(X=X)
    assert encoder.chunk_encoders(relu) == 0
