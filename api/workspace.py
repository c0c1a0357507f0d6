"""The data folder: versioned builds of documents, graph and index, swapped atomically.

A reader opens `data/current` (a symlink to one build) and keeps using that build until it asks again,
so it never sees a half-ingested document. A writer takes a lock, prepares the next build in a staging
folder beside the others (copying what did not change), and only then points `current` at it. An
interrupted or failed ingest leaves `current` untouched; its staging folder is removed by the next run.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from api.settings import Settings
from ingest.errors import CancuError, NotFound, ReadError
from ingest.extract.pipeline import build_nlp, extract_document
from ingest.model import Extraction
from ingest.readers import read_source, supported_suffixes
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
    """One derived store inside a build (graph, search index), updated from changed documents."""

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


def read_and_extract(path: Path, *, max_bytes: int, nlp=None) -> Extraction:
    source = read_source(path, max_bytes=max_bytes)
    document = parse_document(source)
    return extract_document(document, nlp)


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
            data = json.loads((self.folder / "documents" / f"{doc_id}.json").read_text(encoding="utf-8"))
            self._cache[doc_id] = extraction_from_dict(data)
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

    def ingest(self, paths: Iterable[str | Path], *, progress: Progress | None = None,
               replace_all: bool = False) -> IngestReport:
        """Read, parse and extract the files, then publish a new build if anything changed.

        A file that cannot be read is reported and skipped; the others are ingested. With `replace_all`,
        documents of the previous build that are not among `paths` are removed (a corpus rebuild).
        """
        started = time.perf_counter()
        files = expand_paths(paths)
        report = IngestReport()
        with self._lock():
            self._clean_staging()
            previous = self.current()
            known = dict(previous.manifest["documents"]) if previous else {}
            changed: list[Extraction] = []
            seen: set[str] = set()
            nlp = build_nlp()
            max_bytes = int(self.settings.max_file_mb * 1024 * 1024)
            for i, path in enumerate(files):
                if progress:
                    progress("đọc và trích xuất", i, len(files))
                result = self._one(path, known, max_bytes, nlp, changed, seen, progress)
                report.results.append(result)
            if progress:
                progress("đọc và trích xuất", len(files), len(files))
            removed = sorted(set(known) - seen) if replace_all else []
            report.results.extend(FileResult(known[d]["source"], d, "removed") for d in removed)
            if changed or removed or previous is None:
                report.build = self._publish(previous, changed, removed, progress)
            else:
                report.build = previous.id
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
            report.results = [FileResult(known[d]["source"], d, "removed") for d in doc_ids]
            report.build = self._publish(previous, [], list(doc_ids), progress)
        return report

    def _one(self, path: Path, known: dict, max_bytes: int, nlp, changed: list[Extraction], seen: set[str],
             progress: Progress | None = None) -> FileResult:
        doc_id = document_id(path.name)
        try:
            source = read_source(path, max_bytes=max_bytes, progress=progress)  # OCR reports per page
        except ReadError as exc:
            return FileResult(str(path), doc_id, "error", error=exc.reason)
        seen.add(doc_id)
        old = known.get(doc_id)
        if old and old["sha256"] == source.sha256:
            return FileResult(str(path), doc_id, "unchanged", old.get("sections", 0), old.get("clauses", 0), old.get("facts", 0))
        try:
            extraction = extract_document(parse_document(source), nlp)
        except CancuError as exc:
            seen.discard(doc_id)
            return FileResult(str(path), doc_id, "error", error=exc.message)
        except Exception as exc:  # a parser bug must not lose the rest of the batch
            seen.discard(doc_id)
            return FileResult(str(path), doc_id, "error", error=f"lỗi khi phân tích: {type(exc).__name__}: {exc}")
        changed.append(extraction)
        doc = extraction.document
        return FileResult(str(path), doc_id, "changed" if old else "new", len(doc.sections()) - 1,
                          len(doc.clauses()), _facts(extraction))

    def _publish(self, previous: Build | None, changed: list[Extraction], removed: list[str],
                 progress: Progress | None) -> str:
        build_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        staging = self.builds_dir / f".staging-{build_id}"
        (staging / "documents").mkdir(parents=True)
        documents: dict[str, dict] = {}
        changed_ids = {e.document.id for e in changed}
        if previous:
            for doc_id, meta in previous.manifest["documents"].items():
                if doc_id in changed_ids or doc_id in removed:
                    continue
                src = previous.folder / "documents" / f"{doc_id}.json"
                os.link(src, staging / "documents" / f"{doc_id}.json")
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
        if self.stages:
            everything = Build(staging).extractions()
            for stage in self.stages:
                prev_folder = previous.folder / stage.name if previous else None
                if prev_folder is not None and not prev_folder.exists():
                    prev_folder = None
                manifest["stages"][stage.name] = stage.update(prev_folder, staging / stage.name, changed, removed,
                                                              everything, progress)
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        final = self.builds_dir / build_id
        os.replace(staging, final)
        self._point_current(final)
        self._prune(keep=max(1, self.settings.keep_builds))
        return build_id

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


def _facts(ex: Extraction) -> int:
    return len(ex.references) + len(ex.assignments) + len(ex.places) + len(ex.targets) + len(ex.budgets)


def default_stages(settings: Settings) -> list[Stage]:
    """The derived stores every build has: the RDF graph and the search index."""
    from api.stages import GraphStage, IndexStage

    return [GraphStage(settings), IndexStage(settings)]
