"""The fast attribute ruler, lemma lists and memo, parser, recogniser and matrix products give
exactly what spaCy gives."""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace

import numpy as np
import pytest
import spacy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.ml.parser_model import ParserStepModel

from claimkb.extract import MODEL_PACKAGE, nlp, speedups
from claimkb.extract.encoder import _chunked
from claimkb.extract.speedups import FACTORY, _compile, _steppable

# Hand-written to reach the ruler's unusual patterns: the two-token ones
# ("gonna", "ain't", "let's", "y'all", "c'mon", an expletive "there is"),
# pronouns whose case hangs on their dependency, auxiliaries, determiners
# used as pronouns, "but" as an adverb, runs of whitespace.
TEXTS = [
    "We're gonna win, she said. It ain't over, y'all, and c'mon, let's go.",
    "There is no plan, the mayor claimed; there were two, her aide insisted.",
    "I told you it was done.  He gave it to me, and you saw it.\n\nThat is all.",
    "Do you have the files? She did, but he had not.  Which ones did they want?",
    "The senators' 1990s proposals were rejected, according to a 2016 memo.",
    "Ms. Vance, 61, said she'd have gotta leave; it's fine by us but not them.",
    "Nobody knows what the council will let",  # a two-token pattern's first word, last
]


@cache
def plain():
    return spacy.load(MODEL_PACKAGE)


def attrs(doc):
    return [
        (
            t.text,
            t.pos_,
            str(t.morph),
            t.lemma_,
            t.tag_,
            t.dep_,
            t.head.i,
            t.ent_type_,
            t.ent_iob_,
            t.is_sent_start,
        )
        for t in doc
    ]


def test_the_pipeline_runs_the_fast_ruler():
    assert FACTORY in nlp().pipe_names
    assert "attribute_ruler" not in nlp().pipe_names


def test_the_pipeline_steps_the_parser_and_recogniser():
    names = nlp().pipe_names
    assert names.index("claimkb_parser") < names.index(FACTORY) < names.index("claimkb_ner")
    assert "parser" not in names and "ner" not in names


def _layers(pipeline, test):
    return [
        layer
        for _, component in pipeline.components
        if hasattr(getattr(component, "model", None), "walk")
        for layer in component.model.walk()
        if test(layer)
    ]


def test_every_layer_multiplies_through_numpy_or_back_through_blis():
    def blis_layers(pipeline):
        return _layers(pipeline, lambda layer: getattr(layer.ops, "use_blis", False))

    def chunked(pipeline):
        return _layers(pipeline, lambda layer: layer._func is _chunked)

    assert blis_layers(plain())  # what the switch changes
    assert blis_layers(nlp()) == []
    both = spacy.load(MODEL_PACKAGE)
    assert chunked(both) == []
    speedups.multiply_through_numpy(both)
    assert blis_layers(both) == []
    assert chunked(both)
    by_numpy = [attrs(both(t)) for t in TEXTS]
    speedups.multiply_through_numpy(both, numpy=False)  # what make train parses with
    assert len(blis_layers(both)) == len(blis_layers(plain()))
    assert chunked(both) == []
    assert [attrs(both(t)) for t in TEXTS] == by_numpy


def test_same_parse_when_blocks_of_a_batch_end_at_different_steps():
    # one batch: states of short texts finish while long ones still step
    last = "Maria Lopez, the mayor of Chicago, said on Tuesday that taxes will rise."
    texts = ["Yes.", *TEXTS, "", "  ", last]
    fast = [attrs(d) for d in nlp().pipe(texts, batch_size=len(texts))]
    assert fast == [attrs(d) for d in plain().pipe(texts, batch_size=len(texts))]
    assert [e.text for e in nlp()(last).ents] == ["Maria Lopez", "Chicago", "Tuesday"]


# Entities where the recogniser's moves are constrained: the last token of a
# text (no B, no I), right before a sentence start (no B, no I), over runs of
# whitespace (no B or U on a space), one-token entities (U).
ENTITY_TEXTS = [
    "The report came from Ada Vance",
    "Ilse Brandt spoke. Paris answered.  Berlin\n\nagreed with NATO on Tuesday",
    "Sen. Ada Vance (D-Ore.) and the United Nations \n  Security Council met in New York.",
    "Google",
    "\n\nAmazon,\tApple and   Microsoft",
]


