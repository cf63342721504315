"""The tagger's numpy model: batching changes nothing, decoding is exact, files round-trip."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np
import pytest

from claimkb.extract import tagger, tagmodel
from claimkb.extract.tagmodel import TAGS, Lstm, Network, TagModel
from tests.conftest import SHARED

K = len(TAGS)


def _random_model(seed: int = 0, dim: int = 3, proj: int = 2, hid: int = 4) -> TagModel:
    rng = np.random.default_rng(seed)
    vocab = {f: i for i, f in enumerate(["a", "b", "c", "d"], start=1)}

    def r(*shape: int) -> np.ndarray:
        return rng.normal(size=shape).astype(np.float32)

    state = r(5, K)
    state[0] = 0
    emb = r(5, dim)
    emb[0] = 0
    width = dim + proj
    net = Network(
        cols=slice(K, K + dim),
        tensor_w=r(6, proj),
        tensor_b=r(proj),
        forward=Lstm(r(width, 4 * hid), r(hid, 4 * hid), r(4 * hid)),
        backward=Lstm(r(width, 4 * hid), r(hid, 4 * hid), r(4 * hid)),
        out_w=r(2 * hid + width, K),
        out_b=r(K),
        start=r(K),
        end=r(K),
    )
    return TagModel(vocab, np.concatenate([state, emb], 1), r(K, K), (net,))


def _random_blocks(seed: int, lengths: list[int]) -> tuple[list, list]:
    rng = np.random.default_rng(seed)
    names = ["a", "b", "c", "d", "unseen"]
    feats = [[list(rng.choice(names, size=3)) for _ in range(n)] for n in lengths]
    tensors = [rng.normal(size=(n, 6)).astype(np.float32) for n in lengths]
    return feats, tensors


def test_unknown_features_take_the_zero_row_and_runs_start_where_tokens_do():
    model = _random_model()
    ids, starts = tagmodel.feature_rows(model.vocab, [["a", "zzz"], ["d"], ["b", "c", "a"]])
    assert ids.tolist() == [1, 0, 4, 2, 3, 1]
    assert starts.tolist() == [0, 2, 3]


def test_a_block_scores_the_same_alone_as_in_a_batch():
    model = _random_model()
    feats, tensors = _random_blocks(1, [5, 1, 9, 3, 9])
    together = tagmodel.block_scores(model, feats, tensors)
    for f, t, s in zip(feats, tensors, together, strict=True):
        np.testing.assert_allclose(tagmodel.block_scores(model, [f], [t])[0], s, rtol=1e-5)


def _sig(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _reference_lstm(lstm: Lstm, x: np.ndarray) -> np.ndarray:
    """The LSTM equations, one token at a time (gates: input, forget, output, cell)."""
    hid = lstm.w_hid.shape[0]
    h, c, out = np.zeros(hid), np.zeros(hid), []
    for xt in x:
        g = xt @ lstm.w_in + h @ lstm.w_hid + lstm.bias
        i, f, o, cell = np.split(g, 4)
        c = _sig(f) * c + _sig(i) * np.tanh(cell)
        h = _sig(o) * np.tanh(c)
        out.append(h)
    return np.array(out)


def test_network_scores_follow_the_lstm_equations_both_ways():
    model = _random_model(seed=3)
    (net,) = model.networks
    feats, tensors = _random_blocks(4, [6])
    ids, starts = tagmodel.feature_rows(model.vocab, feats[0])
    bag = np.add.reduceat(model.table[ids, K:], starts, axis=0)
    x = np.concatenate([bag, np.tanh(tensors[0] @ net.tensor_w + net.tensor_b)], 1)
    hf = _reference_lstm(net.forward, x)
    hb = _reference_lstm(net.backward, x[::-1])[::-1]
    crf = np.add.reduceat(model.table[ids, :K], starts, axis=0)
    want = crf + np.concatenate([hf, hb, x], 1) @ net.out_w + net.out_b
    got = tagmodel.block_scores(model, feats, tensors)[0]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def _brute_force(model: TagModel, scores: np.ndarray) -> list[int]:
    (net,) = model.networks
    best, arg = -np.inf, None
    for path in itertools.product(range(K), repeat=len(scores)):
        s = sum(scores[t, k] for t, k in enumerate(path))
        s += sum(model.trans[a, b] for a, b in itertools.pairwise(path))
        s += net.start[path[0]] + net.end[path[-1]]
        if s > best:
            best, arg = s, list(path)
    return arg


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_batched_viterbi_finds_each_block_s_best_path(seed):
    model = _random_model(seed)
    rng = np.random.default_rng(seed + 10)
    scores = [rng.normal(size=(n, K)).astype(np.float32) for n in (3, 1, 4, 2, 4)]
    assert tagmodel.viterbi(model, scores) == [_brute_force(model, s) for s in scores]


def _brute_force_marginals(model: TagModel, scores: np.ndarray) -> np.ndarray:
    """Every tag sequence's probability, summed per token and tag."""
    (net,) = model.networks
    out = np.zeros((len(scores), K))
    for path in itertools.product(range(K), repeat=len(scores)):
        s = sum(float(scores[t, k]) for t, k in enumerate(path))
        s += sum(float(model.trans[a, b]) for a, b in itertools.pairwise(path))
        s += float(net.start[path[0]] + net.end[path[-1]])
        for t, k in enumerate(path):
            out[t, k] += np.exp(s)
    return out / out.sum(1, keepdims=True)


