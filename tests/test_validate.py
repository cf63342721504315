"""The SHACL shapes pass our exports and catch what a bug would write."""

from __future__ import annotations

import pytest
import rdflib

from claimkb.export import export_rdf
from claimkb.store import open_store
from claimkb.validate import validate_graph, validate_store

SDO = rdflib.Namespace("http://schema.org/")
CKB = rdflib.Namespace("https://claimkb.org/ns#")
RDFS = rdflib.RDFS


def test_sample_kb_conforms(sample_kb):
    with open_store(sample_kb) as store:
        report = validate_store(store)
    assert report.conforms, report.text
    assert report.violations == 0


@pytest.fixture
def good(sample_kb) -> rdflib.Graph:
    with open_store(sample_kb) as store:
        return rdflib.Graph().parse(data=export_rdf(store, "nt"), format="nt")


def a_statement(g: rdflib.Graph, kind: str = "indirect") -> rdflib.URIRef:
    return next(s for s in g.subjects(CKB.kind, rdflib.Literal(kind)))


def broken(g: rdflib.Graph, how: str) -> rdflib.Graph:
    st = a_statement(g)
    if how == "no text":
        g.remove((st, SDO.text, None))
    elif how == "bad kind":
        g.set((st, CKB.kind, rdflib.Literal("rumour")))
    elif how == "confidence above one":
        g.set((st, CKB.confidence, rdflib.Literal("1.5", datatype=rdflib.XSD.decimal)))
    elif how == "speaker with two labels":
        sp = g.value(st, SDO.author)
        g.add((sp, RDFS.label, rdflib.Literal("Somebody Else")))
    elif how == "speaker without a type":
        g.remove((g.value(st, SDO.author), CKB.speakerType, None))
    elif how == "quotation that is not direct":
        g.add((st, rdflib.RDF.type, SDO.Quotation))
    elif how == "selector without offsets":
        sel = g.value(st, CKB.contentSelector)
        g.remove((sel, rdflib.URIRef("http://www.w3.org/ns/oa#start"), None))
    return g


@pytest.mark.parametrize(
    "how",
    [
        "no text",
        "bad kind",
        "confidence above one",
        "speaker with two labels",
        "speaker without a type",
        "quotation that is not direct",
        "selector without offsets",
    ],
)
def test_shapes_catch_broken_graphs(good, how):
    report = validate_graph(broken(good, how))
    assert not report.conforms
    assert report.violations >= 1
