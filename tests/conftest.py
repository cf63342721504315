"""Shared helpers: extraction of a short text, and a knowledge base built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimkb.extract import extract
from claimkb.ingest import document_from_text
from claimkb.model import Statement

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "kb" / "corpus"
SHARED = ROOT.parent / "shared"
#: How many sample articles kb/corpus holds (tests must not hard-code it).
N_CORPUS = len(list(CORPUS.glob("*.txt")))


def statements(text: str, *, unattributed: bool = False) -> list[Statement]:
    """Statements extracted from ``text``; outlet-voice ones only if asked."""
    found = extract(document_from_text(text, "t")).statements
    return [s for s in found if unattributed or s.kind != "unattributed"]


def one(text: str) -> Statement:
    """The single attributed statement ``text`` must contain."""
    found = statements(text)
    assert len(found) == 1, [(s.kind, s.content_text) for s in found]
    return found[0]


@pytest.fixture(scope="session")
def sample_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested once into a throwaway knowledge base."""
    from claimkb.pipeline import ingest
    from claimkb.store import open_store

    home = tmp_path_factory.mktemp("kb")
    with open_store(home, write=True) as store:
        report = ingest(store, [CORPUS])
    assert not report.skipped
    return home


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


def graph_sizes(store) -> dict[str, int]:
    """Quads per named graph: a whole document always has the same count."""
    sizes: dict[str, int] = {}
    for q in store.quads():
        sizes[q.graph_name.value] = sizes.get(q.graph_name.value, 0) + 1
    return sizes


def ingest_cmd(*paths: object, kb: Path) -> list[str]:
    """``claimkb ingest`` as a separate process (to kill it, or to race it)."""
    import sys

    return [sys.executable, "-m", "claimkb.cli", "ingest", *map(str, paths), "--kb", str(kb)]


def make_kb(root: Path, docs: dict[str, str]) -> Path:
    """A knowledge base under ``root`` from hand-written documents {file name: text}."""
    from claimkb.pipeline import ingest
    from claimkb.store import open_store

    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for name, text in docs.items():
        (corpus / name).write_text(text, encoding="utf-8")
    with open_store(root / "kb", write=True) as store:
        ingest(store, [corpus])
    return root / "kb"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def sparql_endpoint(tmp_path_factory: pytest.TempPathFactory):
    """A real SPARQL server on loopback (``oxigraph serve``, from the oxigraph
    PyPI package) holding the sample corpus; yields its query URL."""
    import subprocess
    import sys
    import time
    import urllib.request

    from claimkb.pipeline import ingest
    from claimkb.store.sparql import SparqlStore

    server = Path(sys.executable).parent / "oxigraph"
    assert server.exists(), "the oxigraph server comes with the dev dependencies (uv sync)"
    port = _free_port()
    proc = subprocess.Popen(
        [str(server), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        store = SparqlStore(url)
        report = ingest(store, [CORPUS])
        assert not report.skipped and len(report.added) == N_CORPUS
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
