"""The end of a document: the closing block ("Trên đây là ...", "Nơi nhận", the signature), what follows
the signature (attached regulations and annexes, see `ingest.attachments`), and where the document
itself ends on a pasted web page.

Decree 30/2020/NĐ-CP closes a text with the recipients on the left and the signature block on the
right: the signing authority ("TM. ỦY BAN NHÂN DÂN"), the capacity ("KT. CHỦ TỊCH"), the position
("PHÓ CHỦ TỊCH") and the signer's name. Copies put those cells one per line, or interleave the two
columns line by line; a pasted page then goes on with the website's own lists.
"""
from __future__ import annotations

import re

from ingest.markers import CLOSING_START, SIGNATURE_LINE, match_marker
from ingest.model import Signature
from ingest.text import fold, is_all_caps
from ingest.vocab.legal import DOC_TYPE_WORDS

Item = tuple[str, int]  # a logical line and its offset in the document text

_RECIPIENTS = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\b")
_AUTHORITY = re.compile(r"^(?:TM|T/M)\.?(?:\s|$)")
_CAPACITY = re.compile(r"^(?:KT|K/T|Q|TL|TUQ)\.(?:\s|$)")
_CAPS_THEN_NAME = re.compile(r"^(?P<caps>.+?)\s+(?P<name>(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s?){2,5})$")
_TYPE_WORDS = sorted((w for w, v in DOC_TYPE_WORDS.items() if v[0]), key=len, reverse=True)


# ---------------------------------------------------------------- where the document ends

def document_end(texts: list[str], start: int, symbol: str | None) -> int:
    """Index of the first line after the document on a pasted page: after the signature, a line that
    names the document itself by type and number without "số" ("Quyết định 53/2025/QĐ-UBND năm 2025
    ...") is a catalogue caption of the website, and what follows (related documents, login notices) is
    not the document. Without the document's own number nothing is cut."""
    if not symbol:
        return len(texts)
    own = re.escape(symbol)
    suffix = re.escape(symbol.split("/", 1)[1]) if "/" in symbol else own
    caption = re.compile(
        rf"^(?:{'|'.join(map(re.escape, _TYPE_WORDS))})\s+(?:{own}|\d+[a-z]?/{suffix})(?=\s|$|[,.;])")
    signed = False
    for i in range(start, len(texts)):
        text = texts[i]
        if not signed:
            signed = bool(_RECIPIENTS.match(text) or _AUTHORITY.match(text) or _CAPACITY.match(text)
                          or SIGNATURE_LINE.match(text))
            continue
        if caption.match(text):
            return i
    return len(texts)


# ---------------------------------------------------------------- the closing block

def split_closing(items: list[Item]) -> tuple[list[Item], list[Item], list[Item]]:
    """(body, closing, after the signature). The closing starts at "Trên đây là" / "Nơi nhận" or, without
    them, at a signature block near the end; it ends with the signer's name and the recipients around
    it. What follows the signature (attached regulations, annex tables, notes) is not closing."""
    start = None
    for i, (text, _) in enumerate(items):
        if CLOSING_START.match(text):
            start = i
            break
    if start is None:
        cells = _cells(items)
        for k in range(len(cells)):
            if _signature_block_at(cells, k):
                start = next(i for i, (_, offset) in enumerate(items) if offset + len(items[i][0]) > cells[k][1])
                break
    if start is None:
        return items, [], []
    if start and _closing_request(items[start - 1][0]):
        start -= 1
    tail = _cells(items[start:])  # from here on a "|" separates cells (a closing laid out as a table)
    end = _closing_end(tail, 0)
    return items[:start], tail[:end], tail[end:]


# "Đề nghị các sở, ban, ngành ... khẩn trương thực hiện; kịp thời báo cáo UBND tỉnh ... để xem xét, chỉ đạo./.":
# the issuer's last word before "Nơi nhận" when there is no "Trên đây là": a request, closed by "./.".
# A standing reporting regime ("báo cáo ... về UBND huyện trước ngày 15/12", "định kỳ hằng quý") is a task
# of the body, even when written as the last request.
_REGIME = re.compile(r"\b(?:trước ngày|định kỳ|hằng (?:năm|quý|tháng|tuần)|hàng (?:năm|quý|tháng|tuần))\b", re.IGNORECASE)
# The request may name who makes it: "Chủ tịch Ủy ban nhân dân Thành phố đề nghị các cơ quan, đơn vị …".
_REQUEST_START = re.compile(r"(?:^|[.;]\s+)(?:(?:(?:Phó )?Chủ tịch |Thủ trưởng |Bộ trưởng )?(?:Ủy ban nhân dân|UBND|Uỷ ban "
                            r"nhân dân|Bộ|Sở|Văn phòng)\b[^.;:]{0,60}?\s(?:đề nghị|yêu cầu)|Đề nghị|Yêu cầu)\s")


