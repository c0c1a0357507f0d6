"""The data folder: versioned builds of documents, graph and index, swapped atomically.

A reader opens `data/current` (a symlink to one build) and keeps using that build until it asks again,
so it never sees a half-ingested document. A writer takes a lock, prepares the next build in a staging
folder beside the others (copying what did not change), and only then points `current` at it. An
interrupted or failed ingest leaves `current` untouched; its staging folder is removed by the next run.

No document can abort a batch: a failure of one file at any stage (read, parse, extract, graph, index)
becomes one line (file, stage, reason) and the others are ingested. Document ids are minted here, from
the file name, and never collide silently: the same file name is the same document (an update), a
different name that folds to a taken id gets a new id (`ke-hoach-2`), and the same name twice in one
batch is refused for the second file.
"""
from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import os
import re
import shutil
import threading
import time
import unicodedata
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from api.settings import Settings
from ingest.errors import BadRequest, CancuError, NotFound, ReadError
from ingest.extract.pipeline import build_nlp, extract_document
from ingest.model import Extraction
from ingest.readers import DEFAULT_LIMITS, ReadLimits, read_source, supported_suffixes
from ingest.facts import count as count_facts
from ingest.serialize import extraction_from_dict, extraction_to_dict
from ingest.structure import document_id, parse_document

MANIFEST = "manifest.json"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class FileResult:
    path: str
    doc_id: str | None
    status: str  # "new", "changed", "unchanged", "error", "removed"
    sections: int = 0
    clauses: int = 0
    facts: int = 0
    error: str | None = None
    stage: str | None = None  # where it failed: one of STAGE_LABELS' values
    note: str | None = None  # e.g. the id was changed because another document had it

    @property
    def name(self) -> str:
        return Path(self.path).name

    def line(self) -> str:
        """One readable line: file, stage, reason."""
        if self.status != "error":
            return f"{self.name}: {self.status}" + (f" ({self.note})" if self.note else "")
        return f"{self.name} (bước {self.stage or 'nạp'}): {self.error}"


STAGE_LABELS = {"read": "đọc tệp", "parse": "phân tích cấu trúc", "extract": "trích xuất", "graph": "dựng đồ thị",
                "index": "lập chỉ mục"}


@dataclass(frozen=True)
class SourceFile:
    """A file to ingest under a name of its own (an upload is stored under a safe temporary name)."""

    path: Path
    name: str


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    build: str | None = None
    seconds: float = 0.0

    @property
    def errors(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "error"]

    @property
    def changed(self) -> bool:
        return any(r.status in ("new", "changed", "removed") for r in self.results)


class Stage(Protocol):
    """One derived store inside a build (graph, search index), updated from changed documents.

    A stage that cannot take one document leaves it out and names it in the returned dict's
    "failed" ({doc_id: reason}); the workspace then drops that document from the build (or keeps its
    previous version) and tells the later stages, so one document never aborts the others.
    """

    name: str

    def update(self, previous: Path | None, target: Path, changed: list[Extraction], removed: list[str],
               everything: list[Extraction], progress: Progress | None) -> dict: ...


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and supported files found under folders (sorted, so runs are repeatable)."""
    out: list[Path] = []
    suffixes = set(supported_suffixes())
    for raw in paths:
        p = Path(raw)
        if p.is_dir():  # a folder's own README/LICENSE describe the folder; they are not documents
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in suffixes
                              and not f.name.upper().startswith(("README", "LICENSE", "."))))
        else:
            out.append(p)
    return out


def read_and_extract(path: Path, *, max_bytes: int, nlp=None, limits: ReadLimits = DEFAULT_LIMITS) -> Extraction:
    source = read_source(path, max_bytes=max_bytes, limits=limits)
    document = parse_document(source)
    return extract_document(document, nlp)


MAX_ID_LENGTH = 80  # ids name files (documents/<id>.json) and IRIs: keep them well under 255 bytes
_INVISIBLE = re.compile(r"[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]")


def clean_name(name: str) -> str:
    """A file name as a person sees it: NFC, without control or direction-override characters (a
    right-to-left override, U+202E, makes `tai-lieu<U+202E>txt.exe` look like `tai-lieuexe.txt`)."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", name)).strip()


def base_id(name: str) -> str:
    """The id a file name folds to (`Kế hoạch 12.txt` -> `ke-hoach-12`), bounded; names with no
    Latin letters or digits (Chinese, Arabic, only symbols) get `doc-` and a hash of the name."""
    ident = document_id(name).lstrip("_-.")[:MAX_ID_LENGTH].rstrip("-.")
    if not ident or ident == "doc":
        ident = "doc-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return ident


