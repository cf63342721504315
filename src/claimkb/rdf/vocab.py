"""Namespaces and terms: code says ``SDO.Claim``, never a string IRI.

Standard vocabularies first (schema.org, W3C Web Annotation, PROV); ``CKB``
holds only what none of them says.
"""

from __future__ import annotations

from pyoxigraph import NamedNode


class Namespace(str):
    """A namespace IRI whose attributes are terms: ``SDO.Claim``."""

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self + name)

    def term(self, name: str) -> NamedNode:
        return NamedNode(self + name)


SDO = Namespace("http://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
CKB = Namespace("https://claimkb.org/ns#")

#: Where claimkb mints its own IRIs (documents, statements, speakers).
BASE = "https://claimkb.org/id/"

PREFIXES: dict[str, str] = {
    "schema": str(SDO),
    "oa": str(OA),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "ckb": str(CKB),
}


def sparql_prefixes() -> str:
    """PREFIX lines for a query text (only for the HTTP backend, which has no prefix map)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
