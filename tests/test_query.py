import pytest

from claimkb import query
from claimkb.errors import QueryError
from claimkb.store import open_store

HOSTILE = ['"', "'", "}", '"} ; DROP ALL ; #', "x\ny", "Ø∑\u2028", ") || true || (", "?q"]


@pytest.fixture(params=["embedded", "sparql"])
def store(request, sample_kb):
    """Every query test runs on both backends: Oxigraph on disk, and a real
    SPARQL server over HTTP holding the same corpus."""
    if request.param == "sparql":
        from claimkb.store.sparql import SparqlStore

        yield SparqlStore(request.getfixturevalue("sparql_endpoint"))
        return
    with open_store(sample_kb) as s:
        yield s


def speakers(rows):
    return {r["speaker"] for r in rows}


def test_who_said_by_full_name(store):
    rows = query.who_said(store, "Ilse Brandt")
    assert speakers(rows) == {"Ilse Brandt"}
    assert {r["doc"] for r in rows} == {"03-coast-guard", "06-ferry-inquiry"}


def test_who_said_by_surname_and_case_insensitive(store):
    assert speakers(query.who_said(store, "brandt")) == {"Ilse Brandt"}


def test_who_said_by_alias(store):
    rows = query.who_said(store, "the commandant")
    assert speakers(rows) == {"Ilse Brandt"}


def test_who_said_all_skips_outlet_voice(store):
    rows = query.who_said(store)
    assert rows and all(r["kind"] != "unattributed" for r in rows)


def test_rows_are_ordered_and_stable(store):
    a = query.who_said(store, "Castell")
    assert a == query.who_said(store, "Castell")
    keys = [(r["speaker"], r["doc"], r["start"]) for r in a]
    assert keys == sorted(keys)


def test_said_about_finds_mentions_and_words(store):
    rows = query.said_about(store, "Northern Star")
    assert {r["doc"] for r in rows} >= {"03-coast-guard"}