def _closing_request(text: str) -> bool:
    """An unnumbered paragraph right before the recipients that ends the text ("./.") with the issuer's
    request to everyone. A numbered item or bullet ending so is still a task of the body."""
    return text.rstrip().endswith("/.") and match_marker(text) is None and bool(_REQUEST_START.search(text)) \
        and not _REGIME.search(text)


def _cells(items: list[Item]) -> list[Item]:
    """Items cut at "|" (a table row of the closing: recipients | signature), with their offsets, and a
    signature block whose lines were glued together cut back into them."""
    out: list[Item] = []
    for text, start in items:
        pos = 0
        for piece in text.split("|"):
            stripped = piece.strip()
            if stripped:
                at = start + pos + piece.index(stripped)
                out.extend(_unglue(stripped, at) if _opens_signature(stripped) else [(stripped, at)])
            pos += len(piece) + 1
    return out


# Where the lines of a signature block were glued: "TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Hồ Đức
# Phớc" -> "TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "(Đã ký)", "Hồ Đức Phớc".
_GLUED = re.compile(
    r"(?<=[A-ZĐÀ-Ỹ.)])(?=(?:KT|TM|T/M|TL|TUQ)\.)"
    r"|(?<=[A-ZĐÀ-Ỹ])(?=\(\s*[Đđ]ã ký)"
    r"|(?<=\))\s*(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ])"
    r"|(?<=[A-ZĐÀ-Ỹ])(?=(?:PHÓ |CHỦ TỊCH|THỨ TRƯỞNG|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|CỤC TRƯỞNG)(?![a-zà-ỹđ]))"
    r"|(?<=[A-ZĐÀ-Ỹ]{2})(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}\s*$)")


def _opens_signature(text: str) -> bool:
    return bool(SIGNATURE_LINE.match(text) or _AUTHORITY.match(text) or _CAPACITY.match(text))


def _unglue(text: str, start: int) -> list[Item]:
    out: list[Item] = []
    last = 0
    for m in _GLUED.finditer(text):
        if m.start() > last:
            piece = text[last:m.start()]
            out.append((piece.strip(), start + last + len(piece) - len(piece.lstrip())))
        last = m.end()
    piece = text[last:]
    if piece.strip():
        out.append((piece.strip(), start + last + len(piece) - len(piece.lstrip())))
    return out


def _signature_block_at(items: list[Item], i: int) -> bool:
    """A signature block: an authority or capacity line ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") or a
    position line, followed within four lines by a person's name."""
    text = items[i][0]
    if not SIGNATURE_LINE.match(text) or len(text) > 80:
        return False
    for j in range(i + 1, min(i + 5, len(items))):
        nxt = items[j][0]
        if looks_like_name(nxt):
            return True
        if not (is_all_caps(nxt) or SIGNATURE_LINE.match(nxt) or _is_stamp(nxt)):
            return False
    return i + 1 >= len(items)


def _closing_end(items: list[Item], start: int) -> int:
    """The index after the closing block: the signer's name, then any recipients listed after it."""
    signer = None
    in_signature = False
    for i in range(start, len(items)):
        text = items[i][0]
        if SIGNATURE_LINE.match(text) or _AUTHORITY.match(text) or _CAPACITY.match(text):
            in_signature = True
            continue
        if in_signature and looks_like_name(text):
            signer = i
            break
        if in_signature and not is_all_caps(text) and not _is_recipient_line(text) and not _is_stamp(text):
            in_signature = False
    if signer is None:
        return len(items)
    end = signer + 1
    # recipients written after the signature (or the right column's leftovers)
    in_recipients = False
    while end < len(items):
        text = items[end][0]
        if _RECIPIENTS.match(text):
            in_recipients = True
        elif not (in_recipients and _is_recipient_line(text)) and not _is_stamp(text):
            break
        end += 1
    return end


def _is_recipient_line(text: str) -> bool:
    return bool(re.match(r"^[-+•*]\s*\S", text)) or text.startswith("Lưu") or (len(text) < 90 and text.endswith(";"))


