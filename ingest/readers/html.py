"""Saved web pages: the document itself, not the site around it.

A page saved from a legal-text site holds the document between menus, a metadata box, a summary, a
translation tab, "related documents" lists and login notices. Two rules find the document:

1. The form of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP): it opens with the
   issuer and the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or, for Party documents,
   "ĐẢNG CỘNG SẢN VIỆT NAM") and closes with "Nơi nhận" and the signature. The smallest element that
   holds the first motto and the last closing line is the document's container; what precedes the
   header inside it (summaries, metadata) is dropped, and so is what follows the closing once a
   block is mostly links (related-document lists).
2. Without those anchors, a readability-style score: the element whose paragraphs carry the most text
   that is not link text (each paragraph scores its parent fully and its grandparent by half).

Hidden elements, scripts, forms and navigation never count. The layout is one block per line, table
rows as "cell | cell", as the other readers produce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

from ingest.errors import ReadError
from ingest.markers import CLOSING_START, SIGNATURE_LINE
from ingest.readers.base import Extracted, Progress, SimpleReader, finish, table_row
from ingest.readers.limits import DEFAULT_LIMITS, ReadLimits
from ingest.readers.txt import decode_text

_DROPPED_TAGS = frozenset({
    "head", "title", "script", "style", "nav", "noscript", "template", "svg", "iframe", "object", "embed",
    "form", "button", "input", "select", "textarea", "label", "menu", "dialog", "canvas", "video", "audio",
})  # fmt: skip
_BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
    "footer", "main", "aside", "blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption", "address",
    "fieldset", "hr", "caption", "table", "tr", "center", "body", "html",
})  # fmt: skip
_CANDIDATE_TAGS = frozenset({"div", "article", "section", "main", "td", "body", "center", "blockquote"})
_PARAGRAPH_TAGS = frozenset({"p", "div", "td", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_START_TAG = re.compile(r"<[A-Za-z]")

# The document-form anchors. The motto tolerates the spacing, case and HÒA/HOÀ variants pages show.
_MOTTO = re.compile(
    r"C\s*Ộ\s*N\s*G\s+H\s*(?:Ò\s*A|O\s*À)\s+X\s*Ã\s+H\s*Ộ\s*I\s+C\s*H\s*Ủ\s+N\s*G\s*H\s*Ĩ\s*A\s+V\s*I\s*Ệ\s*T\s+N\s*A\s*M"
    r"|Đ\s*Ả\s*N\s*G\s+C\s*Ộ\s*N\s*G\s+S\s*Ả\s*N\s+V\s*I\s*Ệ\s*T\s+N\s*A\s*M",
    re.IGNORECASE,
)
_MAX_ANCHOR_TEXT = 400  # an anchor is a short block (header cell, "Nơi nhận:"), not a whole section
_LINK_DENSE = 0.5  # share of a block's text inside <a>: a list of links, not prose
_MIN_PARAGRAPH = 25  # characters a paragraph needs to vote for its container
_LEADERS = 5  # best-voted containers whose link share is weighed (text_content is not free)


class HtmlReader(SimpleReader):
    """A saved web page: the document's text only, one block per line, table rows as "cell | cell"."""

    formats: tuple[str, ...] = (".html", ".htm", ".xhtml")
    format = "html"

    def extract(
        self, path: Path, data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS, progress: Progress | None = None
    ) -> Extracted:
        self.precheck(path, data, limits)
        decoded = decode_text(path, data)
        if len(_START_TAG.findall(decoded.text)) > limits.max_html_elements:
            raise ReadError(str(path), limits.too_many_elements())
        return finish(path, Extracted(html_to_text(decoded.text), decoded.encoding), limits=limits)


    def precheck(self, path: Path, data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        """Count tags in the bytes (any ASCII-compatible encoding) before anything is parsed: "<" less "</"."""
        if data.count(b"<") - data.count(b"</") > limits.max_html_elements:
            raise ReadError(str(path), limits.too_many_elements())


def html_to_text(markup: str) -> str:
    """The document part of a page laid out as lines: blocks and <br> break lines, tables as rows."""
    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):  # nothing parseable: no element at all
        return ""
    _clean(root)
    blocks = _blocks(_container(root))
    return _tidy(_document_part(blocks))


# --------------------------------------------------------------------------------------------------
# Cleaning and choosing the container
# --------------------------------------------------------------------------------------------------


def _clean(root: etree._Element) -> None:
    """Drop what is never body text: scripts, styles, navigation, forms, hidden elements, comments."""
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            doomed.append(element)
        elif element.tag in _DROPPED_TAGS or _is_hidden(element):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the tail text, which belongs to the parent


