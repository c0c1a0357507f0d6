"""A throw-away Virtuoso Open-Source server: its own ini and database folder, loopback ports, started and
stopped by whoever uses it (the slow remote-store tests, `benchmarks/bench_answers.py --virtuoso`).

Debian's `virtuoso-opensource-7-bin` gives `virtuoso-t` (the server) and `isql-vt` (its SQL shell);
`make install-test` installs it. The only server setting the service needs beyond the defaults is that the
anonymous SPARQL endpoint may run SPARQL Update (ingest writes through it): `GRANT SPARQL_UPDATE`.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx

SERVER = "virtuoso-t"
SHELL = "isql-vt"

INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {dir}
TransactionAfterImageLimit = 1500000000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 600
"""


def missing() -> str | None:
    if shutil.which(SERVER) is None or shutil.which(SHELL) is None:
        return "Virtuoso không có: apt-get install virtuoso-opensource-7-bin (make install-test cài)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Virtuoso:
    """One server process over a database folder; `with Virtuoso(folder) as v: v.sparql_url`."""

    def __init__(self, folder: Path, *, memory_mb: int = 512) -> None:
        self.folder = Path(folder)
        self.sql_port, self.http_port = _free_port(), _free_port()
        self.memory_mb = memory_mb
        self.process: subprocess.Popen | None = None

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self, timeout: float = 120.0) -> Virtuoso:
        self.folder.mkdir(parents=True, exist_ok=True)
        buffers = max(2000, self.memory_mb * 1024 // 8 * 2 // 3)  # 8 KB pages, two thirds of the memory
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port,
                                  buffers=buffers, dirty=buffers * 3 // 4), encoding="utf-8")
        self.process = subprocess.Popen([SERVER, "+configfile", str(ini), "+foreground"], cwd=self.folder,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {self.log_tail()}")
            try:
                if httpx.get(self.sparql_url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"virtuoso-t did not answer in {timeout:g} s: {self.log_tail()}")
            time.sleep(0.3)
        self.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
        return self

    def sql(self, statement: str) -> str:
        done = subprocess.run([SHELL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql-vt: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def log_tail(self) -> str:
        log = self.folder / "virtuoso.log"
        return log.read_text(errors="replace")[-1500:] if log.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def database_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.folder.glob("virtuoso*.db"))

    def __enter__(self) -> Virtuoso:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
