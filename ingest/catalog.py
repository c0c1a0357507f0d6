"""The catalogue box of a legal-text website, read only where the document itself is silent.

Pages saved from legal-text websites put a box of labelled cells before the document: "Số hiệu:",
"Loại văn bản:", "Nơi ban hành:" (or "Cơ quan ban hành:"), "Người ký:", "Ngày ban hành:", each label
followed by its value. The box is the website's description of the document, not the document: it
never overrides what the document's own header states, and it never becomes clauses. It only fills a
field the text of the document does not state (a letter pasted from "Kính gửi" on, without its header),
and it tells where such a headerless document starts: at its first line after the box.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.markers import ENACTING_LINE, match_marker, opens_legal_basis
from ingest.vocab.legal import DOC_TYPE_WORDS

_LABELS = {
    "số hiệu": "symbol",
    "loại văn bản": "type",
    "nơi ban hành": "issuer",
    "cơ quan ban hành": "issuer",
    "người ký": "signer",
    "ngày ban hành": "date",
}
_LABEL = re.compile(
    r"^(?P<label>Số hiệu|Loại văn bản|Nơi ban hành|Cơ quan ban hành|Người ký|Ngày ban hành)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE)
_SYMBOL = re.compile(r"^\d+[a-zA-Z]?(?:/\d{4})?(?:[/-][0-9A-Za-zĐđ&.]+)+$")
_DATE = re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d)$")
_SCAN = 120  # the box stands near the top of the page
_BOX_LINES = 40  # and its cells stand together


@dataclass
class Catalog:
    fields: dict[str, str] = field(default_factory=dict)  # raw values by field name
    end: int = 0  # the line after the box

    def symbol(self) -> str | None:
        value = re.sub(r"\s+", "", self.fields.get("symbol", ""))
        return value if _SYMBOL.match(value) else None

    def doc_type(self) -> str | None:
        entry = DOC_TYPE_WORDS.get(self.fields.get("type", "").strip())
        return entry[0] if entry else None

    def date(self) -> str | None:
        from ingest.header import iso_date

        m = _DATE.match(self.fields.get("date", "").strip())
        return iso_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None

    def issuer(self) -> str | None:
        """A body's name ("Bộ Tài chính", "Cục Thuế"); a bare place ("Tỉnh Hà Tĩnh") names no body."""
        from ingest.issuers import ISSUER_HEAD

        value = self.fields.get("issuer", "").strip()
        return value if value and ISSUER_HEAD.match(value.upper()) else None


def read_catalog(texts: list[str]) -> Catalog | None:
    """The catalogue box among the first lines of a page, if it has at least three labelled cells."""
    found: dict[str, str] = {}
    end = 0
    first = None
    i = 0
    stop = min(len(texts), _SCAN)
    while i < stop:
        m = _LABEL.match(texts[i].strip(" |#"))
        if not m:
            i += 1
            continue
        first = i if first is None else first
        name = _LABELS[m["label"].lower()]
        value = m["value"].strip(" |")
        j = i + 1
        while not value and j < len(texts) and j - i <= 3:
            value = texts[j].strip(" |")
            j += 1
        found.setdefault(name, value)
        end = max(end, j)
        i = j
    if len(found) < 3 or "symbol" not in found or end - first > _BOX_LINES:
        return None
    return Catalog(found, end)


def opening_after(texts: list[str], k: int) -> int:
    """The first line that opens a document after the box: "Kính gửi", the legal basis, the enacting
    line, a type word in capitals, a numbered heading. Without one nearby, the line after the box."""
    for i in range(k, min(len(texts), k + 60)):
        text = texts[i].strip(" |*")
        if re.match(r"^(?:Kính gửi|KÍNH GỬI)\b", text) or ENACTING_LINE.match(text) or opens_legal_basis(text):
            return i
        if text.upper() in {w.upper() for w in DOC_TYPE_WORDS}:
            return i
        marker = match_marker(text)
        if marker and marker.kind in {"roman", "article", "chapter"}:
            return i
    return k
