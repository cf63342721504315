"""One store interface, whichever backend holds the triples.

Query code calls ``select``/``ask`` with bound values and never asks which
backend it has.  ``open_store`` picks the backend: an ``http(s)://`` SPARQL endpoint when
``--store``/``$CLAIMKB_STORE`` names one, else Oxigraph on disk under the
knowledge base home (the default).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from pyoxigraph import Literal, NamedNode, Quad

from claimkb.errors import StoreError

Term = NamedNode | Literal
Row = dict[str, Term]

DEFAULT_HOME = Path("kb")


class Store(Protocol):
    """What every backend must do."""

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]: ...

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool: ...

    def raw_query(self, query: str) -> object: ...

    def update(self, update: str) -> None: ...

    def replace_graph(self, graph: NamedNode, quads: list[Quad]) -> None: ...

    def replace_graphs(self, graphs: list[tuple[NamedNode, list[Quad]]]) -> None:
        """Replace several named graphs in one transaction."""

    def triples(self) -> Iterable[tuple[Term, Term, Term]]:
        """The union of all graphs, each triple once; read while the store is open."""

    def quads(self) -> Iterable[Quad]:
        """Every quad; read while the store is open."""

    def publish_snapshot(self) -> None:
        """Make what is written so far visible to readers (a no-op where always visible)."""

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...


def kb_home(kb: Path | str | None = None) -> Path:
    """``--kb``, else ``$CLAIMKB_HOME``, else ``./kb``."""
    if kb is not None:
        return Path(kb)
    env = os.environ.get("CLAIMKB_HOME")
    return Path(env) if env else DEFAULT_HOME


def store_url() -> str:
    """A SPARQL endpoint to use instead of the embedded store (``--store`` /
    ``$CLAIMKB_STORE``), or "" for the embedded one."""
    from urllib.parse import urlsplit

    url = os.environ.get("CLAIMKB_STORE", "").strip()
    if not url:
        return url
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # `http://[::1`, a port that is not a number
        ok = False
    if not ok:
        raise StoreError(f"--store / CLAIMKB_STORE must be an http(s) SPARQL endpoint, not {url!r}")
    return url


def open_store(
    kb: Path | str | None = None,
    *,
    write: bool = False,
    create: bool | None = None,
    wait: float = 0.0,
) -> Store:
    """The store of a knowledge base home.

    Reading a knowledge base that was never created is an error (a typo in
    ``--kb`` must not look like an empty result); writing creates it, unless
    ``create`` is False: a write that changes what is stored (a verdict on a
    statement, a removal) has nothing to change in a new one, and must not
    leave an empty knowledge base behind a typo.  A writer finding another
    writer waits up to ``wait`` seconds, then gives up.
    """
    url = store_url()
    if url:
        from claimkb.store.sparql import SparqlStore

        return SparqlStore(url, os.environ.get("CLAIMKB_UPDATE_URL") or None)
    from claimkb.store.embedded import EmbeddedStore

    home = kb_home(kb)
    if home.exists() and not home.is_dir():
        raise StoreError(f"{home}: is a file; --kb names the folder a knowledge base lives in")
    path = home / "store"
    if not path.exists() and not (write if create is None else create):
        raise StoreError(
            f"{home}: no knowledge base here yet; run `claimkb ingest FILES --kb {home}` first"
        )
    return EmbeddedStore(path, write=write, wait=wait)
