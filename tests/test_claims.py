"""Claim identity across documents: same words merge, different facts never do."""

from __future__ import annotations

from claimkb.claims import Claim, claims, group, normalise, signature
from claimkb.pipeline import ingest
from claimkb.store import open_store


def row(speaker: str, content: str, doc: str, n: int = 0) -> dict:
    return {"speaker": speaker, "content": content, "doc": doc, "id": f"{doc}-{n}", "start": n}


def texts(claims: list[Claim]) -> list[list[str]]:
    return sorted(sorted(a["doc"] for a in c.appearances) for c in claims)


def test_normalise_ignores_quote_marks_case_and_punctuation():
    assert normalise("“The Port will REOPEN,” soon!") == normalise("the port will reopen soon")


def test_signature_keeps_numbers_and_negations():
    assert signature(normalise("It cost 4.2 million, not 5")) == (
        frozenset({"4.2", "5"}),
        frozenset({"not"}),
    )


def test_same_words_in_two_documents_are_one_claim():
    found = group(
        [
            row("Mara Castell", "The port will reopen by Saturday", "a"),
            row("Mara Castell", "the port will reopen by Saturday.", "b"),
            row("Mara Castell", "Bread prices will fall", "c"),
        ]
    )
    assert texts(found) == [["a", "b"], ["c"]]


def test_small_rewording_is_the_same_claim():
    found = group(
        [
            row("Mara Castell", "We will have the cranes moving again before Saturday", "a"),
            row("Mara Castell", "We will have all the cranes moving again before Saturday", "b"),
        ]
    )
    assert len(found) == 1


def test_a_content_of_a_word_or_two_is_never_merged():
    found = group(
        [
            row("Ada Vance", "Lind", "a"),
            row("Ada Vance", "Lind", "b"),
            row("Ada Vance", "a “disgrace”", "c"),
            row("Ada Vance", "a disgrace", "d"),
            row("Ada Vance", "The pier is a disgrace", "e"),
            row("Ada Vance", "the pier is a disgrace.", "f"),
        ]
    )
    assert texts(found) == [["a"], ["b"], ["c"], ["d"], ["e", "f"]]
    assert len({c.id for c in found}) == 5  # "review CLAIM-ID" finds each alone


def test_a_different_number_is_a_different_claim():
    found = group(
        [
            row("Jonah Pike", "The storm damaged 120 cars at the terminal", "a"),
            row("Jonah Pike", "The storm damaged 150 cars at the terminal", "b"),
        ]
    )
    assert len(found) == 2


def test_a_negation_is_a_different_claim():
    found = group(
        [
            row("Jonah Pike", "The berths will be cleared this week", "a"),
            row("Jonah Pike", "The berths will not be cleared this week", "b"),
        ]
    )
    assert len(found) == 2


def test_same_words_from_different_speakers_are_different_claims():
    found = group(
        [
            row("Jonah Pike", "The port will reopen by Saturday", "a"),
            row("Mara Castell", "The port will reopen by Saturday", "b"),
        ]
    )
    assert len(found) == 2


def test_claim_ids_are_stable():
    a = group([row("X Y", "Same words here", "a")])[0].id
    b = group([row("X Y", "same words here!", "z")])[0].id
    assert a == b


def test_claims_from_the_store(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("“The bridge opens in May,” said Jane Roe, the mayor.\n")
    (corpus / "b.txt").write_text("“The bridge opens in May!” Jane Roe said on Friday.\n")
    with open_store(tmp_path / "kb", write=True) as store:
        ingest(store, [corpus])
    from claimkb.claims import claims

    with open_store(tmp_path / "kb") as store:
        found = claims(store, "Roe")
    assert [(c.speaker, c.documents) for c in found] == [("Jane Roe", ["a", "b"])]


def test_claims_of_a_window_count_only_its_documents(tmp_path):
    import json

    from tests.conftest import make_kb

    said = "Jane Roe said the pier will reopen by Saturday."
    articles = [
        {"id": "a", "date": "2026-03-02", "text": said},
        {"id": "b", "date": "2026-03-06", "text": said},
        {"id": "c", "text": said},
    ]
    kb = make_kb(tmp_path, {"feed.jsonl": "".join(json.dumps(a) + "\n" for a in articles)})
    with open_store(kb) as store:
        (every,) = claims(store, "Roe")
        (later,) = claims(store, "Roe", since="2026-03-03")
    assert every.documents == ["a", "b", "c"] and later.documents == ["b"]
