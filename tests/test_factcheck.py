"""Fact-check verdicts: rating normalisation, reading ClaimReview files, storing
verdicts next to statements, and ClaimReview markup out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimkb import factcheck
from claimkb.errors import InputError, QueryError
from claimkb.factcheck import google_problems, normalise_rating, parse_scale, read_reviews
from claimkb.store import open_store
from tests.conftest import ROOT

SAMPLE_REVIEWS = ROOT / "kb" / "reviews"


def review_obj(**overrides) -> dict:
    obj = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/a",
        "claimReviewed": "The storm damaged 120 cars at the terminal car park.",
        "author": {"@type": "Organization", "name": "Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Organization", "name": "Port"}},
    }
    obj.update(overrides)
    return obj


@pytest.fixture
def kb_copy(sample_kb: Path, tmp_path: Path) -> Path:
    """The sample knowledge base, copied so a test may write verdicts into it."""
    dest = tmp_path / "kb"
    shutil.copytree(sample_kb, dest, ignore=shutil.ignore_patterns("*.lock"))
    return dest


# --- ratings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("False", "false"),
        ("Pants on Fire!", "false"),
        ("TRUE", "true"),
        ("Half-True", "mixture"),
        ("Mostly False", "mixture"),
        ("Four Pinocchios", "false"),
        ("False. The port was open all week.", "false"),
        ("Unproven", "other"),
        ("Satire", "other"),
    ],
)
def test_labels_normalise_to_four_buckets(label, expected):
    assert normalise_rating(label) == expected


def test_unknown_label_falls_back_to_the_scale():
    assert normalise_rating("1", 1, 5, 1) == "false"
    assert normalise_rating("3", 3, 5, 1) == "mixture"
    assert normalise_rating("5", 5, 5, 1) == "true"
    # the label wins over the scale when it is known
    assert normalise_rating("False", 5, 5, 1) == "false"
    # a value off its scale tells nothing
    assert normalise_rating("9", 9, 5, 1) == "other"


def test_scale_parsing():
    assert parse_scale("1-5") == (1.0, 5.0)
    assert parse_scale("0 to 10") == (0.0, 10.0)
    with pytest.raises(InputError, match="scale"):
        parse_scale("five")
    with pytest.raises(InputError, match="no range"):
        parse_scale("3-3")


def test_make_review_refuses_bad_fields():
    with pytest.raises(InputError, match="http"):
        factcheck.make_review("x y z", "False", "Org", "javascript:alert(1)")
    with pytest.raises(InputError, match="ISO date"):
        factcheck.make_review("x y z", "False", "Org", "https://a.example", date="March 3")
    with pytest.raises(InputError, match="outside the scale"):
        factcheck.make_review("x y z", "", "Org", "https://a.example", value=7, scale=(1, 5))
    with pytest.raises(InputError, match="author"):
        factcheck.make_review("x y z", "False", " ", "https://a.example")


# --- reading files ------------------------------------------------------------------


def test_reads_an_object_an_array_and_a_graph(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps(review_obj()))
    many = tmp_path / "many.jsonld"
    many.write_text(json.dumps([review_obj(), review_obj(url="https://checks.example/b")]))
    graph = tmp_path / "graph.json"
    graph.write_text(json.dumps({"@context": "https://schema.org", "@graph": [review_obj()]}))
    assert len(read_reviews(one)) == 1
    assert [r.url for r in read_reviews(many)] == [
        "https://checks.example/a",
        "https://checks.example/b",
    ]
    (r,) = read_reviews(graph)
    assert (r.rating, r.normalized, r.author, r.claimant_type) == (
        "False",
        "false",
        "Checks",
        "organization",
    )


def test_reads_the_ld_json_blocks_of_a_web_page():
    (r,) = read_reviews(SAMPLE_REVIEWS / "port-watch.html")
    assert r.author == "Port Watch" and r.normalized == "mixture"
    assert (r.rating_value, r.worst_rating, r.best_rating) == (4.0, 1.0, 5.0)


def test_reads_claimskg_style_rdf_and_prefers_the_checkers_own_label(tmp_path):
    ttl = tmp_path / "claimskg.ttl"
    ttl.write_text(
        """@prefix schema: <http://schema.org/> .
        <http://x.example/review/1> a schema:ClaimReview ;
            schema:url <https://checks.example/ferry> ;
            schema:datePublished "2026-02-01" ;
            schema:author [ schema:name "Coast Facts" ] ;
            schema:itemReviewed <http://x.example/claim/1> ;
            schema:reviewRating <http://x.example/rating/own> , <http://x.example/rating/norm> .
        <http://x.example/claim/1> a schema:CreativeWork ;
            schema:text "The ferry left port despite the storm warning." ;
            schema:author [ a schema:Person ; schema:name "Ilse Brandt" ] .
        <http://x.example/rating/own> a schema:Rating ; schema:alternateName "Pants on Fire" .
        <http://x.example/rating/norm> a schema:Rating ; schema:alternateName "FALSE" ;
            schema:ratingValue 1 ; schema:author [ schema:name "ClaimsKG" ] .
        """
    )
    (r,) = read_reviews(ttl)
    assert r.claim_reviewed == "The ferry left port despite the storm warning."
    assert (r.rating, r.normalized, r.claimant, r.date_published) == (
        "Pants on Fire",
        "false",
        "Ilse Brandt",
        "2026-02-01",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"@type": "ClaimReview", ', "not valid JSON"),
        ('{"@type": "WebPage", "name": "no reviews"}', "no ClaimReview"),
        (json.dumps([review_obj(), review_obj(reviewRating=None)]), "review 2: no reviewRating"),
        (json.dumps(review_obj(url="not a url")), "http"),
        (json.dumps(review_obj(claimReviewed="")), "no claimReviewed"),
        ("[" * 100_000, "nested too deep"),
    ],
)
def test_malformed_files_name_the_file_and_the_problem(tmp_path, content, message):
    p = tmp_path / "bad.json"
    p.write_text(content)
    with pytest.raises(InputError, match=message) as exc:
        read_reviews(p)
    assert "bad.json" in str(exc.value)


def test_bad_rdf_is_a_clear_error(tmp_path):
    p = tmp_path / "bad.ttl"
    p.write_text("<a> <b> ")
    with pytest.raises(InputError, match="not valid RDF"):
        read_reviews(p)


# --- stored verdicts ----------------------------------------------------------------------


CASTELL_CLAIM = "the harbour at Port Amberly would reopen to cargo ships by the end of the week"


def castell_statement(store) -> str:
    from claimkb.matching import match

    (m,) = match(store, CASTELL_CLAIM, top=1)
    assert m.row["speaker"] == "Mara Castell"
    return m.row["id"]


def test_conflicting_verdicts_on_one_statement_are_all_kept(kb_copy):
    from claimkb.matching import candidates

    with open_store(kb_copy, write=True) as store:
        sid = castell_statement(store)
        ids, text = factcheck.statement_ids(store, sid[:8])
        assert ids == [sid] and "reopen" in text
        a = factcheck.make_review(
            text, "False", "Harbour Check", "https://hc.example/1", statements=ids
        )
        b = factcheck.make_review(
            text, "True", "Port Watch", "https://pw.example/1", statements=ids
        )
        factcheck.record(store, [a, b])
        factcheck.record(store, [a])  # recording again replaces, never duplicates
    with open_store(kb_copy) as store:
        found = factcheck.verdicts(store)[sid]
        # asked for given statements, only their reviews are read and returned
        assert factcheck.verdicts(store, [sid]) == {sid: found}
        others = [r["id"] for r in candidates(store) if r["id"] != sid]
        assert factcheck.verdicts(store, others) == {}
    assert sorted((v["by"], v["normalized"]) for v in found) == [
        ("Harbour Check", "false"),
        ("Port Watch", "true"),
    ]


def test_unknown_or_ambiguous_ids_are_query_errors(kb_copy):
    with open_store(kb_copy) as store:
        with pytest.raises(QueryError, match="no statement or claim"):
            factcheck.statement_ids(store, "zzzz")
        with pytest.raises(QueryError, match="empty"):
            factcheck.statement_ids(store, " ")
        from collections import Counter

        from claimkb.matching import candidates

        shared = Counter(r["id"][0] for r in candidates(store)).most_common(1)[0]
        assert shared[1] > 1
        with pytest.raises(QueryError, match="ambiguous"):
            factcheck.statement_ids(store, shared[0])


def test_import_matches_the_sample_reviews_and_keeps_the_rest_as_claims(kb_copy):
    reviews = [r for p in sorted(SAMPLE_REVIEWS.iterdir()) for r in read_reviews(p)]
    with open_store(kb_copy, write=True) as store:
        factcheck.attach(store, reviews)
        factcheck.record(store, reviews)
        castell = castell_statement(store)
    by_author = {(r.author, r.url): r for r in reviews}
    hc = by_author["Harbour Check", "https://harbourcheck.example/2026/03/port-reopening"]
    assert hc.statements == [castell]
    toll = next(r for r in reviews if "toll" in r.claim_reviewed)
    assert toll.statements == []  # no stored article makes that claim
    with open_store(kb_copy) as store:
        stored = factcheck.reviews(store)
        assert {r["review"] for r in stored} == {r.id for r in reviews}
        own = next(r for r in stored if r["review"] == toll.id)
        assert own["claimant"] == "Tomas Reyes" and own["statements"] == []
    # every row has every field, None where a review lacks it: CSV and JSON
    # readers see one shape whichever review comes first
    assert len({tuple(r) for r in stored}) == 1
    assert {r["claimant_type"] for r in stored} > {None}


def test_claimreview_export_passes_googles_rules(kb_copy):
    reviews = [r for p in sorted(SAMPLE_REVIEWS.iterdir()) for r in read_reviews(p)]
    with open_store(kb_copy, write=True) as store:
        factcheck.attach(store, reviews)
        factcheck.record(store, reviews)
    with open_store(kb_copy) as store:
        out = factcheck.claimreview_jsonld(store)
    assert len(out) == len(reviews)
    for obj in out:
        assert google_problems(obj) == [], obj
    matched = next(o for o in out if o["author"]["name"] == "Harbour Check")
    assert matched["itemReviewed"]["author"]["name"] == "Mara Castell"
    assert matched["itemReviewed"]["appearance"][0]["headline"].startswith(
        "Harbour at Port Amberly"
    )


@pytest.mark.parametrize(
    ("drop", "problem"),
    [
        ("claimReviewed", "claimReviewed"),
        ("url", "url"),
        ("author", "author"),
        ("reviewRating", "alternateName"),
        ("itemReviewed", "Claim"),
    ],
)
def test_google_rules_catch_each_missing_field(drop, problem):
    obj = review_obj()
    obj["itemReviewed"]["appearance"] = "https://port.example/news"
    assert google_problems(obj) == []
    del obj[drop]
    assert any(problem in p for p in google_problems(obj))


def test_google_rules_want_the_claimant_and_an_appearance():
    obj = review_obj()
    assert google_problems(obj) == [
        "itemReviewed.appearance / firstAppearance (with a URL) is missing"
    ]
    obj["itemReviewed"] = {"@type": "Claim", "appearance": "https://port.example/news"}
    assert google_problems(obj) == ["itemReviewed.author (the claimant) is missing"]


@pytest.mark.parametrize(
    ("speaker_type", "expected"),
    [("person", "Person"), ("organization", "Organization"), ("group", "Organization")],
)
def test_the_claimant_is_typed_as_the_store_types_the_speaker(speaker_type, expected):
    said = {
        "speaker": "Ada Vance and Tom Oduya",
        "speaker_type": speaker_type,
        "doc": "pier",
        "url": "https://news.example/pier",
    }
    item = factcheck._item({"url": "https://checks.example/a"}, [said])
    assert item["author"] == {"@type": expected, "name": "Ada Vance and Tom Oduya"}