def mint_id(name: str, known: dict[str, str], taken: set[str]) -> tuple[str, str | None]:
    """(id, note) for a file name: its own id again when this name was ingested before (`known`: name ->
    id), else the folded name, made unique against `taken` with -2, -3... and a note saying so."""
    if name in known:
        return known[name], None
    ident = base_id(name)
    if ident not in taken:
        return ident, None
    n = 2
    while f"{ident}-{n}" in taken:
        n += 1
    return f"{ident}-{n}", f"mã '{ident}' đã thuộc văn bản khác, văn bản này nhận mã '{ident}-{n}'"


_EXTRACTIONS: OrderedDict[tuple[int, int, int, int], Extraction] = OrderedDict()
_EXTRACTIONS_KEPT = 1024
_EXTRACTIONS_LOCK = threading.Lock()


def _read_extraction(path: Path) -> Extraction:
    """A document's extraction, read once per file: the builds of one data folder share an unchanged
    document's file by a hard link, so a publish (which hands every document to the index and graph
    stages) re-reads only the documents that changed. Keyed by the file's identity, never by name."""
    st = path.stat()
    key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    with _EXTRACTIONS_LOCK:
        hit = _EXTRACTIONS.get(key)
        if hit is not None:
            _EXTRACTIONS.move_to_end(key)
            return hit
    extraction = extraction_from_dict(json.loads(path.read_text(encoding="utf-8")))
    with _EXTRACTIONS_LOCK:
        _EXTRACTIONS[key] = extraction
        while len(_EXTRACTIONS) > _EXTRACTIONS_KEPT:
            _EXTRACTIONS.popitem(last=False)
    return extraction