@pytest.mark.parametrize("seed", [0, 1])
def test_batched_marginals_sum_every_path_s_probability(seed):
    model = _random_model(seed)
    rng = np.random.default_rng(seed + 20)
    # scores several times the usual spread, as a trained model's can be
    scores = [4 * rng.normal(size=(n, K)).astype(np.float32) for n in (3, 1, 4, 2)]
    got = tagmodel.marginals(model, scores)
    for g, s in zip(got, scores, strict=True):
        assert np.allclose(g, _brute_force_marginals(model, s), atol=1e-5)


def test_a_tag_the_scores_rule_out_gets_no_probability_and_nothing_divides_by_zero():
    model = _random_model(3)
    scores = np.zeros((3, K), np.float32)
    scores[1, 2] = 200.0  # far beyond float32's exp: only tag 2 is possible there
    (probs,) = tagmodel.marginals(model, [scores])
    assert np.isfinite(probs).all()
    assert probs[1, 2] == pytest.approx(1.0)


def _network_arrays(model: TagModel) -> dict[str, np.ndarray]:
    """A one-network model's arrays by the names ``tagmodel.load`` reads."""
    (net,) = model.networks
    arrays = {"emb": model.table[:, net.cols], "tensor_w": net.tensor_w, "tensor_b": net.tensor_b}
    for name, lstm in (("fw", net.forward), ("bw", net.backward)):
        arrays |= {f"{name}_in": lstm.w_in, f"{name}_hid": lstm.w_hid, f"{name}_bias": lstm.bias}
    return arrays | {"out_w": net.out_w, "out_b": net.out_b, "start": net.start, "end": net.end}


def test_a_saved_model_loads_back_with_its_features_in_order(tmp_path: Path):
    model = _random_model()
    features = ["w=naïve", "w=line\nbreak", "b", "d=nsubj"]
    arrays = {"state": model.table[:, :K], "trans": model.trans, **_network_arrays(model)}
    tagmodel.save(tmp_path / "m.npz", arrays, features)
    back = tagmodel.load(tmp_path / "m.npz")
    assert back.vocab == {f: i for i, f in enumerate(features, start=1)}
    assert len(back.networks) == 1
    np.testing.assert_array_equal(back.table, model.table)
    w_hid = model.networks[0].backward.w_hid
    np.testing.assert_array_equal(back.networks[0].backward.w_hid, w_hid)


