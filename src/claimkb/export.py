"""Every way a knowledge base leaves claimkb.

RDF formats are written by Oxigraph's serialisers straight from the store's
quads, so what is exported is exactly what is stored.  Triple formats (Turtle,
N-Triples) carry the union of all document graphs; dataset formats (TriG,
N-Quads, JSON-LD) keep one named graph per document.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import BinaryIO

from pyoxigraph import Quad, RdfFormat, Triple, serialize

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
#: Formats that are not RDF: verdicts as ClaimReview markup, statements as a
#: spreadsheet, the who-talks-about-whom network for Gephi.
OTHER_FORMATS = ("claimreview", "csv", "graphml")
FORMATS = tuple(RDF_FORMATS)
ALL_FORMATS = FORMATS + OTHER_FORMATS
#: Columns of ``export --format csv``: one row per statement, offsets included.
CSV_COLUMNS = [
    "id", "doc", "date", "kind", "speaker", "speaker_type", "resolved_by", "source", "source_start",
    "source_end", "cue", "content", "start", "confidence",
]  # fmt: skip


def write_export(store: Store, fmt: str, out: BinaryIO) -> None:
    """The knowledge base in any export format, written to ``out``: RDF is
    streamed from the store through Oxigraph's serialiser, never held whole."""
    if fmt in OTHER_FORMATS:
        out.write(export(store, fmt))
        return
    rdf_format = _rdf_format(fmt)
    prefixes = PREFIXES if fmt in ("turtle", "trig") else None
    items: Iterable[Quad | Triple] = (
        store.quads()
        if rdf_format.supports_datasets
        else (Triple(s, p, o) for s, p, o in store.triples())
    )
    serialize(items, out, rdf_format, prefixes=prefixes)


def export(store: Store, fmt: str) -> bytes:
    """The knowledge base in any export format (RDF or not), as bytes."""
    if fmt == "claimreview":
        import json

        from claimkb.factcheck import claimreview_jsonld

        found = claimreview_jsonld(store)
        return (json.dumps(found, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "csv":
        from claimkb.output import csv_text
        from claimkb.query import all_statements

        return csv_text(all_statements(store), CSV_COLUMNS).encode("utf-8")
    if fmt == "graphml":
        from claimkb.graph import build, serialise

        return serialise(build(store, "speakers"), "graphml").encode("utf-8")
    return export_rdf(store, fmt)


def export_rdf(store: Store, fmt: str) -> bytes:
    """The whole knowledge base in one RDF format, as bytes."""
    buf = io.BytesIO()
    write_export(store, fmt, buf)
    return buf.getvalue()


def _rdf_format(fmt: str) -> RdfFormat:
    try:
        return RDF_FORMATS[fmt]
    except KeyError:
        raise QueryError(
            f"unknown export format {fmt!r}; choose from {', '.join(ALL_FORMATS)}"
        ) from None