class Build:
    """One immutable build folder: manifest, per-document extractions, and the stages' stores."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        self._cache: dict[str, Extraction] = {}

    @property
    def id(self) -> str:
        return self.manifest["id"]

    @property
    def doc_ids(self) -> list[str]:
        return sorted(self.manifest["documents"])

    def extraction(self, doc_id: str) -> Extraction:
        if doc_id not in self.manifest["documents"]:
            raise NotFound(f"không có văn bản '{doc_id}'")
        if doc_id not in self._cache:
            self._cache[doc_id] = _read_extraction(self.folder / "documents" / f"{doc_id}.json")
        return self._cache[doc_id]

    def extractions(self) -> list[Extraction]:
        return [self.extraction(d) for d in self.doc_ids]


class Workspace:
    def __init__(self, settings: Settings, stages: list[Stage] | None = None) -> None:
        self.settings = settings
        self.root = Path(settings.data_dir)
        self.stages = stages if stages is not None else default_stages(settings)

    @property
    def builds_dir(self) -> Path:
        return self.root / "builds"

    def current(self) -> Build | None:
        link = self.root / "current"
        if not (link / MANIFEST).exists():
            return None
        return Build(link.resolve())

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # ------------------------------------------------------------ writing

    def ingest(self, paths: Iterable[str | Path | SourceFile], *, progress: Progress | None = None,
               replace_all: bool = False) -> IngestReport:
        """Read, parse and extract the files, then publish a new build if anything changed.

        A file that fails at any stage is reported (file, stage, reason) and left out; the others are
        ingested. With `replace_all`, documents of the previous build whose file names are not among
        `paths` are removed (a corpus rebuild). No file at all is an error that says where it looked.
        """
        started = time.perf_counter()
        items = _source_files(paths)
        if not items:
            shown = ", ".join(str(p.path if isinstance(p, SourceFile) else p) for p in paths) or "(không có)"
            raise NotFound(f"không tìm thấy tệp văn bản nào để nạp trong: {shown} "
                           f"(nhận các đuôi {', '.join(supported_suffixes())})")
        report = IngestReport()
        with self._lock():
            self._clean_staging()
            previous = self.current()
            batch = _Batch(dict(previous.manifest["documents"]) if previous else {})
            nlp = build_nlp()
            max_bytes = int(self.settings.max_file_mb * 1024 * 1024)
            for i, item in enumerate(items):
                if progress:
                    progress("đọc và trích xuất", i, len(items))
                report.results.append(self._one(item, batch, max_bytes, nlp, progress))
            if progress:
                progress("đọc và trích xuất", len(items), len(items))
            removed = sorted(set(batch.known) - batch.seen) if replace_all else []
            report.results.extend(FileResult(batch.known[d]["source"], d, "removed") for d in removed)
            if batch.changed or removed:
                report.build, failures = self._publish(previous, batch.changed, removed, progress)
                _mark_failures(report, failures)
            else:  # nothing new (or every file failed): the build being served stays
                report.build = previous.id if previous else None
        report.seconds = time.perf_counter() - started
        return report

    def remove(self, doc_ids: list[str], *, progress: Progress | None = None) -> IngestReport:
        report = IngestReport()
        with self._lock():
            self._clean_staging()
            previous = self.current()
            known = previous.manifest["documents"] if previous else {}
            missing = [d for d in doc_ids if d not in known]
            if missing:
                raise NotFound(f"không có văn bản: {', '.join(missing)}")
            if set(known) <= set(doc_ids):
                raise BadRequest("Không xóa được: kho phải còn ít nhất một văn bản (hãy nạp văn bản thay thế trước)",
                                 detail="removing every document would leave an empty build")
            report.results = [FileResult(known[d]["source"], d, "removed") for d in doc_ids]
            report.build, _ = self._publish(previous, [], list(doc_ids), progress)
        return report

    def _one(self, item: SourceFile, batch: _Batch, max_bytes: int, nlp, progress: Progress | None = None) -> FileResult:
        """Read, parse and extract one file; whatever goes wrong is this file's error line, nothing more."""
        shown = str(item.path)
        name = clean_name(item.name)
        if name in batch.names:
            return FileResult(shown, None, "error", stage=STAGE_LABELS["read"],
                              error=f"trùng tên tệp với {batch.names[name]} trong cùng lần nạp; hãy đổi tên một tệp")
        batch.names[name] = shown
        doc_id, note = mint_id(name, batch.by_name, batch.taken)
        old = batch.known.get(doc_id)
        stage = "read"
        try:
            source = read_source(item.path, max_bytes=max_bytes, limits=self.settings.read_limits(),
                                 progress=progress)  # OCR reports per page
            if source.name != name:
                source = dataclasses.replace(source, name=name, path=name if item.name != item.path.name else shown)
            if old and old["sha256"] == source.sha256:
                batch.seen.add(doc_id)
                return FileResult(shown, doc_id, "unchanged", old.get("sections", 0), old.get("clauses", 0),
                                  old.get("facts", 0))
            stage = "parse"
            document = parse_document(source, doc_id=doc_id)
            stage = "extract"
            extraction = extract_document(document, nlp)
        except ReadError as exc:
            return self._failed(batch, shown, doc_id, stage, exc.reason)
        except CancuError as exc:
            return self._failed(batch, shown, doc_id, stage, exc.message)
        except Exception as exc:  # noqa: BLE001 - a bug on one document must not lose the rest of the batch
            return self._failed(batch, shown, doc_id, stage, f"{type(exc).__name__}: {exc}")
        batch.taken.add(doc_id)
        batch.seen.add(doc_id)
        batch.changed.append(extraction)
        doc = extraction.document
        return FileResult(shown, doc_id, "changed" if old else "new", len(doc.sections()) - 1,
                          len(doc.clauses()), _facts(extraction), note=note)

    @staticmethod
    def _failed(batch: _Batch, shown: str, doc_id: str, stage: str, reason: str) -> FileResult:
        if doc_id in batch.known:
            batch.seen.add(doc_id)  # its previous version stays: a broken new copy never deletes it
        return FileResult(shown, doc_id, "error", stage=STAGE_LABELS[stage], error=_one_line(reason))

    def _publish(self, previous: Build | None, changed: list[Extraction], removed: list[str],
                 progress: Progress | None) -> tuple[str | None, dict[str, tuple[str, str]]]:
        """Write the next build beside the others and point `current` at it. Returns its id and the
        documents a stage could not take ({doc_id: (stage, reason)}), which the build leaves out."""
        build_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        staging = self.builds_dir / f".staging-{build_id}"
        (staging / "documents").mkdir(parents=True)
        documents: dict[str, dict] = {}
        changed_ids = {e.document.id for e in changed}
        if previous:
            for doc_id, meta in previous.manifest["documents"].items():
                if doc_id in changed_ids or doc_id in removed:
                    continue
                os.link(previous.folder / "documents" / f"{doc_id}.json", staging / "documents" / f"{doc_id}.json")
                documents[doc_id] = meta
        for ex in changed:
            doc = ex.document
            path = staging / "documents" / f"{doc.id}.json"
            path.write_text(json.dumps(extraction_to_dict(ex), ensure_ascii=False), encoding="utf-8")
            documents[doc.id] = {
                "source": doc.source, "sha256": doc.sha256, "title": doc.header.title, "symbol": doc.header.symbol,
                "sections": len(doc.sections()) - 1, "clauses": len(doc.clauses()), "facts": _facts(ex),
            }
        manifest = {"id": build_id, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "documents": documents,
                    "previous": previous.id if previous else None, "stages": {}}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        failures: dict[str, tuple[str, str]] = {}
        if self.stages:
            everything = Build(staging).extractions()
            for stage in self.stages:
                prev_folder = previous.folder / stage.name if previous else None
                if prev_folder is not None and not prev_folder.exists():
                    prev_folder = None
                info = stage.update(prev_folder, staging / stage.name, changed, removed, everything, progress)
                failed = info.pop("failed", None) or {}
                manifest["stages"][stage.name] = info
                if failed:
                    for doc_id, reason in failed.items():
                        failures[doc_id] = (STAGE_LABELS.get(stage.name, stage.name), _one_line(reason))
                    self._leave_out(staging, previous, manifest, failed)
                    changed = [e for e in changed if e.document.id not in failed]
                    everything = Build(staging).extractions()
                    if not everything and previous is None:  # every new document failed: nothing to serve
                        shutil.rmtree(staging, ignore_errors=True)
                        return None, failures
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        final = self.builds_dir / build_id
        os.replace(staging, final)
        self._point_current(final)
        self._prune(keep=max(1, self.settings.keep_builds))
        return build_id, failures

    @staticmethod
    def _leave_out(staging: Path, previous: Build | None, manifest: dict, failed: dict[str, str]) -> None:
        """Take documents a stage could not handle out of the staged build: a new one disappears, a
        changed one keeps its previous version (which that stage still holds)."""
        documents = manifest["documents"]
        for doc_id in failed:
            target = staging / "documents" / f"{doc_id}.json"
            target.unlink(missing_ok=True)
            documents.pop(doc_id, None)
            if previous is not None and doc_id in previous.manifest["documents"]:
                os.link(previous.folder / "documents" / f"{doc_id}.json", target)
                documents[doc_id] = previous.manifest["documents"][doc_id]
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")

    def _point_current(self, target: Path) -> None:
        tmp = self.root / f".current-{uuid.uuid4().hex[:6]}"
        os.symlink(os.path.relpath(target, self.root), tmp)
        os.replace(tmp, self.root / "current")  # atomic on POSIX

    def _clean_staging(self) -> None:
        if self.builds_dir.exists():
            for p in self.builds_dir.glob(".staging-*"):
                shutil.rmtree(p, ignore_errors=True)

    def _prune(self, keep: int) -> None:
        current = (self.root / "current").resolve()
        builds = sorted((p for p in self.builds_dir.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
        for old in builds[:-keep]:
            if old.resolve() != current:
                shutil.rmtree(old, ignore_errors=True)


@dataclass
class _Batch:
    """What one ingest run knows while it reads files: the previous build's documents, the names and
    ids claimed so far, and the extractions to publish."""

    known: dict[str, dict]  # doc_id -> manifest entry of the previous build
    by_name: dict[str, str] = field(default_factory=dict)  # file name -> doc_id, for updates
    taken: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)  # file names of this batch -> path shown
    seen: set[str] = field(default_factory=set)  # ids this batch keeps (for replace_all)
    changed: list[Extraction] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_name = {clean_name(meta["source"]): doc_id for doc_id, meta in self.known.items()}
        self.taken = set(self.known)


def _source_files(paths: Iterable[str | Path | SourceFile]) -> list[SourceFile]:
    out: list[SourceFile] = []
    for p in paths:
        if isinstance(p, SourceFile):
            out.append(p)
        else:
            out.extend(SourceFile(f, f.name) for f in expand_paths([p]))
    return out


def _mark_failures(report: IngestReport, failures: dict[str, tuple[str, str]]) -> None:
    for result in report.results:
        if result.doc_id in failures and result.status in ("new", "changed"):
            result.stage, result.error = failures[result.doc_id]
            result.status = "error"


def _one_line(reason: str) -> str:
    return " ".join(str(reason).split()) or "lỗi không rõ"


def _facts(ex: Extraction) -> int:
    return count_facts(ex)


def default_stages(settings: Settings) -> list[Stage]:
    """The derived stores every build has: the RDF graph and the search index."""
    from api.stages import GraphStage, IndexStage

    return [GraphStage(settings), IndexStage(settings)]