def test_networks_stacked_in_one_file_add_their_scores_to_the_crf(tmp_path: Path):
    """An ensemble file: each network's arrays on a first axis of their own."""
    one, two = _random_model(seed=1), _random_model(seed=2)
    crf = one.table[:, :K]
    two = TagModel(two.vocab, np.concatenate([crf, two.table[:, K:]], 1), two.trans, two.networks)
    a, b = _network_arrays(one), _network_arrays(two)
    stacked = {name: np.stack([a[name], b[name]]) for name in a}
    trans = one.trans + two.trans
    tagmodel.save(tmp_path / "m.npz", {"state": crf, "trans": trans, **stacked}, list(one.vocab))
    both = tagmodel.load(tmp_path / "m.npz")
    assert len(both.networks) == 2
    feats, tensors = _random_blocks(3, [4, 6, 1])
    crf_only = TagModel(one.vocab, crf, one.trans)
    parts = [tagmodel.block_scores(m, feats, tensors) for m in (one, two, crf_only)]
    for got, s1, s2, c in zip(tagmodel.block_scores(both, feats, tensors), *parts, strict=True):
        np.testing.assert_allclose(got, s1 + s2 - c, rtol=1e-4, atol=1e-5)


def test_a_model_without_the_network_is_the_crf_alone(tmp_path: Path):
    state = np.zeros((2, K), np.float32)
    state[1, TAGS.index("B-CUE")] = 5
    tagmodel.save(tmp_path / "crf.npz", {"state": state, "trans": np.zeros((K, K))}, ["cue"])
    model = tagmodel.load(tmp_path / "crf.npz")
    assert model.networks == ()
    assert tagmodel.tag_blocks(model, [[["b"], ["b", "cue"]]], [np.zeros((2, 0))]) == [
        ["O", "B-CUE"]
    ]


def test_a_file_naming_no_tags_reads_as_bio_and_a_bioes_file_decodes_its_own(tmp_path: Path):
    """Files written before the tag set was stored are BIO; a BIOES file's
    columns are read as its own tags."""
    state = np.zeros((2, K), np.float32)
    state[1, TAGS.index("B-CUE")] = 5
    blob = np.frombuffer(b"cue", dtype=np.uint8)
    np.savez(tmp_path / "old.npz", vocab=blob, state=state, trans=np.zeros((K, K)))
    assert tagmodel.load(tmp_path / "old.npz").tags == TAGS
    tags = tagmodel.tag_set("bioes")
    state = np.zeros((2, len(tags)), np.float32)
    state[1, tags.index("S-CUE")] = 5
    trans = np.zeros((len(tags), len(tags)))
    tagmodel.save(tmp_path / "new.npz", {"state": state, "trans": trans}, ["cue"], tags)
    model = tagmodel.load(tmp_path / "new.npz")
    assert model.tags == tags
    assert tagmodel.tag_blocks(model, [[["b"], ["cue"]]], [np.zeros((2, 0))]) == [["O", "S-CUE"]]


def test_a_feature_holding_nul_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="NUL"):
        tagmodel.save(tmp_path / "m.npz", {"state": np.zeros((2, K))}, ["a\x00b"])


def _train_tagger():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import train_tagger

    return train_tagger


def test_bioes_marks_the_last_token_of_each_span():
    bio = ["B-SOURCE", "O", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "B-CONTENT", "O"]
    assert _train_tagger().bioes(bio) == [
        "S-SOURCE",
        "O",
        "S-CUE",
        "B-CONTENT",
        "I-CONTENT",
        "E-CONTENT",
        "S-CONTENT",
        "O",
    ]


@pytest.mark.parametrize("scheme", ["bio", "bioes"])
def test_the_crf_read_from_crfsuite_tags_as_crfsuite_does(tmp_path: Path, scheme: str):
    """The shipped CRF half is crfsuite's model re-read: same weights, same tags,
    a feature holding a newline included (pycrfsuite's own reader fails on it),
    in either tag scheme, which the file names."""
    import pycrfsuite

    train_tagger = _train_tagger()

    words = ["Ann", "said", "the", "plan", "works", "\n", "."]
    gold = {"Ann": "B-SOURCE", "said": "B-CUE", "plan": "I-CONTENT", "works": "I-CONTENT"}
    rng = np.random.default_rng(0)
    xs, ys = [], []
    for _ in range(60):
        seq = list(rng.choice(words, size=int(rng.integers(2, 8))))
        xs.append([[f"w={w}", f"first={k == 0}"] for k, w in enumerate(seq)])
        ys.append([gold.get(w, "O") if k else "O" for k, w in enumerate(seq)])
    if scheme == "bioes":
        ys = [train_tagger.bioes(y) for y in ys]
    tags = tagmodel.tag_set(scheme)
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params({"max_iterations": 50, "feature.possible_transitions": True})
    trainer.train(str(tmp_path / "crf.crfsuite"))
    train_tagger.export(tmp_path / "crf.crfsuite", [], {}, 0.5, tmp_path / "m.npz", tags=tags)
    model = tagmodel.load(tmp_path / "m.npz")
    assert model.tags == tags
    assert "w=\n" in model.vocab
    crf = pycrfsuite.Tagger()
    crf.open(str(tmp_path / "crf.crfsuite"))
    tensors = [np.zeros((len(x), 0)) for x in xs]
    assert tagmodel.tag_blocks(model, xs, tensors) == [crf.tag(x) for x in xs]