def test_min_confidence_keeps_only_statements_that_sure(store):
    every = query.who_said(store)
    cut = sorted(r["confidence"] for r in every)[len(every) // 2]
    sure = query.who_said(store, min_confidence=cut)
    assert 0 < len(sure) < len(every)
    assert {r["id"] for r in sure} == {r["id"] for r in every if r["confidence"] >= cut}
    about = query.said_about(store, "harbour", min_confidence=cut)
    assert about and all(r["confidence"] >= cut for r in about)


def test_min_confidence_outside_zero_and_one_is_an_error(store):
    with pytest.raises(QueryError):
        query.who_said(store, min_confidence=1.5)


def test_sources_counts_documents(store):
    rows = {r["speaker"]: r for r in query.sources(store)}
    assert rows["Ilse Brandt"]["documents"] == 2
    assert rows["Ilse Brandt"]["statements"] >= 3


def test_show_by_prefix_returns_spans_in_the_text(store):
    row = query.who_said(store, "Jonah Pike")[0]
    d = query.show(store, row["id"][:8])
    assert d.row["id"] == row["id"]
    for ranges in d.spans.values():
        for s, e in ranges:
            assert 0 <= s < e <= len(d.document_text)
    assert d.spans["source"] and d.spans["cue"] and d.spans["content"]


def test_show_unknown_id(store):
    with pytest.raises(QueryError, match="no statement"):
        query.show(store, "ffffffff-nothing")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_are_just_strings(store, text):
    assert query.who_said(store, text) == []
    # A quote mark is a fair search term: every hit must really contain it.
    for row in query.said_about(store, text):
        assert text.lower() in row["content"].lower()
    with pytest.raises(QueryError):
        query.show(store, text)
    assert query.who_said(store, "Ilse Brandt")  # nothing was dropped


def test_empty_name_is_an_error(store):
    with pytest.raises(QueryError):
        query.who_said(store, "  ")


def test_sparql_select_ask_construct(store):
    cols, rows = query.sparql(
        store,
        "SELECT ?name (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s schema:author ?p . "
        "?p rdfs:label ?name } GROUP BY ?name ORDER BY DESC(?n) ?name",
    )
    assert cols == ["name", "n"]
    assert rows[0]["n"] >= rows[-1]["n"]
    assert query.sparql(store, "ASK { ?s a schema:Quotation }") is True
    triples = query.sparql(store, "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3")
    assert len(triples) == 3


@pytest.mark.parametrize(
    "text",
    [
        "DROP ALL",
        "PREFIX x: <http://x/>\nINSERT DATA { x:a x:b x:c }",
        "  delete where { ?s ?p ?o }",
    ],
)
def test_sparql_refuses_updates_without_flag(store, text):
    with pytest.raises(QueryError, match="read-only"):
        query.sparql(store, text)
    assert query.who_said(store, "Ilse Brandt")


def test_sparql_syntax_error_is_a_query_error(store):
    with pytest.raises(QueryError, match="syntax"):
        query.sparql(store, "SELEC nothing")


def test_an_unreachable_service_is_a_query_error(sample_kb):
    # port 1 on this machine: refused at once, no name lookup, no network
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    with open_store(sample_kb) as s, pytest.raises(QueryError, match="query failed"):
        query.sparql(s, text)


def test_who_said_folds_accents_however_the_page_encoded_them(tmp_path):
    import unicodedata

    from tests.conftest import make_kb

    decomposed = unicodedata.normalize("NFD", "Fares\n\nJosé Ramírez said the fares would rise.\n")
    kb = make_kb(tmp_path, {"fares.txt": decomposed})
    with open_store(kb) as s:
        for asked in ("Ramírez", "ramirez", "José Ramirez", "JOSE", "Jose\u0301"):
            assert [r["content"] for r in query.who_said(s, asked)] == ["the fares would rise"]
        assert query.who_said(s, "Ramos") == []


def test_who_said_still_finds_keys_an_older_mapping_stored(tmp_path):
    from pyoxigraph import Literal, Quad

    from claimkb.rdf.mapping import plain_key
    from claimkb.rdf.vocab import CKB
    from tests.conftest import make_kb

    kb = make_kb(tmp_path, {"fares.txt": "Fares\n\nJosé Ramírez said the fares would rise.\n"})
    old = {"jose ramirez": plain_key("José Ramírez"), "ramirez": plain_key("Ramírez")}
    with open_store(kb, write=True) as s:
        quads = list(s.quads())
        for graph in {q.graph_name for q in quads}:
            s.replace_graph(
                graph,
                [
                    Quad(
                        q.subject,
                        q.predicate,
                        Literal(old.get(q.object.value, q.object.value)),
                        graph,
                    )
                    if q.predicate == CKB.nameKey
                    else q
                    for q in quads
                    if q.graph_name == graph
                ],
            )
        assert {q.object.value for q in s.quads() if q.predicate == CKB.nameKey} >= set(
            old.values()
        )
    with open_store(kb) as s:
        assert [r["content"] for r in query.who_said(s, "Ramírez")] == ["the fares would rise"]


def test_documents_lists_every_stored_document_with_its_statements(store):
    from tests.conftest import N_CORPUS

    rows = query.documents(store)
    assert len(rows) == N_CORPUS
    assert [r["doc"] for r in rows] == sorted(r["doc"] for r in rows)
    (coast,) = [r for r in rows if r["doc"] == "03-coast-guard"]
    assert coast["headline"] == "Coast guard rescues crew of stranded ferry"
    brandt = [r for r in query.who_said(store, "Brandt") if r["doc"] == "03-coast-guard"]
    assert 0 < len(brandt) <= coast["statements"]
    assert sum(r["statements"] for r in rows) == len(query.all_statements(store))
    assert [r["doc"] for r in query.documents(store, limit=2)] == [r["doc"] for r in rows[:2]]


def test_who_said_lists_the_person_named_before_a_body_named_after_them(tmp_path):
    from tests.conftest import make_kb

    kb = make_kb(
        tmp_path,
        {
            "rally.txt": "Vance rally draws crowd\n\n"
            "Citizens for Vance, a volunteer group, said the rally drew 2,000 people.\n\n"
            "Zoe Vance said the harbour would reopen in May.\n"
        },
    )
    with open_store(kb) as s:
        rows = query.who_said(s, "Vance")
        (first,) = query.who_said(s, "Vance", limit=1)
    assert [(r["speaker"], r["speaker_type"]) for r in rows] == [
        ("Zoe Vance", "person"),
        ("Citizens for Vance", "organization"),
    ]
    assert first["speaker"] == "Zoe Vance"


def test_since_and_until_keep_the_statements_of_documents_published_then(tmp_path):
    import json

    from tests.conftest import make_kb

    articles = [
        {"id": "monday", "date": "2026-03-02", "text": "Mayor Ada Vance said the pier would open."},
        {"id": "friday", "date": "2026-03-06", "text": "Mayor Ada Vance said the pier would shut."},
        {"id": "undated", "text": "Ada Vance said the pier was safe."},
    ]
    kb = make_kb(tmp_path, {"feed.jsonl": "".join(json.dumps(a) + "\n" for a in articles)})
    with open_store(kb) as s:
        every = query.who_said(s, "Vance")
        later = query.who_said(s, "Vance", since="2026-03-03")
        earlier = query.said_about(s, "pier", until="2026-03-05")
        one_day = query.who_said(s, "Vance", since="2026-03-06", until="2026-03-06")
        march = query.who_said(s, "Vance", since="2026-03", until="2026-03")
        listed = query.documents(s, since="2026-03-03")
        in_2025 = query.who_said(s, "Vance", until="2025")
        with pytest.raises(QueryError, match="--since takes a day"):
            query.who_said(s, "Vance", since="last week")
        with pytest.raises(QueryError, match="is after --until"):
            query.said_about(s, "pier", since="2026-03-07", until="2026-03-01")
    assert {r["doc"]: r["date"] for r in every} == {
        "monday": "2026-03-02",
        "friday": "2026-03-06",
        "undated": None,
    }
    assert [r["doc"] for r in later] == [r["doc"] for r in one_day] == ["friday"]
    assert [r["doc"] for r in earlier] == ["monday"]
    assert sorted(r["doc"] for r in march) == ["friday", "monday"] and in_2025 == []
    assert [r["doc"] for r in listed] == ["friday"]


def test_statement_rows_carry_their_documents_date(store):
    rows = query.who_said(store, "Brandt")
    assert rows and all("date" in r and r["date"] is None for r in rows)


def test_who_said_about_is_what_both_questions_find(store):
    said = {r["id"] for r in query.who_said(store, "Castell")}
    about = {r["id"] for r in query.said_about(store, "harbour")}
    both = query.who_said(store, "Castell", about="harbour")
    assert both and {r["id"] for r in both} == said & about
    assert {r["speaker"] for r in both} == {"Mara Castell"} and len(both) < len(said)
    assert query.who_said(store, "Castell", about="Atlantis") == []


def test_sources_of_a_window_count_its_documents_only(tmp_path):
    import json

    from tests.conftest import make_kb

    articles = [
        {"id": "mon", "date": "2026-03-02", "text": "Ada Vance said the pier would open."},
        {"id": "fri", "date": "2026-03-06", "text": "Ada Vance said the pier would shut."},
        {"id": "sat", "date": "2026-03-07", "text": "Tom Lind said the ferry was late."},
    ]
    kb = make_kb(tmp_path, {"feed.jsonl": "".join(json.dumps(a) + "\n" for a in articles)})
    with open_store(kb) as s:
        every = {r["speaker"]: r["statements"] for r in query.sources(s)}
        week_end = {r["speaker"]: r["documents"] for r in query.sources(s, since="2026-03-05")}
    assert every == {"Ada Vance": 2, "Tom Lind": 1}
    assert week_end == {"Ada Vance": 1, "Tom Lind": 1}
