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

from collections import defaultdict
from collections.abc import Iterable

from graph import iris
from ingest.model import Extraction


def home_of(extraction: Extraction) -> str | None:
    """The locality of a document's issuer ("tỉnh Lạng Sơn"): local bodies it cites without a place are its own."""
    header = extraction.document.header
    return iris.locality_of(header.issuer) or iris.locality_of(header.issuer_parent)


class YearIndex:
    """Years known for each yearless document key, over a set of extractions."""

    def __init__(self) -> None:
        self._years: dict[str, set[int]] = defaultdict(set)
        self._undated: dict[str, set[str]] = defaultdict(set)  # key -> documents citing it without a year

    @classmethod
    def of(cls, extractions: Iterable[Extraction]) -> YearIndex:
        index = cls()
        for extraction in extractions:
            index.add(extraction)
        return index

    def add(self, extraction: Extraction) -> None:
        header, home = extraction.document.header, home_of(extraction)
        self._note(extraction.document.id, iris.yearless_key(
            symbol=header.symbol, number=header.number, doc_type=header.doc_type, issuer=header.issuer, home=home),
            _year(header.date))
        for ref in extraction.references:
            key = iris.yearless_key(symbol=ref.symbol, number=ref.number, doc_type=ref.doc_type_detail or ref.doc_type,
                                    issuer=ref.issuer, home=home)
            parsed = iris.parse_symbol(ref.symbol)
            self._note(extraction.document.id, key, (parsed.year if parsed else None) or ref.year or _year(ref.date))

    def _note(self, doc_id: str, key: str | None, year: int | None) -> None:
        if key is None:
            return
        if year:
            self._years[key].add(year)
        else:
            self._undated[key].add(doc_id)

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
        one = YearIndex()
        one.add(extraction)
        return set(one._years) | set(one._undated)


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


__all__ = ["YearIndex", "home_of"]
