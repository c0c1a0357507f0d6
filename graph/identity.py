"""One node per document across the whole graph, although documents are ingested one at a time.

An administrative number restarts every year, so a document's IRI carries its year
(`doc/ttg/qd/2022/90`). A citation that gives no date ("theo Quyết định số 90/QĐ-TTg") cannot know
it; the corpus usually does: the same symbol is cited with its date elsewhere, or is a document of the
corpus itself. `YearIndex` collects, over every extraction of a build, the years known for each yearless
key (`{issuer}/{type}/{number}`); where exactly one year is known, an undated citation takes it and
meets the dated node. Two years known (the same number of two years) leave the citation `undated`:
the text does not say which. No `owl:sameAs`: the IRI itself is the same.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from graph import iris
from ingest.model import Extraction


def home_of(extraction: Extraction) -> str | None:
    """The locality of a document's issuer ("tỉnh Lạng Sơn"): local bodies it cites without a place are its own."""
    header = extraction.document.header
    return iris.locality_of(header.issuer) or iris.locality_of(header.issuer_parent)


class YearIndex:
    """Years known for each yearless document key, over a set of extractions.

    It is kept as each document's notes (the keys it names, with the year it gives or none), so a build
    can carry it to the next one (`save`, `load`, `updated`): an upload re-reads only the documents that
    changed, not the corpus, and the result equals `YearIndex.of` over every extraction."""

    FORMAT = "cancu-years/1"

    def __init__(self) -> None:
        self._years: dict[str, set[int]] = defaultdict(set)
        self._undated: dict[str, set[str]] = defaultdict(set)  # key -> documents citing it without a year
        self._notes: dict[str, list[tuple[str, int | None]]] = {}  # doc id -> (key, year) in reading order

    @classmethod
    def of(cls, extractions: Iterable[Extraction]) -> YearIndex:
        index = cls()
        for extraction in extractions:
            index.add(extraction)
        return index

    @staticmethod
    def notes_of(extraction: Extraction) -> list[tuple[str, int | None]]:
        """(yearless key, year or None) for the document itself and each act it cites."""
        header, home = extraction.document.header, home_of(extraction)
        notes = [(iris.yearless_key(symbol=header.symbol, number=header.number, doc_type=header.doc_type,
                                    issuer=header.issuer, home=home), _year(header.date))]
        for ref in extraction.references:
            key = iris.yearless_key(symbol=ref.symbol, number=ref.number, doc_type=ref.doc_type_detail or ref.doc_type,
                                    issuer=ref.issuer, home=home)
            parsed = iris.parse_symbol(ref.symbol)
            notes.append((key, (parsed.year if parsed else None) or ref.year or _year(ref.date)))
        return [(key, year) for key, year in notes if key is not None]

    def add(self, extraction: Extraction) -> None:
        self._add_notes(extraction.document.id, self.notes_of(extraction))

    def _add_notes(self, doc_id: str, notes: list[tuple[str, int | None]]) -> None:
        self._notes.setdefault(doc_id, []).extend(notes)
        for key, year in notes:
            if year:
                self._years[key].add(year)
            else:
                self._undated[key].add(doc_id)

    # ------------------------------------------------------------ carried from build to build
    def updated(self, document_ids: Iterable[str], changed: Iterable[Extraction],
                extraction_of: Callable[[str], Extraction]) -> YearIndex:
        """The index of a build whose documents are `document_ids`: this one's notes for documents that did
        not change, fresh notes for `changed`, and for any document this index never saw, notes read from
        `extraction_of(doc_id)`. Equal to `YearIndex.of` over the build's extractions."""
        fresh = {ex.document.id: ex for ex in changed}
        out = YearIndex()
        for doc_id in document_ids:
            if doc_id in fresh:
                notes = self.notes_of(fresh[doc_id])
            elif doc_id in self._notes:
                notes = self._notes[doc_id]
            else:
                notes = self.notes_of(extraction_of(doc_id))
            out._add_notes(doc_id, notes)
        return out

    def save(self, path: Path) -> None:
        notes = {doc_id: [[key, year] for key, year in n] for doc_id, n in self._notes.items()}
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps({"format": self.FORMAT, "notes": notes}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path | None) -> YearIndex | None:
        """The index a previous build saved, or None (absent, unreadable or of another format)."""
        if path is None:
            return None
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != cls.FORMAT:
            return None
        index = cls()
        for doc_id, notes in data.get("notes", {}).items():
            index._add_notes(doc_id, [(str(key), int(year) if year else None) for key, year in notes])
        return index

    # ------------------------------------------------------------ reading
    def year(self, key: str) -> int | None:
        """The one year the corpus knows for `key`, else None (unknown or ambiguous)."""
        years = self._years.get(key)
        return next(iter(years)) if years and len(years) == 1 else None

    def citing_undated(self, keys: Iterable[str]) -> set[str]:
        """Documents that cite one of `keys` without its year: their graphs depend on these keys."""
        return {doc for key in keys for doc in self._undated.get(key, ())}

    def all_citing_undated(self) -> set[str]:
        """Every document that cites some act without its year."""
        return self.citing_undated(self._undated)

    def keys_of(self, extraction: Extraction) -> set[str]:
        """Every yearless key an extraction names (its own and the ones it cites)."""
        return {key for key, _ in self.notes_of(extraction)}

    def keys_of_document(self, doc_id: str) -> set[str]:
        """The keys this index noted for a document (for one that was removed: what its removal changes)."""
        return {key for key, _ in self._notes.get(doc_id, ())}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, YearIndex):
            return NotImplemented
        strip = lambda d: {k: v for k, v in d.items() if v}  # noqa: E731 - defaultdicts may hold empty sets
        return strip(self._years) == strip(other._years) and strip(self._undated) == strip(other._undated)


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


__all__ = ["YearIndex", "home_of"]
