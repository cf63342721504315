"""The default backend: Oxigraph on disk, no server.

One writer, many readers, and readers are never turned away:

* a writer takes ``store.lock`` exclusively (a second writer gets a clear
  "busy" error, or waits with ``--wait``); each document graph is replaced by
  one SPARQL update, which Oxigraph applies atomically, so a crash leaves the
  old graph or the new one, never half of either;
* while it works, and when it closes, the writer publishes a RocksDB
  checkpoint of the store as ``snapshot/`` (hard links: cheap);
* a reader takes the lock shared and opens the store read-only; if a writer
  holds it, the reader opens the latest snapshot instead: slightly older,
  never half a document, never blocked.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from pyoxigraph import (
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    Store,
    Variable,
)

from claimkb.errors import QueryError, StoreBusyError, StoreError
from claimkb.rdf.vocab import PREFIXES
from claimkb.store import Row, Term

SNAPSHOT = "snapshot"


class EmbeddedStore:
    def __init__(self, path: Path, *, write: bool = False, wait: float = 0.0) -> None:
        self.path = path
        self.write = write
        self._lock_fd: int | None = None
        self.snapshot_path = path.parent / SNAPSHOT
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if write:
                self._lock(wait)
                self._store = Store(str(path))
            elif self._lock_shared():
                self._store = Store.read_only(str(path))
            elif self.snapshot_path.exists():
                self._store = Store.read_only(str(self.snapshot_path))
            else:
                raise StoreBusyError(
                    f"{path.parent}: knowledge base is being written for the first time; "
                    "try again when that ingest ends"
                )
        except OSError as exc:
            self._unlock()
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreBusyError(
                    f"{path}: knowledge base is busy (another claimkb process has it open)"
                ) from None
            raise StoreError(f"{path}: cannot open the store ({msg.splitlines()[0]})") from None

    def _lock_shared(self) -> bool:
        """Take the lock shared (a reader); False if a writer holds it."""
        fd = os.open(self.path.parent / "store.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._lock_fd = fd
        return True

    def publish_snapshot(self) -> None:
        """Give readers a consistent copy of the store as it is now (writers only)."""
        if not self.write:
            return
        fresh = self.path.parent / f"{SNAPSHOT}.new"
        old = self.path.parent / f"{SNAPSHOT}.old"
        for leftover in (fresh, old):
            shutil.rmtree(leftover, ignore_errors=True)
        self._store.flush()
        self._store.backup(str(fresh))
        if self.snapshot_path.exists():
            self.snapshot_path.rename(old)
        fresh.rename(self.snapshot_path)
        # Readers that opened the old snapshot keep their open files (POSIX).
        shutil.rmtree(old, ignore_errors=True)

    def _lock(self, wait: float) -> None:
        """Take the writer's lock, polling up to ``wait`` seconds if another writer has it."""
        lock_path = self.path.parent / "store.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    hint = "" if wait else "; use --wait SECONDS to wait for it"
                    raise StoreBusyError(
                        f"{self.path.parent}: knowledge base is busy "
                        f"(another claimkb process is using it){hint}"
                    ) from None
                time.sleep(0.1)
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def _run(self, query: str, bindings: Mapping[str, Term] | None):
        subs = {Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._store.query(
                query, prefixes=PREFIXES, substitutions=subs, use_default_graph_as_union=True
            )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: read failed ({exc})") from None

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        res = self._run(query, bindings)
        if not isinstance(res, QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in res.variables]
        return [{n: sol[n] for n in names if sol[n] is not None} for sol in res]

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        res = self._run(query, bindings)
        if not isinstance(res, QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(res)

    def raw_query(self, query: str) -> QuerySolutions | QueryBoolean | QueryTriples:
        """A user's own read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE).

        Oxigraph's query entry point cannot run updates, so this is read-only
        whatever the text says.
        """
        return self._run(query, None)

    def update(self, update: str) -> None:
        """A user's own SPARQL update (``claimkb sparql --update``); needs the writer's lock."""
        if self._lock_fd is None:
            raise StoreError("updates need the knowledge base opened for writing")
        try:
            self._store.update(update, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: write failed ({exc})") from None

    def replace_graph(self, graph: NamedNode, quads: list[Quad]) -> None:
        self.replace_graphs([(graph, quads)])

    def replace_graphs(self, graphs: list[tuple[NamedNode, list[Quad]]]) -> None:
        """Replace named graphs: old versions removed, then every new quad added in
        one transaction (Oxigraph's ``extend``: all of them or none).

        A crash between the two steps leaves a replaced document absent, never
        half there; the next ingest adds it again.  ``extend`` takes quads as
        values, so no text is ever parsed as SPARQL (and it loads about twice as
        fast as an ``INSERT DATA`` update: benchmarks/bench_store.py).
        """
        try:
            for graph, _ in graphs:
                if self._store.contains_named_graph(graph):
                    self._store.remove_graph(graph)
            self._store.extend([q for _, quads in graphs for q in quads])
        except OSError as exc:
            raise StoreError(f"{self.path}: write failed ({exc})") from None

    def triples(self) -> Iterator[tuple[Term, Term, Term]]:
        """Streamed from the store, so an export holds no list of them: on
        PolNeAR train's 26k statements a list took 0.9 GB to write 130 MB."""
        res = self._store.query("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        return ((r["s"], r["p"], r["o"]) for r in res)

    def quads(self) -> Iterator[Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, None))

    def close(self) -> None:
        try:
            if self.write:
                self.publish_snapshot()
        finally:
            del self._store
            self._unlock()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
