"""Check a knowledge base against claimkb's SHACL shapes (``rdf/shapes.ttl``).

The shapes say what every export promises its readers: each statement has its
text, a kind from the fixed list, a confidence in [0, 1], selectors with
offsets, at most one speaker with one label; each document its hash.  A graph
that breaks them was written by a bug, so tests validate every export.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import rdflib
from pyshacl import validate as shacl_validate

from claimkb.export import export_rdf
from claimkb.store import Store


@dataclass
class Report:
    conforms: bool
    violations: int
    text: str


@cache
def shapes() -> rdflib.Graph:
    data = resources.files("claimkb.rdf").joinpath("shapes.ttl").read_text("utf-8")
    return rdflib.Graph().parse(data=data, format="turtle")


def validate_graph(data: rdflib.Graph) -> Report:
    conforms, results, text = shacl_validate(
        data, shacl_graph=shapes(), inference="none", advanced=False, allow_warnings=False
    )
    violations = len(
        list(
            results.subjects(
                rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult")
            )
        )
    )
    return Report(bool(conforms), violations, str(text))


def validate_store(store: Store) -> Report:
    """All documents' graphs taken together (speakers are shared between them)."""
    data = rdflib.Graph().parse(data=export_rdf(store, "nt"), format="nt")
    return validate_graph(data)
