from pyoxigraph import BlankNode, NamedNode

from claimkb.extract import extract
from claimkb.ingest import document_from_text
from claimkb.model import Speaker
from claimkb.rdf.mapping import (
    extraction_quads,
    graph_iri,
    name_key,
    slug,
    speaker_iri,
    statement_iri,
)
from claimkb.rdf.vocab import OA, RDF, SDO

TEXT = (
    "Bridge to open\n\n“The bridge is ready,” Jane Roe said.\n\n"
    "Sources said the cost had doubled.\n\nThe bridge cost 40 million crowns."
)


def quads():
    ex = extract(document_from_text(TEXT, "bridge"))
    return ex, extraction_quads(ex, "1.0", "model-1")


def test_same_input_same_quads():
    assert quads()[1] == quads()[1]


def test_no_blank_nodes_anywhere():
    _, qs = quads()
    for q in qs:
        for term in (q.subject, q.object, q.graph_name):
            assert not isinstance(term, BlankNode)


def test_everything_is_in_the_document_graph():
    _, qs = quads()
    assert {q.graph_name for q in qs} == {graph_iri("bridge")}


def test_direct_quote_is_a_quotation_and_others_are_claims():
    ex, qs = quads()
    types = {q.subject: q.object for q in qs if q.predicate == RDF.type}
    for st in ex.statements:
        expected = SDO.Quotation if st.kind == "direct" else SDO.Claim
        assert types[statement_iri(st.id)] == expected


def test_selectors_point_at_the_text():
    _, qs = quads()
    by_node: dict = {}
    for q in qs:
        if q.predicate in (OA.start, OA.end, OA.exact):
            by_node.setdefault(q.subject, {})[q.predicate.value] = q.object.value
    assert by_node
    for props in by_node.values():
        s, e = int(props[OA.start.value]), int(props[OA.end.value])
        assert TEXT[s:e] == props[OA.exact.value]


def test_vague_speakers_are_scoped_to_their_document():
    _, qs = quads()
    authors = {q.object.value for q in qs if q.predicate == SDO.author}
    assert any("/speaker/jane-roe" in a for a in authors)
    assert any("/speaker/bridge/" in a for a in authors)  # "Sources", per document


def test_slug_is_readable_and_stable():
    assert slug("Kassym-Jomart Tokayev") == "kassym-jomart-tokayev"
    assert slug("Tom O’Hara") == slug("Tom O'Hara") == "tom-o-hara"
    assert slug("Алма-Ата") != ""
    assert isinstance(statement_iri("x"), NamedNode)


def test_a_group_is_found_by_each_member_and_links_them(tmp_path):
    from claimkb import query
    from claimkb.store import open_store
    from claimkb.validate import validate_store
    from tests.conftest import make_kb
    from tests.test_speakers import GROUP_TEXT

    with open_store(make_kb(tmp_path, {"pier.txt": GROUP_TEXT})) as store:
        for who in ("Tom Oduya", "oduya", "Ada Vance"):
            rows = query.who_said(store, who)
            assert {r["speaker"] for r in rows} == {"Ada Vance and Tom Oduya"}, who
        members = store.select("SELECT ?name WHERE { ?g schema:member ?m . ?m rdfs:label ?name }")
        assert sorted(r["name"].value for r in members) == ["Ada Vance", "Tom Oduya"]
        assert validate_store(store).conforms


def test_a_byline_is_the_article_s_author_and_the_speaker_of_its_i():
    from claimkb.rdf.mapping import document_iri

    text = "Levy must rise\n\nBy Nils Ambrose\n\nI believe the levy is too low to pay for the pier."
    ex = extract(document_from_text(text, "levy"))
    qs = extraction_quads(ex, "1.0", "model-1")
    (writer,) = [
        q.object for q in qs if q.subject == document_iri("levy") and q.predicate == SDO.author
    ]
    (st,) = [s for s in ex.statements if s.kind != "unattributed"]
    assert any(
        q.subject == statement_iri(st.id) and q.predicate == SDO.author and q.object == writer
        for q in qs
    )
    assert any(
        q.subject == writer and q.predicate == RDF.type and q.object == SDO.Person for q in qs
    )


def test_an_organisation_known_by_a_description_is_scoped_to_its_document():
    company = Speaker("company", "organization", "description")
    gazette = Speaker("Harbour Gazette", "organization", "name")
    assert speaker_iri(company, "a") != speaker_iri(company, "b")  # which company?
    assert speaker_iri(gazette, "a") == speaker_iri(gazette, "b")


def test_name_key_folds_accents_case_apostrophes_and_spacing():
    assert name_key("José  Ramírez") == "jose ramirez"
    assert name_key("Jose\u0301 Rami\u0301rez") == "jose ramirez"
    assert name_key("Martin O’Malley") == name_key("martin o'malley") == "martin o'malley"
    assert name_key("Ilse Brandt") == "ilse brandt"
