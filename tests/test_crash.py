"""A killed ingest leaves whole documents, and a re-run finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from claimkb.extract import extract_many, model_version
from claimkb.ingest import iter_documents
from claimkb.rdf.mapping import extraction_quads, graph_iri
from claimkb.store import open_store
from tests.conftest import graph_sizes, ingest_cmd

TEMPLATE = (
    "Harbour update number {n}\n\n"
    "“The {n} cranes on pier {n} will move again by Friday,” said Jane Roe, the harbour master.\n\n"
    "According to the port office, {n} ships are waiting outside the breakwater.\n\n"
    "Roe said the divers had cleared {n} tonnes of debris since the storm.\n"
)


def make_corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(count):
        p = folder / f"update-{n:03d}.txt"
        p.write_text(TEMPLATE.format(n=n), encoding="utf-8")
        paths.append(p)
    return paths


def store_bytes(kb: Path) -> int:
    """Bytes of stored data: the write-ahead logs and tables, not RocksDB's own
    LOG and OPTIONS files, which pass 200 kB before any document is in."""
    folder = kb / "store"
    if not folder.exists():
        return 0
    data = [f for f in folder.iterdir() if f.suffix in (".log", ".sst")]
    return sum(f.stat().st_size for f in data)


def stored_graphs(kb: Path) -> dict[str, int]:
    with open_store(kb) as store:
        return graph_sizes(store)


def test_sigkill_mid_ingest_leaves_whole_documents(tmp_path):
    paths = make_corpus(tmp_path / "corpus", 600)
    kb = tmp_path / "kb"
    cmd = ingest_cmd(tmp_path / "corpus", kb=kb)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Wait until some documents are in (the store's write-ahead log grows with
    # each transaction, about 4 MB for 32 of these documents), then kill
    # without warning.  Past two transactions' worth, the first is whole: a
    # lower mark may catch the first one half-written, with nothing stored.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if store_bytes(kb) > 10_000_000:
            break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    # Every stored graph is exactly what a clean run writes for that document.
    expected = {}
    docs = {d.id: d for _, d in iter_documents(paths)}
    sizes = stored_graphs(kb)
    assert 0 < len(sizes) < len(paths)
    from claimkb import __version__

    wanted = [docs[Path(g).name] for g in sizes]
    for ex in extract_many(wanted):
        expected[graph_iri(ex.document.id).value] = len(
            extraction_quads(ex, __version__, model_version())
        )
    assert sizes == expected

    # A re-run completes the rest and leaves the stored ones alone.
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert f"{len(paths) - len(sizes)} added" in res.stderr
    assert f"{len(sizes)} unchanged" in res.stderr
    assert len(stored_graphs(kb)) == len(paths)