def test_cutting_a_batch_to_bound_memory_changes_no_score_or_path(monkeypatch):
    model = _random_model(seed=5)
    feats, tensors = _random_blocks(6, [12, 2, 7, 7, 1, 3])
    whole = tagmodel.block_scores(model, feats, tensors)
    paths = tagmodel.viterbi(model, whole)
    monkeypatch.setattr(tagmodel, "_CELLS", 14)
    lengths = np.array([12, 2, 7, 7, 1, 3])
    assert len(tagmodel._sub_batches(lengths)) > 2
    batches = tagmodel._token_batches(lengths)
    assert len(batches) > 2
    assert all(lengths[b].sum() <= 14 or len(b) == 1 for b in batches)
    assert sorted(np.concatenate(batches).tolist()) == list(range(6))
    cut = tagmodel.block_scores(model, feats, tensors)
    for a, b in zip(whole, cut, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5)
    assert tagmodel.viterbi(model, cut) == paths


def test_packed_steps_visit_every_token_once_in_order_both_ways():
    # blocks of 3, 2 and 1 tokens laid end to end: tokens 0-2, 3-4, 5
    active, forward, backward = tagmodel._packed(np.array([3, 2, 1]))
    assert active.tolist() == [3, 2, 1]
    assert forward.tolist() == [0, 3, 5, 1, 4, 2]
    assert backward.tolist() == [2, 4, 5, 1, 3, 0]


def test_words_find_their_vector_row_by_hash_and_other_words_row_zero():
    keys = np.array([3, 10, 42], np.uint64)
    rows = np.array([2, 1, 3], np.uint16)
    words = np.array([42, 5, 3, 99, 10], np.uint64)
    assert tagmodel.vector_rows(keys, rows, words).tolist() == [3, 0, 2, 0, 1]
    assert tagmodel.vector_rows(None, None, words).tolist() == [0] * 5


def _with_vectors(model: TagModel, seed: int) -> TagModel:
    """The model's network reading a 2-wide projection of 4 word vectors."""
    rng = np.random.default_rng(seed)
    (net,) = model.networks
    hid, k = net.forward.w_hid.shape[0], net.out_w.shape[1]
    width = net.forward.w_in.shape[0] + 2
    net = Network(
        cols=net.cols,
        tensor_w=net.tensor_w,
        tensor_b=net.tensor_b,
        forward=Lstm(rng.normal(size=(width, 4 * hid)), net.forward.w_hid, net.forward.bias),
        backward=Lstm(rng.normal(size=(width, 4 * hid)), net.backward.w_hid, net.backward.bias),
        out_w=rng.normal(size=(2 * hid + width, k)),
        out_b=net.out_b,
        start=net.start,
        end=net.end,
        vec_table=rng.normal(size=(5, 2)).astype(np.float32),
    )
    keys, rows = np.array([7, 8, 9, 11], np.uint64), np.array([4, 3, 2, 1], np.uint16)
    return TagModel(model.vocab, model.table, model.trans, (net,), keys, rows)