def _is_hidden(element: etree._Element) -> bool:
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or bool(_HIDDEN_STYLE.search(element.get("style", "")))
    )


def _container(root: etree._Element) -> etree._Element:
    body = root.find("body")
    body = body if body is not None else root
    anchored = _anchored_container(body)
    return anchored if anchored is not None else _densest_container(body)


def _anchored_container(body: etree._Element) -> etree._Element | None:
    """The smallest element holding the first national motto and the last closing line after it."""
    start = closing = signature = None
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        own = _text(element)
        if len(own) > _MAX_ANCHOR_TEXT:
            continue
        if start is None:
            if _MOTTO.search(own) and not _has_child_matching(element, _MOTTO):
                start = element
        elif CLOSING_START.match(own):
            closing = element
        elif SIGNATURE_LINE.match(own):
            signature = element
    if start is None:
        return None
    end = closing if closing is not None else signature  # "Nơi nhận" is the surer mark
    if end is None:  # a page cut before the closing: the motto's own section
        return _densest_ancestor(start)
    # lxml hands out proxy objects: keep them alive and compare identities, never bare id()s
    ancestors = [start, *start.iterancestors()]
    return next(a for a in end.iterancestors() if any(a is b for b in ancestors))


def _has_child_matching(element: etree._Element, pattern: re.Pattern[str]) -> bool:
    return any(isinstance(child.tag, str) and pattern.search(_text(child)) for child in element)


def _densest_ancestor(element: etree._Element) -> etree._Element:
    """The ancestor of `element` that holds the most non-link text, preferring the nearest on ties."""
    best, best_score = element, -1.0
    for ancestor in (element, *element.iterancestors()):
        score = _prose_length(ancestor)
        if score > best_score * 1.5:  # climb only while the text grows clearly
            best, best_score = ancestor, score
    return best


def _densest_container(body: etree._Element) -> etree._Element:
    """Readability's rule: paragraphs vote for their parent (fully) and grandparent (half)."""
    scores: dict[int, float] = {}
    elements: dict[int, etree._Element] = {}
    for paragraph in body.iter(*_PARAGRAPH_TAGS):
        text = _direct_text(paragraph)
        if len(text) < _MIN_PARAGRAPH:
            continue
        vote = 1.0 + len(text) / 100
        for weight, ancestor in zip((1.0, 0.5), paragraph.iterancestors(), strict=False):
            if ancestor.tag in _CANDIDATE_TAGS:
                scores[id(ancestor)] = scores.get(id(ancestor), 0.0) + vote * weight
                elements[id(ancestor)] = ancestor
    if not scores:
        return body
    leaders = sorted(scores, key=scores.__getitem__, reverse=True)[:_LEADERS]
    best = max(leaders, key=lambda key: scores[key] * (1 - _link_share(elements[key])))
    return elements[best]


