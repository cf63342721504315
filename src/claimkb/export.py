"""Every way a knowledge base leaves claimkb.

RDF formats are written by Oxigraph's serialisers straight from the store's
quads, so what is exported is exactly what is stored.  Triple formats (Turtle,
N-Triples) carry the union of all document graphs; dataset formats (TriG,
N-Quads, JSON-LD) keep one named graph per document.
"""

from __future__ import annotations

from pyoxigraph import RdfFormat, Triple, serialize

from claimkb.errors import QueryError
from claimkb.rdf.vocab import PREFIXES
from claimkb.store import Store

RDF_FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
}
#: The rdflib parser name for each format (for round-trip checks and users).
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "nt": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
}
FORMATS = tuple(RDF_FORMATS)


def export_rdf(store: Store, fmt: str) -> bytes:
    """The whole knowledge base in one RDF format."""
    try:
        rdf_format = RDF_FORMATS[fmt]
    except KeyError:
        raise QueryError(
            f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}"
        ) from None
    prefixes = PREFIXES if fmt in ("turtle", "trig") else None
    if rdf_format.supports_datasets:
        data = serialize(store.quads(), format=rdf_format, prefixes=prefixes)
    else:
        triples = [Triple(s, p, o) for s, p, o in store.triples()]
        data = serialize(triples, format=rdf_format, prefixes=prefixes)
    return data if data is not None else b""
