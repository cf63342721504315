"""Files to knowledge base: read, extract, map to RDF, store.

Each document becomes one named graph; graphs are written in transactions of
a few dozen whole documents, so a run stopped half-way leaves whole documents
behind.  A file whose bytes have not
changed since it was stored is skipped before it is parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from claimkb.entities import Aliases, Canonicaliser, known_nodes, known_people
from claimkb.errors import InputError
from claimkb.extract import model_version
from claimkb.factcheck import Claimants, relink, reviewed_claimants
from claimkb.ingest import iter_documents
from claimkb.model import Document, Extraction
from claimkb.parallel import extract_parallel
from claimkb.rdf.mapping import MAPPING_VERSION, document_iri, extraction_quads, graph_iri
from claimkb.store import Store

#: Stored with these bytes, in this layout, by this extractor (parser + tagger
#: hash or rules + code hash): a retrained tagger, a switch of --method or a
#: mended rule extracts again.
_SAME_DOC = """ASK { GRAPH ?g {
    ?doc ckb:sha256 ?sha ; ckb:mappingVersion ?version .
    ?g prov:wasGeneratedBy ?run . ?run ckb:model ?model } }"""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    statements: int = 0
    relinked: int = 0  # reviews pointed at the new ids of the statements they judge


def _is_stored(store: Store, doc: Document, model: str) -> tuple[bool, bool]:
    """(a version of this document is stored, that version is what this run would write)."""
    iri = document_iri(doc.id)
    same = store.ask(
        _SAME_DOC,
        {
            "doc": iri,
            "g": graph_iri(doc.id),
            "sha": Literal(doc.sha256),
            "version": Literal(MAPPING_VERSION),
            "model": Literal(model),
        },
    )
    if same:
        return True, True
    exists = store.ask("ASK { ?doc ckb:sha256 ?any }", {"doc": iri})
    return exists, False


def ingest(
    store: Store,
    paths: Iterable[Path | str],
    on_file: Callable[[Path], None] | None = None,
    method: str = "auto",
    aliases: Aliases | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
) -> IngestReport:
    """Add files (or directories of them) to a store; report what happened to each.

    Names are made canonical across the whole knowledge base (``entities.py``);
    a document whose bare surnames only later documents explain is written
    again at the end of the run, once those names are known.
    """
    from claimkb import __version__

    report = IngestReport()
    canon = Canonicaliser(known_people(store), aliases or Aliases(), nodes=known_nodes(store))
    retry: list[Extraction] = []
    replacing: set[str] = set()
    claimants: Claimants = {}  # of replaced documents' reviewed statements, for relink
    model = model_version(method)

    def documents() -> Iterator[Document]:
        for path, item in iter_documents(paths):
            if isinstance(item, InputError):
                report.skipped.append((str(path), str(item)))
                if on_file:
                    on_file(path)
                continue
            exists, same = _is_stored(store, item, model)
            if same:
                report.unchanged.append(item.id)
                if on_file:
                    on_file(path)
                continue
            if exists:
                replacing.add(item.id)
                claimants.update(reviewed_claimants(store, [item.id]))
            yield item

    batch: list[tuple[NamedNode, list[Quad]]] = []
    batch_quads = 0

    def flush() -> None:
        nonlocal batch_quads
        store.replace_graphs(batch)  # one transaction: whole documents or none
        batch.clear()
        batch_quads = 0

    extractions = extract_parallel(documents(), method=method, jobs=jobs, scheduler=scheduler)
    for written, ex in enumerate(extractions, start=1):
        doc = ex.document
        if canon.apply(ex) and len(retry) < MAX_RETRY_DOCUMENTS:
            retry.append(ex)
        quads = extraction_quads(ex, __version__, model)
        batch.append((graph_iri(doc.id), quads))
        batch_quads += len(quads)
        if len(batch) >= WRITE_BATCH_DOCS or batch_quads >= WRITE_BATCH_QUADS:
            flush()
        (report.replaced if doc.id in replacing else report.added).append(doc.id)
        report.statements += len(ex.statements)
        if written % SNAPSHOT_EVERY == 0:
            flush()
            store.publish_snapshot()
        if on_file:
            on_file(Path(doc.path))
    if batch:
        flush()
    for ex in retry:
        before = extraction_quads(ex, __version__, model)
        canon.apply(ex)
        after = extraction_quads(ex, __version__, model)
        if after != before:
            store.replace_graph(graph_iri(ex.document.id), after)
    # A replaced document's statements may have new ids; and a run stopped
    # between writing documents and relinking (here or in ``remove``) left
    # reviews pointing at statements that are gone, which this mends.
    report.relinked = relink(store, claimants)
    return report


@dataclass
class RemoveReport:
    removed: list[str] = field(default_factory=list)
    statements: int = 0
    relinked: int = 0  # reviews of removed statements matched again or kept as their own claim


def remove(store: Store, doc_ids: Iterable[str]) -> RemoveReport:
    """Take documents out of the knowledge base: a retracted story, a file
    ingested by mistake.

    Every id is checked before anything is written, so a typo in one of them
    removes none (a ``QueryError`` names it, as ``show`` does an unknown
    statement).  Each document's graph goes whole;
    a verdict recorded on one of its statements is kept and matched again by
    its claim's words, as after a re-ingest (``factcheck.relink``).
    """
    from claimkb.errors import QueryError
    from claimkb.query import document

    wanted = list(dict.fromkeys(doc_ids))
    if not wanted:
        raise QueryError("name at least one document id (`claimkb documents` lists them)")
    counts: dict[str, int] = {}
    for doc_id in wanted:
        found = document(store, doc_id)
        if found is None:
            raise QueryError(
                f"no document with id {doc_id!r}; nothing removed (`claimkb documents` lists them)"
            )
        counts[doc_id] = found["statements"]
    claimants = reviewed_claimants(store, wanted)
    store.replace_graphs([(graph_iri(d), []) for d in wanted])
    relinked = relink(store, claimants)
    return RemoveReport(removed=wanted, statements=sum(counts.values()), relinked=relinked)


#: During a long ingest, readers see a fresh snapshot every this many documents.
SNAPSHOT_EVERY = 200
#: Documents (or quads) written per transaction: fewer, larger writes load
#: faster, and over HTTP mean fewer round trips; each stays all-or-nothing.
WRITE_BATCH_DOCS = 32
WRITE_BATCH_QUADS = 50_000


#: Documents kept in memory for the end-of-run second naming pass (bounded so
#: that a huge ingest stays flat in memory; the rest keep their bare surnames).
MAX_RETRY_DOCUMENTS = 2000