def test_a_network_reading_word_vectors_adds_them_to_its_input():
    model = _with_vectors(_random_model(seed=3), seed=4)
    (net,) = model.networks
    feats, tensors = _random_blocks(4, [5])
    words = [np.array([9, 1, 7, 11, 9], np.uint64)]
    ids, starts = tagmodel.feature_rows(model.vocab, feats[0])
    bag = np.add.reduceat(model.table[ids, K:], starts, axis=0)
    vec = net.vec_table[[2, 0, 4, 1, 2]]
    x = np.concatenate([bag, np.tanh(tensors[0] @ net.tensor_w + net.tensor_b), vec], 1)
    hf = _reference_lstm(net.forward, x)
    hb = _reference_lstm(net.backward, x[::-1])[::-1]
    crf = np.add.reduceat(model.table[ids, :K], starts, axis=0)
    want = crf + np.concatenate([hf, hb, x], 1) @ net.out_w + net.out_b
    got = tagmodel.block_scores(model, feats, tensors, words)[0]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    other = tagmodel.block_scores(model, feats, tensors, [np.full(5, 8, np.uint64)])[0]
    assert not np.allclose(got, other)


def test_word_vectors_round_trip_through_a_file(tmp_path: Path):
    model = _with_vectors(_random_model(seed=6), seed=7)
    (net,) = model.networks
    arrays = {"state": model.table[:, :K], "trans": model.trans, **_network_arrays(model)}
    for name, lstm in (("fw", net.forward), ("bw", net.backward)):
        arrays[f"{name}_in"] = lstm.w_in
    arrays |= {"out_w": net.out_w, "vec_table": net.vec_table}
    arrays |= {"vec_keys": model.vec_keys, "vec_rows": model.vec_rows}
    tagmodel.save(tmp_path / "m.npz", arrays, list(model.vocab))
    back = tagmodel.load(tmp_path / "m.npz")
    assert back.vec_keys.dtype == np.uint64
    np.testing.assert_array_equal(back.networks[0].vec_table, net.vec_table)
    feats, tensors = _random_blocks(8, [4, 2])
    words = [np.array([7, 8, 0, 11], np.uint64), np.array([9, 9], np.uint64)]
    for a, b in zip(
        tagmodel.block_scores(back, feats, tensors, words),
        tagmodel.block_scores(model, feats, tensors, words),
        strict=True,
    ):
        np.testing.assert_allclose(a, b, rtol=1e-5)


def test_training_reads_only_lower_case_keys_of_a_vector_table(tmp_path: Path):
    """A token's vector is found by the hash of its lower-cased form, so only
    lower-case keys are kept; rows count from 1, row 0 is the zero vector."""
    import srsly
    from spacy.strings import StringStore
    from spacy.vectors import Vectors

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import train_tagger

    words = ["said", "Said", "claimed"]
    strings = StringStore(words)
    data = np.arange(6, dtype=np.float32).reshape(2, 3) + 1
    vectors = Vectors(data=data, keys=[strings["said"], strings["claimed"]])
    vectors.add(strings["Said"], row=0)
    vectors.to_disk(tmp_path)
    srsly.write_json(tmp_path / "strings.json", list(strings))
    keys, rows, table = train_tagger.word_vectors(tmp_path)
    assert sorted(keys.tolist()) == keys.tolist()
    assert dict(zip(keys.tolist(), rows.tolist(), strict=True)) == {
        strings["said"]: 1,
        strings["claimed"]: 2,
    }
    np.testing.assert_array_equal(table, np.concatenate([np.zeros((1, 3)), data]))


def test_columns_spell_prefix_and_value_with_extras_in_their_place():
    features = tagmodel.Features(
        columns=[("b", ["", ""]), ("w=", ["x", "y"]), ("-1:pad", ["", None])],
        extra=[["k=dobj"], []],
        extra_at=2,
    )
    assert tagmodel.spell(features) == [["b", "w=x", "k=dobj", "-1:pad"], ["b", "w=y"]]
    at_end = tagmodel.Features(features.columns, features.extra, extra_at=3)
    assert tagmodel.spell(at_end)[0][-1] == "k=dobj"


def test_templates_split_each_feature_at_its_first_equals_sign():
    model = _random_model()
    vocab = {"b": 1, "w=a=b": 2, "punct==": 3, "-1:w=x": 4}
    model = TagModel(vocab, np.zeros((5, K), np.float32), model.trans)
    assert model.templates == {
        "b": {"": 1},
        "w=": {"a=b": 2},
        "punct=": {"=": 3},
        "-1:w=": {"x": 4},
    }