@pytest.mark.parametrize("parallel", [1, 8])  # 8: the shipped bound, too few states here
def test_the_recogniser_steps_in_numpy_with_spacy_s_entities(monkeypatch, parallel):
    monkeypatch.setattr(speedups, "_PARALLEL_STATES", parallel)
    fast = nlp().get_pipe("claimkb_ner")
    assert fast.moves is not None
    calls = []
    decode = speedups._biluo_decode
    monkeypatch.setattr(speedups, "_biluo_decode", lambda *a: calls.append(1) or decode(*a))
    assert nlp().get_pipe("claimkb_parser").moves is None  # arc-eager: spaCy's steps
    got = [attrs(d) for d in nlp().pipe(ENTITY_TEXTS, batch_size=len(ENTITY_TEXTS))]
    assert got == [attrs(d) for d in plain().pipe(ENTITY_TEXTS, batch_size=len(ENTITY_TEXTS))]
    assert sum(t[8] == "B" for doc in got for t in doc) >= 10  # entities were found
    assert [e.text for e in nlp()(ENTITY_TEXTS[0]).ents] == ["Ada Vance"]  # ends the text
    assert bool(calls) == (parallel == 1)  # numpy steps only where states run side by side


def _entity_docs():
    before = nlp().pipe_names[: nlp().pipe_names.index("claimkb_ner")]
    with nlp().select_pipes(enable=before):
        return list(nlp().pipe(ENTITY_TEXTS + TEXTS))


@pytest.mark.parametrize("seed", range(4))
def test_the_numpy_recogniser_moves_as_spacy_s_transitions_do_on_any_scores(seed):
    # Random scores that favour opening entities put every constraint to
    # work (last token, sentence starts, whitespace, labels);
    # spaCy's own transition system, given the same scores, is the reference.
    comp = plain().get_pipe("ner")
    fast = nlp().get_pipe("claimkb_ner")
    docs = _entity_docs()
    n_moves = len(fast.moves.kind)
    rng = np.random.default_rng(seed)
    table = rng.normal(size=(sum(len(d) for d in docs) + 1, 3, n_moves)).astype(np.float32)
    table[:, :, fast.moves.kind == 0] += 2.0  # B
    table[:, :, fast.moves.kind == 1] -= 0.5  # I: short entities, so B is often free to open

    def score(ids):
        return np.ascontiguousarray(sum(table[ids[:, f] + 1, f] for f in range(3)))

    step = SimpleNamespace(state2vec=SimpleNamespace(nF=3))
    states = comp.moves.init_batch(docs)
    todo = [st for st in states if not st.is_final()]
    while todo:
        todo = comp.transition_states(todo, score(ParserStepModel.get_token_ids(step, todo)))
    want = []
    for st, doc in zip(states, docs, strict=True):
        copy = doc.copy()
        comp.moves.set_annotations(st, copy)
        want.append([(e.start, e.end, e.label) for e in copy.ents])
    model = SimpleNamespace(
        state2vec=lambda ids, train: (ids, None),
        vec2scores=SimpleNamespace(predict=score),
        _class_mask=np.ones(n_moves, dtype=np.float32),
        attrs={"has_upper": True},
    )
    flags = np.concatenate([d.to_array([SENT_START, IS_SPACE]) for d in docs])
    lengths = np.array([len(d) for d in docs])
    got = speedups._biluo_decode(model, fast.moves, lengths, flags[:, 0] == 1, flags[:, 1] != 0)
    assert got == want
    assert sum(map(len, want)) > 15


def test_preset_entities_leave_the_recogniser_to_spacy_s_loop(monkeypatch):
    monkeypatch.setattr(speedups, "_PARALLEL_STATES", 1)  # one text may step in numpy
    fast = nlp().get_pipe("claimkb_ner")
    before = nlp().pipe_names[: nlp().pipe_names.index("claimkb_ner")]
    with nlp().select_pipes(enable=before):
        doc = nlp()("Ada Vance met the mayor of Paris.")
    assert fast._recognise([doc.copy()]) is not None
    doc.ents = [doc.char_span(0, 9, label="ORG")]
    ref = doc.copy()
    assert fast._recognise([doc]) is None
    fast(doc)
    plain().get_pipe("ner")(ref)
    assert attrs(doc) == attrs(ref)
    assert (doc.ents[0].text, doc.ents[0].label_) == ("Ada Vance", "ORG")


