"""The learned tagger's decoding and linking, on short texts we wrote."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import LOWER

from claimkb.extract import extract, nlp, rules, tagmodel
from claimkb.extract.cues import lexicon
from claimkb.extract.quotes import find_quotes
from claimkb.extract.tagger import (
    calibrated,
    feature_columns,
    link,
    spans_from_tags,
    tagger,
    token_features,
)
from claimkb.ingest import document_from_text


def parse(text: str):
    return nlp()(text)


def token_finder(doc):
    """``at("said", 1)``: the index of the second token reading "said"."""
    words = [t.text for t in doc]

    def at(word: str, nth: int = 0) -> int:
        return [i for i, w in enumerate(words) if w == word][nth]

    return at


def test_bio_runs_become_spans():
    doc = parse("Jane Roe said the bridge is ready.")
    tags = [
        "B-SOURCE",
        "I-SOURCE",
        "B-CUE",
        "B-CONTENT",
        "I-CONTENT",
        "I-CONTENT",
        "I-CONTENT",
        "O",
    ]
    assert spans_from_tags(doc, tags) == [("SOURCE", 0, 2), ("CUE", 2, 3), ("CONTENT", 3, 7)]


def test_b_tag_splits_adjacent_spans_of_one_role():
    doc = parse("a b c d")
    assert spans_from_tags(doc, ["B-CONTENT", "I-CONTENT", "B-CONTENT", "O"]) == [
        ("CONTENT", 0, 2),
        ("CONTENT", 2, 3),
    ]


def test_bioes_tags_close_spans_at_e_and_s():
    doc = parse("a b c d e f")
    tags = ["S-SOURCE", "S-CUE", "B-CONTENT", "E-CONTENT", "I-CONTENT", "E-CONTENT"]
    assert spans_from_tags(doc, tags) == [
        ("SOURCE", 0, 1),
        ("CUE", 1, 2),
        ("CONTENT", 2, 4),
        ("CONTENT", 4, 6),
    ]


def test_i_tag_without_b_still_starts_a_span():
    doc = parse("a b c")
    assert spans_from_tags(doc, ["O", "I-CUE", "O"]) == [("CUE", 1, 2)]


def test_link_joins_contents_around_one_cue():
    text = "“The bridge is ready,” Jane Roe said, “and safe.”"
    doc = parse(text)
    at = token_finder(doc)
    spans = [
        ("CONTENT", at("The"), at("ready") + 1),
        ("SOURCE", at("Jane"), at("Roe") + 1),
        ("CUE", at("said"), at("said") + 1),
        ("CONTENT", at("and"), at("safe") + 1),
    ]
    (f,) = link(doc, 0, text, spans, lexicon())
    assert [text[s:e] for s, e in f.content] == ["The bridge is ready", "and safe"]
    assert text[slice(*f.source)] == "Jane Roe"
    assert text[slice(*f.cue)] == "said"


def test_link_keeps_a_cue_in_its_own_sentence():
    text = "Jane Roe said the bridge is ready. John Doe denied it was safe."
    doc = parse(text)
    words = [t.text for t in doc]
    spans = [
        ("SOURCE", 0, 2),
        ("CUE", 2, 3),
        ("CONTENT", 3, 7),
        ("SOURCE", words.index("John"), words.index("Doe") + 1),
        ("CUE", words.index("denied"), words.index("denied") + 1),
        ("CONTENT", words.index("it"), words.index("safe") + 1),
    ]
    found = link(doc, 0, text, spans, lexicon())
    pairs = sorted((text[slice(*f.source)], text[slice(*f.content[0])]) for f in found)
    assert pairs == [("Jane Roe", "the bridge is ready"), ("John Doe", "it was safe")]


def test_link_gives_the_rest_of_a_quotation_to_the_speaker_of_its_first_part():
    text = (
        "“The pier is unsafe,” said Ada Vance. “Nobody should fish there. It will "
        "close.” Later the board said it would vote."
    )
    doc = parse(text)
    at = token_finder(doc)
    spans = [
        ("CONTENT", at("The"), at("unsafe") + 1),
        ("CUE", at("said"), at("said") + 1),
        ("SOURCE", at("Ada"), at("Vance") + 1),
        ("CONTENT", at("Nobody"), at("there") + 1),
        ("CONTENT", at("It"), at("close") + 1),
        ("SOURCE", at("the"), at("board") + 1),
        ("CUE", at("said", 1), at("said", 1) + 1),
        ("CONTENT", at("it"), at("vote") + 1),
    ]
    quotes = find_quotes(text)

    def said(found):
        return {text[slice(*f.source)]: [text[s:e] for s, e in f.content] for f in found}

    # "It will close" lies nearer the board's "said" than Vance's, but the
    # quotation it ends began as Vance's
    assert said(link(doc, 0, text, spans, lexicon(), quotes=quotes)) == {
        "Ada Vance": ["The pier is unsafe", "Nobody should fish there. It will close"],
        "the board": ["it would vote"],
    }
    # told of no quotation marks, the nearest cue takes it
    assert said(link(doc, 0, text, spans, lexicon()))["the board"] == [
        "It will close",
        "it would vote",
    ]


def test_link_gives_a_quotation_to_the_cue_and_source_just_after_it():
    # a list of reader quotes, each signed after it: the signature before a
    # quotation (and in the sentence a splitter makes of it) is the last one's
    text = (
        "“The pier is safe and the boats are back.” ― Ada Vance\n"
        "“Tolls are too high. We will protest.” ― Tom Reyes\n"
        "“The ferry runs late.” ― Lia Ortiz"
    )
    doc = parse(text)
    at = token_finder(doc)
    spans = [
        ("CONTENT", at("“"), at("back") + 1),
        ("CUE", at("―"), at("―") + 1),
        ("SOURCE", at("Ada"), at("Vance") + 1),
        ("CONTENT", at("“", 1), at("protest") + 1),
        ("CUE", at("―", 1), at("―", 1) + 1),
        ("SOURCE", at("Tom"), at("Reyes") + 1),
        ("CONTENT", at("“", 2), at("late") + 1),
        ("CUE", at("―", 2), at("―", 2) + 1),
        ("SOURCE", at("Lia"), at("Ortiz") + 1),
    ]
    found = link(doc, 0, text, spans, lexicon(), quotes=find_quotes(text))
    said = {text[slice(*f.source)]: [text[s:e] for s, e in f.content] for f in found}
    assert said == {
        "Ada Vance": ["The pier is safe and the boats are back"],
        "Tom Reyes": ["Tolls are too high. We will protest"],
        "Lia Ortiz": ["The ferry runs late"],
    }


def test_link_leaves_a_quotation_with_the_cue_before_it_when_content_follows():
    # "..., adding that ...": the cue after the quotation takes its own content
    text = "The mayor said: “The pier is safe,” adding that the tolls would fall."
    doc = parse(text)
    at = token_finder(doc)
    spans = [
        ("SOURCE", at("The"), at("mayor") + 1),
        ("CUE", at("said"), at("said") + 1),
        ("CONTENT", at("“"), at("safe") + 1),
        ("CUE", at("adding"), at("adding") + 1),
        ("CONTENT", at("that"), at("fall") + 1),
    ]
    found = link(doc, 0, text, spans, lexicon(), quotes=find_quotes(text))
    cues = {text[slice(*f.cue)]: [text[s:e] for s, e in f.content] for f in found}
    assert cues == {"said": ["The pier is safe"], "adding": ["that the tolls would fall"]}


def test_link_keeps_a_headline_cue_that_is_only_punctuation():
    text = "Harbour board: Tolls will rise in May"
    doc = parse(text)
    words = [t.text for t in doc]
    spans = [
        ("SOURCE", 0, words.index(":")),
        ("CUE", words.index(":"), words.index(":") + 1),
        ("CONTENT", words.index("Tolls"), len(words)),
    ]
    (f,) = link(doc, 0, text, spans, lexicon(), headline=True)
    assert text[slice(*f.cue)] == ":"
    assert text[slice(*f.source)] == "Harbour board"
    (f,) = link(doc, 0, text, spans, lexicon())
    assert f.cue is None


def test_features_are_one_list_per_token():
    text = "“Ready,” she said."
    doc = parse(text)
    feats = token_features(doc, 0, text, [], lexicon())
    assert len(feats) == len(doc)
    assert any(f == "q=in" for f in feats[1])
    assert "cue=speech" in feats[[t.text for t in doc].index("said")]


def test_features_say_where_the_sentence_cue_lies_and_what_came_before():
    text = "Jane Roe said the bridge would open. It will cost more."
    doc = parse(text)
    feats = token_features(doc, 0, text, [], lexicon())
    words = [t.text for t in doc]
    assert "nc=L2" in feats[words.index("bridge")]  # "said", two words to the left
    assert "nc=R2" in feats[words.index("Jane")]
    cost = feats[words.index("cost")]
    assert "nc=none" in cost and "sn=1" in cost and "pc=C|-" in cost


def test_the_model_reads_feature_columns_as_it_reads_their_strings():
    """Extraction looks features up by template and value; training spells them
    out for crfsuite.  Both must reach the same rows, so the same scores."""
    model = tagger()
    assert model is not None
    text = (
        "Mayor: Pier Will Reopen\n\n"
        "“We are ready,” the mayor said on Tuesday, adding that repairs cost less than "
        "planned. Critics, according to a council memo, doubt it."
    )
    lex = lexicon()
    head, body = text.split("\n\n")
    blocks = [(parse(head), 0), (parse(body), len(head) + 2)]
    columns, tensors, words = [], [], []
    for doc, base in blocks:
        found = rules.block_attributions(doc, base, text, lex)
        columns.append(feature_columns(doc, base, text, found, lex))
        tensors.append(doc.tensor)
        words.append(doc.to_array(LOWER))
    spelled = [tagmodel.spell(c) for c in columns]
    assert any(f.startswith("hl|l=") for f in spelled[0][0])
    assert "-1:pad" in spelled[1][0] and "2:pad" in spelled[1][-1]
    by_columns = tagmodel.block_scores(model, columns, tensors, words)
    by_strings = tagmodel.block_scores(model, spelled, tensors, words)
    for a, b in zip(by_columns, by_strings, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)
    assert tagmodel.viterbi(model, by_columns) == tagmodel.viterbi(model, by_strings)


def test_only_the_headline_has_headline_features():
    text = "Vance: Pier Will Reopen\n\nVance said the pier will reopen."
    head, body = text.split("\n\n")
    lex = lexicon()
    assert "hl" in token_features(parse(head), 0, text, [], lex)[0]
    assert "hl" not in token_features(parse(body), len(head) + 2, text, [], lex)[0]


def test_a_block_is_the_title_when_only_whitespace_comes_before_it():
    from claimkb.extract.tagger import _is_first_block

    text = "\u00a0\n Title\n\nBody."
    assert _is_first_block(text, 3)
    assert not _is_first_block(text, text.index("Body"))
    for base in range(len(text)):
        assert _is_first_block(text, base) == (not text[:base].strip())


def test_shipped_tagger_reads_a_headline_name_colon_claim_as_that_person_s():
    from tests.conftest import statements

    found = [
        s
        for s in statements(
            "Vance: Harbour Board Won’t Be at Hearing, Council Was ‘Stalling’ Pier Work\n\n"
            "The pier stayed shut on Monday. Ada Vance spoke to reporters."
        )
        if s.kind != "unattributed"
    ]
    assert [(s.source.text, s.cue.text) for s in found] == [("Vance", ":")]
    assert found[0].content_text.startswith("Harbour Board Won’t Be at Hearing")


def test_tagger_statements_record_the_cue_as_the_lexicon_reads_it():
    # Not the lemmatizer's "accord" and "hop": who-said shows this cue.
    text = (
        "The pier will reopen in May, according to the harbour master.\n\n"
        "The growers are hoping that the frost will spare the orchards."
    )
    found = extract(document_from_text(text, "t"), method="tagger").statements
    assert [s.cue_lemma for s in found if s.kind != "unattributed"] == ["according to", "hope"]


def test_the_package_ships_a_trained_tagger_with_its_networks():
    """Three networks averaged (``make train``'s default seeds): one seed's dev
    figures swing by a point with the draw."""
    model = tagger()
    assert model is not None and len(model.networks) == 3
    assert "w=said" in model.vocab


def test_documents_tagged_together_come_out_as_each_does_alone():
    """extract_many tags many documents' blocks in one batch (the network's loop
    runs once per token position); batching must not change a statement."""
    from claimkb.extract import extract_many
    from claimkb.records import extraction_dict

    texts = [
        "Council Approves Budget\n\nThe mayor said the budget was balanced.",
        'A spokeswoman, Dana Li, denied that the plant would close. "We are staying," she said.'
        "\n\nWorkers said they had heard nothing.",
        "Rain fell all day on the coast, and the roads flooded near the harbour.",
    ]
    docs = [document_from_text(t, f"d{i}") for i, t in enumerate(texts)]
    together = [extraction_dict(e) for e in extract_many(docs)]
    alone = [extraction_dict(extract(d)) for d in docs]
    assert together == alone
    assert sum(len(e["statements"]) for e in together) >= 4


def test_shipped_tagger_finds_a_plain_attribution():
    from tests.conftest import statements

    (st,) = statements("Jane Roe said the bridge would open in May.")
    assert st.source.text == "Jane Roe"
    assert "the bridge would open in May" in st.content_text


def test_rules_method_still_works_alone():
    text = "According to the port authority, 120 cars were damaged."
    (st,) = [
        s
        for s in extract(document_from_text(text), method="rules").statements
        if s.kind != "unattributed"
    ]
    assert (st.source.text, st.cue.text) == ("the port authority", "According to")


def test_unknown_method_is_refused():
    from claimkb.extract import extract
    from claimkb.ingest import document_from_text

    with pytest.raises(ValueError, match="method"):
        extract(document_from_text("x y z."), method="magic")


def test_according_to_holds_a_statement_found_inside_its_clause():
    from tests.conftest import statements

    text = (
        "According to Okafor, the board has shuffled through four directors "
        "because many disagreed with the chairman’s plans."
    )
    got = statements(text)
    assert [(s.cue.text, s.source.text) for s in got] == [("According to", "Okafor")]
    assert got[0].content_text.startswith("the board has shuffled")
    assert got[0].content_text.endswith("the chairman’s plans")


def test_a_quotation_with_its_own_cue_is_cut_out_of_the_content_before_it():
    from claimkb.extract.quotes import find_quotes
    from claimkb.extract.rules import Found
    from claimkb.extract.tagger import _split_swallowed_quotes

    text = "Mr. Okafor argues the toll is too high. ''We will not pay it,'' he told me."

    def at(words: str) -> tuple[int, int]:
        i = text.index(words)
        return i, i + len(words)

    (q,) = find_quotes(text)
    host = Found(
        kind="mixed",
        content=[(at("the toll")[0], at("pay it")[1])],
        cue=at("argues"),
        source=at("Mr. Okafor"),
        quotes=[q],
    )
    rule = Found(
        kind="direct",
        content=[at("We will not pay it")],
        cue=at("told"),
        source=(at("he told")[0], at("he told")[0] + 2),
        quotes=[q],
    )
    got = _split_swallowed_quotes([host], [rule], text, [q])
    assert [text[s:e] for s, e in got[0].content] == ["the toll is too high"]
    assert got[0].kind == "indirect"
    assert got[1] is rule
    # Once the tagger holds that cue, nothing changes.
    assert _split_swallowed_quotes(got, [rule], text, [q]) == got


def test_a_quotation_inside_a_sentence_stays_in_its_content():
    from claimkb.extract.quotes import find_quotes
    from claimkb.extract.rules import Found
    from claimkb.extract.tagger import _split_swallowed_quotes

    text = "The group wants rules that let firms tell ''one country one thing.''"
    (q,) = find_quotes(text)
    start = text.index("rules")
    host = Found(kind="mixed", content=[(start, len(text) - 3)], quotes=[q])
    inner = text.index("one country")
    cue = text.index("tell")
    rule = Found(kind="direct", content=[(inner, len(text) - 3)], cue=(cue, cue + 4), quotes=[q])
    assert _split_swallowed_quotes([host], [rule], text, [q]) == [host]
    assert host.content == [(start, len(text) - 3)]


def test_a_closing_said_holds_the_clause_before_it():
    from tests.conftest import statements

    text = "Port protocol called for the mayor to be taken to the clinic, sources said."
    got = statements(text)
    assert [(s.cue.text, s.source.text) for s in got] == [("said", "sources")]
    assert got[0].content_text == "Port protocol called for the mayor to be taken to the clinic"


def test_a_cue_the_tagger_left_without_content_takes_the_rule_statement_on_it():
    from claimkb.extract.rules import Found
    from claimkb.extract.tagger import RULE_FALLBACK_CONFIDENCE, rule_fallback

    text = "The harbour board welcomed the new ferry timetable."
    cue = (text.index("welcomed"), text.index("welcomed") + len("welcomed"))
    weak = Found(
        kind="indirect",
        content=[(text.index("the new"), len(text) - 1)],
        cue=cue,
        confidence=RULE_FALLBACK_CONFIDENCE - 0.15,
    )
    assert rule_fallback([], [weak]) == []
    assert rule_fallback([], [weak], tagged_cues=[cue]) == [weak]
    # A cue some tagger statement already holds backs nothing.
    held = Found(kind="indirect", content=[(0, 3)], cue=cue)
    assert rule_fallback([held], [weak], tagged_cues=[cue]) == []


def test_a_statement_s_confidence_is_how_sure_the_model_is_of_its_cue():
    """A plain "said" outranks a cue the model holds more loosely ("seems"),
    where every tagger statement once had the same 0.8."""
    text = (
        "Ann Lee said the bridge would open in May. The council seems to favour a "
        "later date, and its members worry the levy is too high."
    )
    by_cue = {s.cue.text: s.confidence for s in extract(document_from_text(text, "t")).statements}
    assert by_cue["said"] > 0.9
    assert by_cue["seems"] < by_cue["said"] - 0.1
    assert all(0 < c < 1 for c in by_cue.values())


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.9, 0.999, 1.0])
def test_calibrated_confidence_keeps_order_and_stays_inside_zero_and_one(p):
    below = calibrated(max(p - 0.1, 0.0))
    assert 0 < below <= calibrated(p) < 1
