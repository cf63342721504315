"""Extraction on several processes and on a Dask cluster: same statements, same order."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from claimkb.cli import app
from claimkb.ingest import iter_documents
from claimkb.model import Document
from claimkb.parallel import _one_blas_thread, extract_parallel, ordered
from tests.conftest import CORPUS, N_CORPUS


def corpus_docs() -> list[Document]:
    return [doc for _, doc in iter_documents([CORPUS]) if isinstance(doc, Document)]


def statement_ids(extractions) -> list[tuple[str, list[str]]]:
    return [(ex.document.id, [s.id for s in ex.statements]) for ex in extractions]


def _worker_gc_threshold() -> int:
    import gc

    return gc.get_threshold()[0]


def test_local_workers_collect_garbage_less_often():
    from claimkb.parallel import GC_THRESHOLD, _local_pool

    with _local_pool(2) as pool:
        got = [pool.submit(_worker_gc_threshold).result() for _ in range(2)]
    assert got == [GC_THRESHOLD, GC_THRESHOLD]


def test_ordered_keeps_input_order_and_bounds_what_is_in_flight():
    """Batches finish out of order (later ones faster); results still come in
    input order, and never more than ``in_flight`` batches are outstanding."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    outstanding = most = 0
    lock = threading.Lock()

    def work(chunk):
        nonlocal outstanding
        time.sleep(0.02 * (len(chunk) - int(chunk[0].id) % 3))
        with lock:
            outstanding -= 1
        return [SimpleNamespace(document=d) for d in chunk]

    with ThreadPoolExecutor(4) as pool:

        def submit(chunk):
            nonlocal outstanding, most
            with lock:
                outstanding += 1
                most = max(most, outstanding)
            return pool.submit(work, chunk)

        docs = [Document(id=str(i), text="x") for i in range(50)]
        got = [e.document.id for e in ordered(submit, docs, in_flight=3, batch=4)]
    assert got == [d.id for d in docs]
    assert most <= 3


def test_workers_multiply_on_one_blas_thread_unless_told_otherwise(monkeypatch):
    name = "OPENBLAS_NUM_THREADS"
    monkeypatch.delenv(name, raising=False)
    spawn = multiprocessing.get_context("spawn")
    with _one_blas_thread(), ProcessPoolExecutor(1, mp_context=spawn) as pool:
        assert pool.submit(os.getenv, name).result() == "1"
    assert name not in os.environ  # the parent's environment is left as it was
    monkeypatch.setenv(name, "3")
    with _one_blas_thread():
        assert os.environ[name] == "3"
    assert os.environ[name] == "3"


def test_two_processes_extract_exactly_what_one_does():
    docs = corpus_docs()
    one = statement_ids(extract_parallel(docs, jobs=1))
    two = statement_ids(extract_parallel(docs, jobs=2))
    assert one == two and len(one) == N_CORPUS


@pytest.fixture(scope="module")
def dask_scheduler():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_cluster_extracts_exactly_what_one_process_does(dask_scheduler):
    docs = corpus_docs()
    local = statement_ids(extract_parallel(docs, jobs=1))
    remote = statement_ids(extract_parallel(docs, scheduler=dask_scheduler))
    assert remote == local


def test_cli_ingest_on_a_dask_cluster_and_with_jobs(tmp_path, dask_scheduler):
    runner = CliRunner()
    counts = []
    for name, extra in (("dask", ["--scheduler", dask_scheduler]), ("jobs", ["--jobs", "2"])):
        kb = str(tmp_path / name)
        res = runner.invoke(app, ["ingest", str(CORPUS), "--kb", kb, *extra])
        assert res.exit_code == 0, res.output
        assert f"{N_CORPUS} added" in res.output
        rows = json.loads(
            runner.invoke(app, ["who-said", "--all", "--kb", kb, "-f", "json"]).stdout
        )
        counts.append(sorted(r["id"] for r in rows))
    assert counts[0] == counts[1] and counts[0]


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "no-port-here"])
def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, monkeypatch, address):
    monkeypatch.setattr("claimkb.parallel.SCHEDULER_TIMEOUT", 1.0)
    res = CliRunner().invoke(
        app, ["ingest", str(CORPUS), "--kb", str(tmp_path / "kb"), "--scheduler", address]
    )
    assert res.exit_code == 3
    assert res.output.startswith(f"error: cannot reach the Dask scheduler at {address} (")
    assert len(res.output.splitlines()) == 1