def _is_stamp(text: str) -> bool:
    """ "(Đã ký)", "(đã ký và đóng dấu)": a mark of the signed copy."""
    return bool(re.fullmatch(r"\(?\s*(?:đã ký|Đã ký|ĐÃ KÝ)[^)]{0,30}\)?|\(?\s*(?:Ký|ký), ghi rõ[^)]{0,40}\)?", text))


class ClosingReader:
    """Recipients, signature and closing clauses of the closing block."""

    def __init__(self, add_clause) -> None:
        self.add_clause = add_clause  # (text, start) -> None: a closing clause

    def read(self, items: list[Item]) -> tuple[Signature | None, list[str]]:
        recipients: list[str] = []
        sig_lines: list[Item] = []
        in_recipients = False
        pieces = [piece for text, start in items for piece in split_columns(text, start)]
        two_columns = len(pieces) > len(items)  # recipients and signature interleaved line by line
        for text, start in pieces:
            if _RECIPIENTS.match(text):
                in_recipients = True
                rest = re.sub(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?\s*", "", text)
                recipients.extend(_recipients(rest))
                continue
            if SIGNATURE_LINE.match(text) or _AUTHORITY.match(text) or _CAPACITY.match(text) or (
                    sig_lines and (is_all_caps(text) or looks_like_name(text) or _is_stamp(text))):
                sig_lines.append((text, start))
                in_recipients = in_recipients and two_columns
                continue
            if in_recipients and (match_marker(text) or text.startswith("Lưu") or _is_recipient_line(text)):
                recipients.extend(_recipients(text))
                continue
            self.add_clause(text, start)
        return signature(sig_lines), recipients


def split_columns(text: str, start: int) -> list[Item]:
    """A two-column closing exported line by line ("- UBND tỉnh; KT. CHỦ TỊCH"): the recipients on the left,
    the signature block on the right."""
    if SIGNATURE_LINE.match(text) or is_all_caps(text):
        return [(text, start)]
    for m in re.finditer(r"[;:.,)]\s+", text):
        right = text[m.end():]
        if not SIGNATURE_LINE.match(right):
            continue
        if is_all_caps(right):
            return [(text[:m.start() + 1], start), (right, start + m.end())]
        named = _CAPS_THEN_NAME.match(right)  # "- Lưu: VT. PHÓ CHỦ TỊCH Nông Văn Tuấn" (the name line joined)
        if named and is_all_caps(named["caps"]):
            return [(text[:m.start() + 1], start), (named["caps"], start + m.end()),
                    (named["name"], start + m.end() + named.start("name"))]
    return [(text, start)]


def _recipients(text: str) -> list[str]:
    parts = re.sub(r"^[-+•*]\s*", "", text.strip()).split(";")
    return [p.strip(" ;.,") for p in parts if p.strip(" ;.,")]


def looks_like_name(text: str) -> bool:
    """A person's name: two to five capitalised syllables ("Trịnh Văn Đoàn", "Lê Hải Hoà"), possibly after
    a military rank ("Thượng tướng Vũ Hải Sản") or the "(Đã ký)" mark of a copy."""
    words = _name_part(text).split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha()) and all(
        w.isalpha() for w in words) and fold(words[0]) not in _NOT_NAMES


_RANK = re.compile(r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)|Đại\s+úy)\s+")
_STAMP = re.compile(r"^\(\s*(?:đã ký|Đã ký|ĐÃ KÝ)[^)]{0,30}\)\s*")


def _name_part(text: str) -> str:
    return _RANK.sub("", _STAMP.sub("", text.strip(" |")))


# Capitalised words that open a line of two to five words but are not a name.
_NOT_NAMES = frozenset({"noi", "kinh", "tren", "luu", "nhu", "cac", "so", "ngay", "dieu", "chuong"})


def signature(lines: list[Item]) -> Signature | None:
    if not lines:
        return None
    sig = Signature(span=(lines[0][1], lines[-1][1] + len(lines[-1][0])))
    pending_authority = False
    for text, _ in lines:
        if _AUTHORITY.match(text):
            rest = re.sub(r"^(?:TM|T/M)\.?\s*", "", text)
            sig.authority = text if rest else None
            pending_authority = not rest  # "TM." alone: the body follows on the next line
        elif pending_authority and is_all_caps(text):
            sig.authority = f"TM. {text}"
            pending_authority = False
        elif _CAPACITY.match(text):
            sig.capacity = text if sig.capacity is None or len(text) > 4 else sig.capacity
        elif is_all_caps(text):
            sig.position = text
        elif looks_like_name(text) and sig.signer is None:
            sig.signer = _STAMP.sub("", text.strip(" |"))
    return sig
