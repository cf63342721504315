"""One writer at a time; readers never blocked and never shown half a document."""

from __future__ import annotations

import fcntl
import os
import subprocess
import time

import pytest

from claimkb import query
from claimkb.errors import StoreBusyError
from claimkb.store import open_store
from tests.conftest import graph_sizes, ingest_cmd
from tests.test_crash import make_corpus


def writer_active(kb) -> bool:
    """Somebody holds the writer's lock (tries it without waiting, then lets go)."""
    fd = os.open(kb / "store.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a lock we may have taken
    return False


def test_readers_are_served_while_a_writer_works(tmp_path):
    paths = make_corpus(tmp_path / "corpus", 800)
    kb = tmp_path / "kb"
    cmd = ingest_cmd(tmp_path / "corpus", kb=kb)
    # A first, finished ingest of a few documents: there is something to read.
    first = ingest_cmd(*paths[:3], kb=kb)
    subprocess.run(first, check=True, capture_output=True)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    views = []
    try:
        deadline = time.monotonic() + 60
        while not writer_active(kb) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # let it write some documents
        assert proc.poll() is None, "the writer finished too early to test against"
        with pytest.raises(StoreBusyError, match="busy"):
            open_store(kb, write=True)
        for _ in range(4):
            with open_store(kb) as store:  # a reader: never StoreBusyError
                assert len(query.who_said(store, "Jane Roe")) >= 3
                views.append(graph_sizes(store))
            time.sleep(0.3)
        assert proc.poll() is None, "the reads should have overlapped the writer"
    finally:
        proc.wait(timeout=300)
    with open_store(kb) as store:
        final = graph_sizes(store)
    assert len(final) == len(paths)
    # Whatever a reader saw of a document is exactly the finished document.
    for seen in views:
        assert {g: final[g] for g in seen} == seen
