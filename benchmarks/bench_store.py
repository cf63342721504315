"""Store load speed and who-said latency: claimkb's store vs rdflib in memory.

    python benchmarks/bench_store.py [--sizes 10000 100000] [--rdflib-max 100000]
                                     [--json out/bench-store.json]

Statements come from templates we wrote (no copied text), mapped to RDF by
claimkb's own mapping, so each carries the same ~30 quads as a real one.
claimkb loads them the way ``claimkb ingest`` does (whole-document
transactions into Oxigraph on disk); rdflib gets the same quads in an
in-memory ``Dataset``.  who-said is the query ``claimkb who-said NAME`` runs,
timed over 20 different speakers (median); rdflib runs the same SPARQL text.
rdflib is skipped above ``--rdflib-max`` statements (it needs hours and tens of
GB there); the ratio is reported where both ran.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from claimkb.model import Document, Extraction, Span, Speaker, Statement
from claimkb.rdf.mapping import extraction_quads, graph_iri
from claimkb.store.embedded import EmbeddedStore

FIRST = ["Mara", "Jonah", "Ilse", "Lena", "Petra", "Samuel", "Rosa", "Omar", "Ada", "Tomas"]
LAST = ["Castell", "Pike", "Brandt", "Hart", "Lindqvist", "Okafor", "Vidal", "Sadik", "Lind"]
CLAIMS = [
    "the harbour will reopen within {n} days",
    "food prices rose by {n} percent this year",
    "the council approved {n} new homes",
    "the ferry carried {n} passengers on the night it sank",
    "the repairs will cost {n} million crowns",
]
PER_DOC = 10


def speaker_name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"


def documents(n_statements: int, n_speakers: int, seed: int = 11):
    """Extractions of PER_DOC statements each, with valid spans into their text."""
    rnd = random.Random(seed)
    for d in range(0, n_statements, PER_DOC):
        parts, statements = [], []
        text = ""
        for _ in range(PER_DOC):
            who = speaker_name(rnd.randrange(n_speakers))
            claim = rnd.choice(CLAIMS).format(n=rnd.randint(2, 999))
            sentence = f"{who} said that {claim}."
            base = len(text)
            text += sentence + "\n\n"
            parts.append(sentence)
            src = Span(base, base + len(who), who)
            cue = Span(src.end + 1, src.end + 5, "said")
            c0 = base + len(who) + len(" said that ")
            statements.append(
                Statement(
                    doc_id=f"doc-{d}",
                    kind="indirect",
                    content=[Span(c0, c0 + len(claim), claim)],
                    source=src,
                    cue=cue,
                    speaker=Speaker(who, "person", "name"),
                    confidence=0.8,
                    cue_lemma="say",
                )
            )
        yield Extraction(Document(id=f"doc-{d}", text=text, sha256="0" * 64), statements)


def load_claimkb(path: Path, n: int, n_speakers: int) -> tuple[float, int, EmbeddedStore]:
    store = EmbeddedStore(path, write=True)
    batch, count = [], 0
    t0 = time.perf_counter()
    for ex in documents(n, n_speakers):
        quads = extraction_quads(ex, "bench", "bench")
        count += len(quads)
        batch.append((graph_iri(ex.document.id), quads))
        if len(batch) >= 32:
            store.replace_graphs(batch)
            batch = []
    if batch:
        store.replace_graphs(batch)
    return time.perf_counter() - t0, count, store


def load_rdflib(n: int, n_speakers: int):
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    t0 = time.perf_counter()
    for ex in documents(n, n_speakers):
        g = ds.graph(rdflib.URIRef(graph_iri(ex.document.id).value))
        for q in extraction_quads(ex, "bench", "bench"):
            g.add(tuple(_rdflib_term(t) for t in (q.subject, q.predicate, q.object)))
    return time.perf_counter() - t0, ds


def _rdflib_term(t):
    import rdflib

    if isinstance(t, Literal):
        dt = t.datatype.value if t.datatype else None
        if dt and dt.endswith("#string"):
            dt = None
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(dt) if dt else None)
    return rdflib.URIRef(t.value)


def who_said_claimkb(store, name: str) -> float:
    from claimkb.query import who_said

    t0 = time.perf_counter()
    rows = who_said(store, name)
    secs = time.perf_counter() - t0
    assert rows and all(r["speaker"] == name for r in rows), name
    return secs


class RdflibStore:
    """rdflib's in-memory Dataset behind claimkb's Store interface, so who-said
    runs the very same code and queries on both."""

    def __init__(self, ds) -> None:
        self.ds = ds

    def select(self, query: str, bindings=None) -> list[dict]:
        import rdflib

        from claimkb.rdf.vocab import sparql_prefixes

        init = {k: _rdflib_term(v) for k, v in (bindings or {}).items()}
        res = self.ds.query(sparql_prefixes() + query, initBindings=init)
        names = [str(v) for v in res.vars]
        out = []
        for row in res:
            out.append(
                {
                    n: (
                        NamedNode(str(t))
                        if isinstance(t, rdflib.URIRef)
                        else Literal(
                            str(t), datatype=NamedNode(str(t.datatype)) if t.datatype else None
                        )
                    )
                    for n, t in zip(names, row, strict=True)
                    if t is not None
                }
            )
        return out


def who_said_rdflib(ds, name: str) -> float:
    from claimkb.query import who_said

    t0 = time.perf_counter()
    rows = who_said(RdflibStore(ds), name)
    secs = time.perf_counter() - t0
    assert rows and all(r["speaker"] == name for r in rows), name
    return secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--rdflib-max", type=int, default=10_000)
    ap.add_argument("--json", type=Path, default=Path("out") / "bench-store.json")
    args = ap.parse_args()
    results = []
    head = (
        f"{'statements':>10} {'quads':>11} {'load s':>8} {'quads/s':>10} {'who-said ms':>12}"
        f" {'rdflib load s':>14} {'rdflib who-said ms':>19} {'load x':>7} {'who-said x':>10}"
    )
    print(head)
    for n in args.sizes:
        speakers = max(20, n // 50)
        names = [speaker_name(i) for i in random.Random(3).sample(range(speakers), 20)]
        with tempfile.TemporaryDirectory() as tmp:
            secs, quads, store = load_claimkb(Path(tmp) / "store", n, speakers)
            who_said_claimkb(store, names[0])  # warm
            lat = statistics.median(who_said_claimkb(store, nm) for nm in names)
            store.close()
        row = {
            "statements": n,
            "quads": quads,
            "load_seconds": round(secs, 2),
            "quads_per_second": round(quads / secs),
            "who_said_ms": round(lat * 1000, 1),
        }
        if n <= args.rdflib_max:
            r_secs, ds = load_rdflib(n, speakers)
            who_said_rdflib(ds, names[0])
            r_lat = statistics.median(who_said_rdflib(ds, nm) for nm in names[:3])
            row |= {
                "rdflib_load_seconds": round(r_secs, 2),
                "rdflib_who_said_ms": round(r_lat * 1000, 1),
                "load_ratio": round(r_secs / secs, 1),
                "who_said_ratio": round(r_lat / lat, 1),
            }
            del ds
        results.append(row)
        print(
            f"{n:>10,} {quads:>11,} {secs:>8.1f} {quads / secs:>10,.0f} {lat * 1000:>12.1f}"
            + (
                f" {row['rdflib_load_seconds']:>14.1f} {row['rdflib_who_said_ms']:>19.1f}"
                f" {row['load_ratio']:>7.1f} {row['who_said_ratio']:>10.1f}"
                if "rdflib_load_seconds" in row
                else f" {'-':>14} {'-':>19} {'-':>7} {'-':>10}"
            )
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
