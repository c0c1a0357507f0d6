"""A pool of query worker processes (see `graph.queryworker`): queries that can be stopped.

Each query runs in a worker process; when its time limit passes the worker is killed (SIGKILL) and
replaced, so a cartesian product or a hanging call stops using CPU at the limit instead of running on
after the HTTP answer is gone. A worker that dies (stack overflow, memory limit) costs its one query
a 503; the server process never runs the engine on user text.

Two lanes share the workers: queries typed by users (the SPARQL endpoint) may hold all workers but
`reserved`, so the service's own bounded queries (answers for targets and budgets) always find one.
Waiting for a free worker counts towards the query's time limit.
"""
from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from graph.results import QueryResult
from ingest.errors import BadRequest, CancuError, QueryTimeout

LANES = ("public", "internal")
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
START_TIMEOUT_S = 30.0


class QueryAborted(CancuError):
    """The worker running the query died (the engine crashed or ran out of its memory limit)."""

    status = 503
    code = "query_aborted"


class ResultTooLarge(CancuError):
    status = 413
    code = "result_too_large"


@dataclass
class _Worker:
    proc: subprocess.Popen
    conn: Connection

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()


class QueryPool:
    def __init__(self, workers: int = 4, *, reserved: int = 1, memory_mb: int = 2048, nice: int = 10,
                 max_result_mb: int = 64, memory_copy: bool = True) -> None:
        self.workers = max(1, int(workers))
        self.reserved = min(max(0, reserved), self.workers - 1)
        self.memory_mb = memory_mb
        self.nice = nice
        self.memory_copy = memory_copy  # workers answer from an in-memory copy of the union (graph.queryworker)
        self.max_result_bytes = max_result_mb * 1024 * 1024
        self._cond = threading.Condition(threading.RLock())
        self._idle: list[_Worker] = []
        self._busy = dict.fromkeys(LANES, 0)
        self._starting = 0  # workers being started in the background
        self._closed = False
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sparql-spawner")
        self.started = 0  # workers spawned so far (a test reads it)
        self.killed = 0

    # ------------------------------------------------------------------ workers
    def _spawn(self) -> _Worker:
        """Start a worker from the pool's own long-lived thread: a worker dies with the thread that
        started it (PR_SET_PDEATHSIG), and request threads come and go."""
        return self._spawner.submit(self._start_worker).result()

    def _start_worker(self) -> _Worker:
        parent, child = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p)
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "graph.queryworker", str(child.fileno()), str(self.memory_mb), str(self.nice),
                 "1" if self.memory_copy else "0"],
                pass_fds=(child.fileno(),), env=env, stdin=subprocess.DEVNULL, cwd=_PACKAGE_ROOT)
        finally:
            child.close()
        conn = Connection(parent.detach())
        worker = _Worker(proc, conn)
        if not conn.poll(START_TIMEOUT_S):
            worker.kill()
            raise QueryAborted("Không khởi động được tiến trình truy vấn", detail="query worker did not start")
        try:
            conn.recv()
        except (EOFError, OSError):
            worker.kill()
            raise QueryAborted("Không khởi động được tiến trình truy vấn", detail="query worker died at start") from None
        self.started += 1
        return worker

    def warm(self) -> None:
        """Start one idle worker in the background, so the next query does not wait for a process start."""
        def start() -> None:
            try:
                worker = self._spawn()
            except CancuError:
                worker = None
            with self._cond:
                self._starting -= 1
                self._cond.notify_all()
                if worker is None:
                    return
                if self._closed or len(self._idle) >= self.workers:
                    worker.kill()
                    return
                self._idle.append(worker)
                self._cond.notify_all()

        with self._cond:  # re-entrant: callers may hold it
            self._starting += 1
        threading.Thread(target=start, name="sparql-warm", daemon=True).start()

    def _capacity(self, lane: str) -> bool:
        total = sum(self._busy.values())
        if lane == "public":
            return total < self.workers and self._busy["public"] < self.workers - self.reserved
        return total < self.workers

    # ------------------------------------------------------------------ querying
    def run(self, path: str | Path, sparql: str, *, kind: str, union: str, timeout: float | None,
            max_rows: int | None, lane: str = "internal", result_format: str | None = None) -> QueryResult:
        """Answer `sparql` on the read-only store at `path`; `QueryTimeout` when `timeout` passes."""
        if lane not in LANES:
            raise ValueError(f"unknown lane {lane!r}")
        started = time.monotonic()
        deadline = started + timeout if timeout and timeout > 0 else None
        with self._cond:
            # wait for a slot of this lane, then for a worker being started rather than start another
            while not self._capacity(lane) or (not self._idle and self._starting > 0):
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise QueryTimeout(f"Máy chủ đang bận với các truy vấn khác; đã chờ {timeout:g} giây",
                                       detail="no free query worker before the time limit")
                self._cond.wait(remaining)
            self._busy[lane] += 1
            worker = self._idle.pop() if self._idle else None
            # keep one worker started ahead, so the next query does not wait for a process start
            if not self._idle and not self._starting and sum(self._busy.values()) < self.workers:
                self.warm()
        keep: _Worker | None = None
        try:
            if worker is None or not worker.alive():
                if worker is not None:
                    worker.kill()
                worker = self._spawn()
            request = {"path": str(path), "sparql": sparql, "kind": kind, "union": union,
                       "max_rows": max_rows or 0, "max_bytes": self.max_result_bytes, "format": result_format}
            worker.conn.send(request)
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not worker.conn.poll(remaining):
                worker.kill()
                self.killed += 1
                self.warm()
                raise QueryTimeout(f"Truy vấn quá thời gian cho phép ({timeout:g} giây) và đã bị dừng",
                                   detail=f"query exceeded {timeout:g}s; its worker process was killed")
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                code = worker.proc.wait()
                worker.kill()
                self.warm()
                raise QueryAborted(
                    "Truy vấn làm tiến trình thực thi dừng đột ngột (vượt giới hạn bộ nhớ hoặc lỗi của bộ máy "
                    "truy vấn); máy chủ vẫn hoạt động. Hãy đơn giản hóa truy vấn",
                    detail=f"query worker exited with {code}") from None
            keep = worker
        finally:
            with self._cond:
                self._busy[lane] -= 1
                if keep is not None and not self._closed:
                    self._idle.append(keep)
                elif keep is not None:
                    keep.kill()
                self._cond.notify_all()
        result = _decode(message)
        result.elapsed_ms = (time.monotonic() - started) * 1000
        return result

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()
        self._spawner.shutdown(wait=False)