def _direct_text(element: etree._Element) -> str:
    """Text in the element itself and its inline children, not in nested blocks."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _BLOCK_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return _SPACES.sub(" ", "".join(parts)).strip()


def _text(element: etree._Element) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


def _prose_length(element: etree._Element) -> float:
    return len(_text(element)) * (1 - _link_share(element))


def _link_share(element: etree._Element) -> float:
    total = len(_text(element))
    if not total:
        return 0.0
    linked = sum(len(_text(a)) for a in element.iter("a"))
    return min(linked / total, 1.0)


# --------------------------------------------------------------------------------------------------
# Layout: blocks of lines, then the document's part of them
# --------------------------------------------------------------------------------------------------


@dataclass
class _Block:
    text: str  # one or more lines
    linked: int = 0  # characters inside <a>
    heading: bool = False  # opened by <h1>..<h6>


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MAX_LAYOUT_TABLE = 2000  # characters: a header or signature table is short; a data table may not be


class _Layout:
    """Walks the container in document order, writing text runs and block breaks.

    Tables are laid out two ways. The header table (issuer cell | motto cell) and the signature table
    ("Nơi nhận" cell | signer cell) are page layout, not data: each cell becomes its own block with
    its <br> lines kept, as the document reads on paper. Any other table is data: one line per row,
    "cell | cell".
    """

    def __init__(self) -> None:
        self.blocks: list[_Block] = []
        self.current: list[str] = []
        self.linked = 0
        self.heading = False

    def text(self, value: str | None, *, pre: bool = False, link: bool = False) -> None:
        if not value:
            return
        value = value if pre else _SPACES.sub(" ", value)
        self.current.append(value)
        if link:
            self.linked += len(value.strip())

    def newline(self) -> None:
        self.current.append("\n")

    def block(self, *, heading: bool = False) -> None:
        text = "".join(self.current)
        if text.strip():
            self.blocks.append(_Block(text, self.linked, self.heading))
        self.current, self.linked, self.heading = [], 0, heading

    def walk(self, element: etree._Element, *, pre: bool = False, link: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        pre = pre or tag == "pre"
        link = link or tag == "a"
        if tag == "br":
            self.newline()
        elif tag == "table" and _is_layout_table(element):
            for cell in _cells(element):
                self.block()
                self.children(cell, pre=pre, link=link)
                self.block()
        elif tag == "table":
            self.block()
            rows = [row for row in (_row_text(tr) for tr in _rows(element)) if row]
            if rows:
                self.blocks.append(_Block("\n".join(rows), sum(len(_text(a)) for a in element.iter("a"))))
        else:
            is_block = tag in _BLOCK_TAGS
            if is_block:
                self.block(heading=tag in _HEADINGS)
            self.children(element, pre=pre, link=link)
            if is_block:
                self.block()

    def children(self, element: etree._Element, *, pre: bool, link: bool) -> None:
        self.text(element.text, pre=pre, link=link)
        for child in element:
            self.walk(child, pre=pre, link=link)
            self.text(child.tail, pre=pre, link=link)


def _is_layout_table(table: etree._Element) -> bool:
    text = _text(table)
    if len(text) > _MAX_LAYOUT_TABLE:
        return False
    return bool(_MOTTO.search(text)) or any(
        CLOSING_START.match(_text(cell)) or SIGNATURE_LINE.match(_text(cell)) for cell in _cells(table)
    )


def _cells(table: etree._Element) -> list[etree._Element]:
    return [cell for tr in _rows(table) for cell in tr if cell.tag in ("td", "th")]


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not those of tables nested in its cells)."""
    return [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]


def _row_text(tr: etree._Element) -> str:
    cells = [_SPACES.sub(" ", " ".join(cell.itertext())).strip() for cell in tr if cell.tag in ("td", "th")]
    return table_row(cells) if any(cells) else ""


def _blocks(container: etree._Element) -> list[_Block]:
    layout = _Layout()
    layout.walk(container)
    layout.block()
    return layout.blocks


def _document_part(blocks: list[_Block]) -> list[_Block]:
    """From the header (the motto's block and the issuer lines just before it) to the closing and annexes.

    After the last closing line, annexes and tables stay; the first mostly-link block (a list of
    related documents) ends the document. Without a motto the whole container is kept, less trailing
    link lists.
    """
    start = next((i for i, b in enumerate(blocks) if _MOTTO.search(b.text)), None)
    if start is not None:
        while start > 0 and _is_header_line(blocks[start - 1].text):
            start -= 1
        blocks = blocks[start:]
    closing = max((i for i, b in enumerate(blocks) if _has_line(b.text, CLOSING_START)), default=None)
    if closing is None:
        closing = max((i for i, b in enumerate(blocks) if _has_line(b.text, SIGNATURE_LINE)), default=0)
    for index in range(closing, len(blocks)):
        block = blocks[index]
        if len(block.text.strip()) >= _MIN_PARAGRAPH and block.linked >= _LINK_DENSE * len(block.text.strip()):
            while index > closing + 1 and blocks[index - 1].heading:  # the list's own title goes too
                index -= 1
            return blocks[:index]
    return blocks


def _has_line(text: str, pattern: re.Pattern[str]) -> bool:
    return any(pattern.match(line.strip()) for line in text.split("\n"))


_RULE = re.compile(r"^[-_=*.\s]+$")
_SYMBOL_LINE = re.compile(r"^(?:Số|SỐ)\s*:?\s*\S*\d")
_MAX_HEADER_LINES = 8


def _is_header_line(text: str) -> bool:
    """An issuer cell written as its own block: short capital lines ("ỦY BAN NHÂN DÂN", "TỈNH X"), rules
    and the "Số: 58/KH-UBND" line."""
    lines = [line.strip() for line in text.strip().split("\n")]
    return len(lines) <= _MAX_HEADER_LINES and all(_is_issuer_line(line) for line in lines)


def _is_issuer_line(line: str) -> bool:
    if not line or _RULE.match(line) or _SYMBOL_LINE.match(line):
        return True
    letters = [c for c in line if c.isalpha()]
    return len(line) <= 80 and bool(letters) and all(c.isupper() for c in letters)


def _tidy(blocks: list[_Block]) -> str:
    text = "\n\n".join(block.text for block in blocks)
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()