def test_a_batch_of_empty_texts_parses_to_nothing():
    assert [len(d) for d in nlp().pipe(["", ""])] == [0, 0]


def test_beam_search_keeps_spacy_s_loop():
    greedy = plain().get_pipe("ner")
    assert _steppable(greedy)
    beam = type("Beam", (), {"cfg": {"beam_width": 4}, "transition_states": None})()
    assert not _steppable(beam)


@pytest.mark.parametrize("text", TEXTS)
def test_same_annotations_as_spacy(text):
    assert attrs(nlp()(text)) == attrs(plain()(text))


def test_same_annotations_when_the_memo_is_warm():
    # the second pass over the same words reads the memo, not the patterns
    fast = [attrs(d) for d in nlp().pipe(TEXTS * 2)]
    ref = [attrs(d) for d in plain().pipe(TEXTS * 2)]
    assert fast == ref


def test_a_two_token_pattern_sets_its_target_token():
    doc = nlp()("They are gonna vote.")
    words = {t.text: t for t in doc}
    assert (words["gon"].lemma_, words["na"].lemma_) == ("go", "to")


def test_the_pipeline_remembers_every_lemma():
    names = nlp().pipe_names
    assert speedups.LEMMAS in names and "lemmatizer" not in names
    memo = nlp().get_pipe(speedups.LEMMAS).memo
    nlp()("The senators were running and the mayor runs.")
    # base forms too, which spaCy's own cache leaves out
    assert any(nlp().vocab.strings[lemma] == "mayor" for lemma in memo.values())


def test_same_lemmas_when_the_lemma_memo_starts_over(monkeypatch):
    monkeypatch.setattr(speedups, "_MEMO_CAP", 3)
    lemmas = speedups.MemoLemmatizer(plain().get_pipe("lemmatizer"))
    for text in TEXTS * 2:
        doc = plain().make_doc(text)
        for name, proc in plain().pipeline:
            doc = lemmas(doc) if name == "lemmatizer" else proc(doc)
        assert attrs(doc) == attrs(plain()(text))
        assert len(lemmas.memo) <= 3


def test_lemma_lists_are_sets():
    index = nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(v, frozenset) for v in index.values())
    assert nlp()("The senators were running.")[3].lemma_ == "run"


def test_patterns_it_cannot_read_keep_spacy_s_ruler():
    # an operator or another attribute: the fast ruler declines
    assert _compile([{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {}, "index": 0}]) is None
    assert _compile([{"patterns": [[{"SHAPE": "Xxx"}]], "attrs": {}, "index": 0}]) is None
    assert _compile([{"patterns": [[{"LOWER": {"FUZZY": "a"}}]], "attrs": {}, "index": 0}]) is None


def test_same_annotations_when_the_memo_starts_over(monkeypatch):
    # a tiny cap clears the word and token memos over and over mid-document
    monkeypatch.setattr(speedups, "_MEMO_CAP", 3)
    ruler = speedups.FastAttributeRuler(plain().get_pipe("attribute_ruler"))
    for text in TEXTS:
        doc = plain().make_doc(text)
        for name, proc in plain().pipeline:
            doc = ruler(doc) if name == "attribute_ruler" else proc(doc)
        assert attrs(doc) == attrs(plain()(text))
        assert len(ruler.memo) <= 3 and len(ruler.names) <= 3


def test_the_tokenizer_loads_as_spacy_loads_it():
    # its rules, not the vocabulary, which grows with every text parsed
    ours, stock = nlp().tokenizer, plain().tokenizer
    assert ours.to_bytes(exclude=["vocab"]) == stock.to_bytes(exclude=["vocab"])
    assert len(ours.rules) > 1000  # filled from the package, not left blank
    text = "Don't e-mail the U.S.-based co-op's CEO at 5:30p.m. (re: the pier)!"
    assert [t.text for t in ours(text)] == [t.text for t in stock(text)]
    assert nlp().config["nlp"]["tokenizer"]["@tokenizers"] == speedups.BLANK_TOKENIZER
