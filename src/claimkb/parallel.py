"""Extraction on several processes, or on a Dask cluster, in document order.

Extraction is embarrassingly parallel per document; storing is not (one
writer).  So documents go out in small batches to workers that each load the
spaCy pipeline once, the extractions come back in input order, and the one
writing process stores them exactly as a single-process ingest would.  At most
a few batches are in flight at once, so memory stays flat however long the
input is.

Local processes use ``concurrent.futures`` (spawned, so no worker inherits the
store's open files); a Dask ``distributed`` cluster takes the same batch
function through ``Client.submit``.  Both hand back futures with ``.result()``.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from typing import Any

from claimkb.model import Document, Extraction

#: Documents per batch sent to a worker: big enough to amortise the round trip
#: and to fill the parser's and tagger's batches (each worker runs
#: ``extract_many`` once per batch), small enough that a slow batch does not
#: hold the rest back.  Session 33, 2,000 short articles on 2 workers: 16 a
#: batch took 36.1 s, 64 took 26.5 s and 256 took 25.3 s.
BATCH_DOCS = 64
#: Seconds to wait for a Dask scheduler to answer before giving up.
SCHEDULER_TIMEOUT = 10.0
#: Allocations between the cyclic garbage collector's youngest-generation runs
#: in a claimkb process (Python's default is 700).
GC_THRESHOLD = 10_000


def fewer_collections() -> tuple[int, int, int]:
    """Run Python's cycle collector less often in a claimkb process, and return
    the thresholds it had.  Extraction allocates millions of short-lived
    objects and frees almost no cycles (290 in a dev run), while every full
    collection walks spaCy's long-lived vocabulary and model: at the default
    700 that was 0.55 of 7.8 s extracting dev, and the peak memory is the same
    at 10,000 (420 MB).  Only claimkb's own processes call it: the command
    line and its local workers, never a library caller's process."""
    before = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *before[1:])
    return before


def extract_batch(docs: list[Document], method: str) -> list[Extraction]:
    """What a worker runs (module-level, so it pickles by reference)."""
    from claimkb.extract import extract_many

    return list(extract_many(docs, method=method))


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while batch := list(islice(it, size)):
        yield batch


def ordered(
    submit: Callable[[list[Document]], Any],
    docs: Iterable[Document],
    in_flight: int,
    batch: int = BATCH_DOCS,
) -> Iterator[Extraction]:
    """Extractions in input order, with at most ``in_flight`` batches outstanding."""
    pending: deque = deque()
    for chunk in _batches(docs, batch):
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def extract_parallel(
    docs: Iterable[Document],
    method: str = "auto",
    jobs: int = 1,
    scheduler: str | None = None,
) -> Iterator[Extraction]:
    """``extract_many`` spread over ``jobs`` local processes or a Dask scheduler."""
    from claimkb.extract import extract_many

    if scheduler:
        yield from _on_dask(docs, method, scheduler)
        return
    if jobs <= 1:
        yield from extract_many(docs, method=method)
        return
    with _one_blas_thread(), _local_pool(jobs) as pool:
        yield from ordered(lambda chunk: pool.submit(extract_batch, chunk, method), docs, 2 * jobs)


def _local_pool(jobs: int) -> ProcessPoolExecutor:
    """Spawned workers, each collecting garbage as seldom as the main process."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=fewer_collections)


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Workers spawned meanwhile multiply matrices on one thread each (unless
    the user said otherwise): the workers are the parallelism, and each one's
    BLAS spreading over every core as well oversubscribes them (2,000 short
    articles on 2 workers: 36.2 s, against 21.8 s with one thread a worker).
    Spawned workers read the variable when they load numpy."""
    name = "OPENBLAS_NUM_THREADS"
    before = os.environ.get(name)
    os.environ.setdefault(name, "1")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)


def _on_dask(docs: Iterable[Document], method: str, scheduler: str) -> Iterator[Extraction]:
    from claimkb.errors import StoreError

    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - distributed is a dependency
        raise StoreError("--scheduler needs the 'distributed' package") from None
    try:
        client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
    except (OSError, ValueError) as exc:  # ValueError: an address with no port, say
        raise StoreError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    try:
        workers = max(1, sum(client.nthreads().values()))
        yield from ordered(
            lambda chunk: client.submit(extract_batch, chunk, method, pure=False),
            docs,
            2 * workers,
        )
    finally:
        client.close()