@pytest.mark.parametrize("bag_tokens", [None, 3])  # 3: sums cut inside blocks
def test_blocks_given_as_columns_score_as_their_spelled_strings(monkeypatch, bag_tokens):
    if bag_tokens:
        monkeypatch.setattr(tagmodel, "_BAG_TOKENS", bag_tokens)
    rng = np.random.default_rng(4)
    model = _random_model()
    vocab = {"b": 1, "w=a": 2, "w=c": 3, "k=x": 4}
    model = TagModel(vocab, model.table, model.trans, model.networks)
    blocks = []
    for n in (4, 1, 6):
        words = [str(w) for w in rng.choice(["a", "c", "zzz"], size=n)]
        flags = ["" if rng.random() < 0.5 else None for _ in range(n)]
        extra = [["k=x", "k=y"][: int(rng.integers(0, 3))] for _ in range(n)]
        blocks.append(tagmodel.Features([("b", flags), ("w=", words)], extra, 1))
    blocks.append(tagmodel.Features([("b", [None, ""]), ("w=", ["zzz", "a"])], [[], ["k=y"]], 1))
    tensors = [rng.normal(size=(len(b.extra), 6)).astype(np.float32) for b in blocks]
    spelled = [tagmodel.spell(b) for b in blocks]
    # a token none of whose features the model knows reads only the zero row
    assert any(all(f not in vocab for f in fs) for block in spelled for fs in block)
    by_columns = tagmodel.block_scores(model, blocks, tensors)
    by_strings = tagmodel.block_scores(model, spelled, tensors)
    for a, b in zip(by_columns, by_strings, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_a_model_keeps_what_it_was_trained_on_and_an_older_file_says_nothing(tmp_path: Path):
    state = np.zeros((2, K), np.float32)
    arrays = {"state": state, "trans": np.zeros((K, K))}
    digests = {"harbour-story": "0123abcd", "ferry-story": "4567ef01"}
    tagmodel.save(tmp_path / "new.npz", arrays, ["cue"], digests=digests)
    assert tagmodel.train_digests(tmp_path / "new.npz") == digests
    assert tagmodel.load(tmp_path / "new.npz").vocab == {"cue": 1}
    tagmodel.save(tmp_path / "old.npz", arrays, ["cue"])
    assert tagmodel.train_digests(tmp_path / "old.npz") == {}


def test_an_article_s_digest_moves_with_its_features_tags_and_blocks_only():
    digests = _train_tagger().article_digests
    stems = ["harbour", "harbour", "ferry"]
    xs = [[["w=the", "p=DT"], ["w=pier"]], [["w=said"]], [["w=ferry"]]]
    ys = [["O", "B-CONTENT"], ["S-CUE"], ["O"]]
    base = digests(stems, xs, ys)
    assert set(base) == {"harbour", "ferry"}
    assert digests(stems, xs, ys) == base
    feature = [[["w=the", "p=NN"], ["w=pier"]], *xs[1:]]
    tag = [["O", "O"], *ys[1:]]
    for x, y in ((feature, ys), (xs, tag)):
        changed = digests(stems, x, y)
        assert changed["harbour"] != base["harbour"]
        assert changed["ferry"] == base["ferry"]
    # the same tokens cut into other blocks are other training data
    merged = digests(["harbour", "ferry"], [xs[0] + xs[1], xs[2]], [ys[0] + ys[1], ys[2]])
    assert merged["harbour"] != base["harbour"]


def test_the_shipped_tagger_was_trained_on_what_this_code_reads_from_train():
    """Every 10th PolNeAR train article, parsed and featurised as ``make train``
    does: a change to the rules, the segmenter or the parse that alters what
    the tagger learns from fails here until the model is rebuilt (the full
    check of every article: ``train_tagger.py --check``)."""
    train_tagger = _train_tagger()
    stored = tagmodel.train_digests(tagger.model_path())
    assert len(stored) > 800
    docs, _, _ = train_tagger.gold_reader().load_gold(str(SHARED / "data" / "polnear" / "train"))
    sample = {stem: docs[stem] for stem in sorted(docs)[::10]}
    now = train_tagger.digests_now(sample)
    assert len(now) == len(sample)
    assert {stem: stored.get(stem) for stem in now} == now