def _decode(message: tuple) -> QueryResult:
    status = message[0]
    if status == "syntax":
        raise BadRequest("Truy vấn SPARQL sai cú pháp", detail=message[1])
    if status == "too_large":
        raise ResultTooLarge("Kết quả truy vấn quá lớn; hãy thêm LIMIT hoặc chọn ít cột hơn", detail=message[1])
    if status == "memory":
        raise QueryAborted("Truy vấn cần quá nhiều bộ nhớ; hãy đơn giản hóa truy vấn", detail=message[1])
    if status != "ok":
        raise BadRequest("Không thực hiện được truy vấn SPARQL", detail=message[1])
    payload = message[1]
    info = message[2] if len(message) > 2 else {}
    term = _term_decoder()
    if payload[0] == "body":
        _, fmt, body, rows, truncated = payload
        result = QueryResult("select", truncated=truncated, body=body, body_format=fmt, count=rows)
    elif payload[0] == "ask":
        result = QueryResult("ask", boolean=payload[1])
    elif payload[0] == "graph":
        result = QueryResult("graph", triples=[(term(s), term(p), term(o)) for s, p, o in payload[1]],
                             truncated=payload[2])
    else:
        _, variables, rows, truncated = payload
        result = QueryResult("select", variables=variables, rows=[tuple(term(t) for t in row) for row in rows],
                             truncated=truncated)
    result.engine = info.get("engine", "")
    result.worker_cpu_ms = info.get("cpu_ms")
    return result


def _term_decoder():
    from rdflib import BNode, Literal, URIRef

    cache: dict = {}

    def decode(code):
        if code is None:
            return None
        hit = cache.get(code)
        if hit is not None:
            return hit
        if code[0] == "u":
            hit = URIRef(code[1])
        elif code[0] == "b":
            hit = BNode(code[1])
        elif code[3]:
            hit = Literal(code[1], lang=code[3])
        elif code[2]:
            hit = Literal(code[1], datatype=URIRef(code[2]))
        else:
            hit = Literal(code[1])
        cache[code] = hit
        return hit

    return decode


# ------------------------------------------------------------------------ one pool per process

_SHARED: dict[tuple, QueryPool] = {}
_SHARED_LOCK = threading.Lock()


def shared_pool(workers: int, memory_mb: int, memory_copy: bool = True) -> QueryPool:
    """The process's pool for these limits: a server, its CLI and its tests reuse started workers."""
    key = (int(workers), int(memory_mb), bool(memory_copy))
    with _SHARED_LOCK:
        pool = _SHARED.get(key)
        if pool is None:
            pool = _SHARED[key] = QueryPool(workers, memory_mb=memory_mb, memory_copy=memory_copy)
            pool.warm()
        return pool


@atexit.register
def _close_shared() -> None:
    for pool in list(_SHARED.values()):
        pool.close()
