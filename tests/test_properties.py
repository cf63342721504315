"""Properties that must hold for any text, checked on generated input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimkb.errors import InputError
from claimkb.extract import extract
from claimkb.extract.quotes import find_quotes
from claimkb.extract.segment import split_blocks
from claimkb.ingest import document_from_text
from claimkb.records import extraction_dict

WORDS = [
    "Jane",
    "Roe",
    "said",
    "the",
    "bridge",
    "“",
    "”",
    '"',
    "according",
    "to",
    ",",
    ".",
    "\n\n",
    "she",
    "President",
    "denied",
    "that",
    "it",
    "was",
    "ready",
    ":",
    "[...]",
    "Photo:",
    "«",
    "»",
    "?",
    "he",
    "told",
    "reporters",
]
news_like = st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)
any_text = st.text(min_size=1, max_size=300).filter(lambda t: t.strip())
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_spans(text: str) -> None:
    """Every span is a slice of the text; a refused text is refused with InputError."""
    try:
        doc = document_from_text(text, "p")
    except InputError:
        return
    rec = extraction_dict(extract(doc))
    for s in rec["statements"]:
        for role in ("source", "cue", "content"):
            span = s[role]
            if span is None:
                continue
            assert 0 <= span["start"] < span["end"] <= len(text)
            assert text[span["start"] : span["end"]] == span["text"]
            for a, b in span.get("spans", []):
                assert span["start"] <= a < b <= span["end"]


@SETTINGS
@given(news_like)
def test_spans_lie_inside_the_text_and_equal_their_slice(text):
    check_spans(text)


@SETTINGS
@given(any_text)
def test_extract_never_crashes_on_arbitrary_unicode(text):
    check_spans(text)


@SETTINGS
@given(news_like)
def test_ids_are_stable_across_runs(text):
    try:
        doc = document_from_text(text, "p")
    except InputError:
        return
    a = [s.id for s in extract(doc).statements]
    b = [s.id for s in extract(doc).statements]
    assert a == b


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_blocks_and_quotes_stay_inside_the_text(text):
    for b in split_blocks(text):
        assert 0 <= b.start < b.end <= len(text)
        assert text[b.start : b.end].strip() == text[b.start : b.end]
    for q in find_quotes(text):
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)


@SETTINGS
@given(news_like)
def test_rdf_of_any_text_round_trips_through_ntriples(text):
    import rdflib
    from pyoxigraph import RdfFormat, serialize

    from claimkb.rdf.mapping import extraction_quads

    try:
        doc = document_from_text(text, "p")
    except InputError:
        return
    quads = extraction_quads(extract(doc), "test", "model")
    data = serialize(quads, format=RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=data, format="nquads")
    assert len(list(ds.quads((None, None, None, None)))) == len(quads)
    again = extraction_quads(extract(doc), "test", "model")
    assert again == quads  # same text, same IRIs, same triples
