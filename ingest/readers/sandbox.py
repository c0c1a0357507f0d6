"""Reading an untrusted container in a child process with CPU, memory and time limits.

The structural checks of `ingest.readers.limits` refuse the bombs we know of in milliseconds; this is
the backstop for the ones we don't. The child is a fresh interpreter (no fork of a threaded server)
that lowers its own limits before it reads a byte: address space (`RLIMIT_AS`), CPU seconds
(`RLIMIT_CPU`), file size and no core dumps. Converters and Tesseract, started by the child, inherit
the same limits, each with its own CPU count. The parent waits with a wall-clock deadline that every
progress message (one per OCR page) pushes back, and kills the child's whole process group when it
passes. Whatever happens, the server's own memory never holds more than the file and its text.

Protocol: the parent writes one JSON line (format, path, limits, size) and the raw bytes to stdin; the
child answers JSON lines on stdout: {"progress": [stage, done, total]}..., then {"ok": extracted} or
{"error": reason}.
"""

from __future__ import annotations

import errno
import json
import os
import queue
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

from ingest.errors import ReadError
from ingest.model import OcrPage
from ingest.readers.base import Extracted, OcrLine, Progress
from ingest.readers.limits import ReadLimits

_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the `ingest` package
_MIB = 1024 * 1024
_FILE_SIZE_LIMIT = 2048 * _MIB  # temporary files of converters
_MEMORY_EXIT = 3  # the child's exit status when even its answer did not fit in memory
_STALL_FACTOR = 3  # wall seconds allowed per CPU second between two messages, for a loaded machine
_CHILD_ENV = {
    "OMP_THREAD_LIMIT": "1",  # Tesseract: one thread per page is faster in total on a shared machine
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MALLOC_ARENA_MAX": "2",  # glibc reserves 64 MB of address space per thread arena otherwise
    "PYTHONDONTWRITEBYTECODE": "1",
}


def run_isolated(format_name: str, path: Path, data: bytes, limits: ReadLimits, progress: Progress | None) -> Extracted:
    """Extract `data` with the reader of `format_name` in a limited child process."""
    header = json.dumps({"format": format_name, "path": str(path), "limits": limits.to_dict(), "size": len(data)})
    env = {**os.environ, **_CHILD_ENV, "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))}
    child = subprocess.Popen(
        [sys.executable, "-m", "ingest.readers.sandbox"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env=env, cwd=str(_ROOT), start_new_session=True,
    )  # fmt: skip
    messages: queue.Queue[dict | None] = queue.Queue()
    threading.Thread(target=_pump, args=(child.stdout, messages), daemon=True).start()
    try:
        _feed(child, header.encode() + b"\n" + data)
        return _collect(child, messages, path, limits, progress)
    finally:
        _kill(child)


def _feed(child: subprocess.Popen, payload: bytes) -> None:
    try:
        child.stdin.write(payload)
        child.stdin.close()
    except (BrokenPipeError, OSError):  # the child died at start; its exit status tells why
        pass


def _pump(stream, messages: queue.Queue) -> None:
    """Forward the child's answers; ends (and closes the pipe) when the child's process group is gone."""
    with stream:
        for line in stream:
            try:
                messages.put(json.loads(line))
            except ValueError:
                continue
    messages.put(None)


def _collect(child, messages: queue.Queue, path: Path, limits: ReadLimits, progress: Progress | None) -> Extracted:
    stall = max(limits.cpu_seconds, limits.ocr_page_seconds) * _STALL_FACTOR
    deadline = time.monotonic() + stall
    while True:
        try:
            message = messages.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            if time.monotonic() < deadline:
                continue
            raise ReadError(str(path), limits.too_slow()) from None
        if message is None:  # stdout closed without an answer: the child was killed or crashed
            raise ReadError(str(path), _death_reason(child, limits))
        if "progress" in message:
            deadline = time.monotonic() + stall
            if progress is not None:
                stage, done, total = message["progress"]
                progress(stage, done, total)
        elif "ok" in message:
            return _extracted(message["ok"])
        elif "error" in message:
            raise ReadError(str(path), message["error"])


def _death_reason(child: subprocess.Popen, limits: ReadLimits) -> str:
    try:
        code = child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        return limits.too_slow()
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return limits.too_slow()
    if code in (-signal.SIGSEGV, -signal.SIGABRT, _MEMORY_EXIT):  # C code out of memory under RLIMIT_AS
        return limits.too_big_in_memory()
    return f"trình đọc tệp dừng bất thường (mã {code})"


def _kill(child: subprocess.Popen) -> None:
    if child.poll() is None:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            child.kill()
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def _extracted(data: dict) -> Extracted:
    return Extracted(
        text=data["text"],
        encoding=data.get("encoding"),
        pages=data.get("pages"),
        ocr_lines=tuple(OcrLine(**line) for line in data.get("ocr_lines", ())),
        ocr_pages=tuple(OcrPage(**{**page, "source_span": tuple(page["source_span"])}) for page in data.get("ocr_pages", ())),
        converter=data.get("converter"),
        notes=tuple(data.get("notes", ())),
    )


# --------------------------------------------------------------------------------------------------
# The child
# --------------------------------------------------------------------------------------------------


def _limit_self(limits: ReadLimits) -> None:
    memory = limits.memory_mb * _MIB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (_FILE_SIZE_LIMIT, _FILE_SIZE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _emit(message: dict) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _child() -> None:
    try:
        _answer()
    except MemoryError:
        os._exit(_MEMORY_EXIT)


def _answer() -> None:
    stdin = sys.stdin.buffer
    header = json.loads(stdin.readline())
    limits = ReadLimits(**header["limits"])
    _limit_self(limits)
    data = stdin.read(header["size"])
    path = Path(header["path"])
    try:
        from ingest.readers import reader_for_format

        reader = reader_for_format(header["format"])
        extracted = reader.extract(path, data, limits=limits, progress=lambda *p: _emit({"progress": p}))
        _emit({"ok": asdict(extracted)})
    except ReadError as exc:
        _emit({"error": exc.reason})
    except MemoryError:
        _emit({"error": limits.too_big_in_memory()})
    except RecursionError:
        _emit({"error": limits.too_slow()})
    except Exception as exc:  # a failed allocation inside C code surfaces as OSError, ImportError...
        if _out_of_memory(exc) or _near_memory_limit(limits):
            _emit({"error": limits.too_big_in_memory()})
        else:  # a reader bug must still answer in one line
            _emit({"error": f"lỗi khi đọc tệp: {type(exc).__name__}"})


def _out_of_memory(exc: BaseException | None) -> bool:
    """An allocation failure reported as another error: ENOMEM, a shared library that could not be mapped."""
    while exc is not None:
        if getattr(exc, "errno", None) == errno.ENOMEM or "map segment" in str(exc) or "allocate memory" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _near_memory_limit(limits: ReadLimits) -> bool:
    """True when the process's peak address space came within 10% of its limit (Linux /proc)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("VmPeak:"):
            return int(line.split()[1]) * 1024 >= 0.9 * limits.memory_mb * _MIB
    return False


if __name__ == "__main__":
    _child()
