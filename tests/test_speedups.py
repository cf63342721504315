"""The fast attribute ruler, lemma lists and memo, parser, recogniser and matrix products give
exactly what spaCy gives."""

from __future__ import annotations

from functools import cache

import pytest
import spacy

from claimkb.extract import MODEL_PACKAGE, nlp, speedups
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


def test_every_layer_multiplies_through_numpy_or_back_through_blis():
    def blis_layers(pipeline):
        return [
            layer
            for _, component in pipeline.components
            if hasattr(getattr(component, "model", None), "walk")
            for layer in component.model.walk()
            if getattr(layer.ops, "use_blis", False)
        ]

    assert blis_layers(plain())  # what the switch changes
    assert blis_layers(nlp()) == []
    both = spacy.load(MODEL_PACKAGE)
    speedups.multiply_through_numpy(both)
    assert blis_layers(both) == []
    by_numpy = [attrs(both(t)) for t in TEXTS]
    speedups.multiply_through_numpy(both, numpy=False)  # what make train parses with
    assert len(blis_layers(both)) == len(blis_layers(plain()))
    assert [attrs(both(t)) for t in TEXTS] == by_numpy


def test_same_parse_when_blocks_of_a_batch_end_at_different_steps():
    # one batch: states of short texts finish while long ones still step
    last = "Maria Lopez, the mayor of Chicago, said on Tuesday that taxes will rise."
    texts = ["Yes.", *TEXTS, "", "  ", last]
    fast = [attrs(d) for d in nlp().pipe(texts, batch_size=len(texts))]
    assert fast == [attrs(d) for d in plain().pipe(texts, batch_size=len(texts))]
    assert [e.text for e in nlp()(last).ents] == ["Maria Lopez", "Chicago", "Tuesday"]


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
