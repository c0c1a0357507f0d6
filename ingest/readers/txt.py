"""Plain text and Markdown: decoding bytes whose encoding nobody wrote down.

UTF-8 goes first because it almost never decodes by accident; TCVN3/VNI are refused rather than
guessed, since a cp1252 reading of them is mojibake that would poison the graph silently. The text is
decoded but not normalised (that is `ingest.text`'s job) except for NFC of Windows-1258, whose
combining tone marks are an artefact of the code page rather than of the document.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from ingest.errors import ReadError
from ingest.readers.base import (
    Extracted,
    Progress,
    SimpleReader,
    finish,
    is_plausible_vietnamese,
    legacy_error,
    legacy_vietnamese_encoding,
)
from ingest.readers.limits import DEFAULT_LIMITS, ReadLimits


_BOMS: tuple[tuple[bytes, str, str], ...] = (  # (bom, codec, label); UTF-32 before UTF-16 (same prefix)
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)
_UTF16_SAMPLE_BYTES = 4096
_UTF16_NUL_SHARE = 0.3  # ASCII-heavy text in UTF-16 has a NUL in (nearly) every other byte
_UTF16_STRAY_NUL_SHARE = 0.05
_MAX_CONTROL_SHARE = 0.02
_WESTERN_CHAOS_MARGIN = 0.1  # how much worse than the best guess cp1252 may look and still be chosen
# Control codes other than \t \n \v \f \r and DOS's end-of-file \x1a, private-use and lone surrogates.
_JUNK_CHARS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")
_BINARY = "tệp không phải văn bản (chứa dữ liệu nhị phân)"


def decode_text(path: Path, data: bytes) -> Extracted:
    """Decode text bytes: BOM, BOM-less UTF-16, UTF-8, Windows-1258, then charset-normalizer's guess.

    UTF-8 goes first because it almost never decodes by accident; TCVN3/VNI are refused rather than
    guessed, since a cp1252 reading of them is mojibake that would poison the graph silently.
    """
    text, encoding = _decode(path, data)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise ReadError(str(path), _BINARY)
    return Extracted(text, encoding)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _strict_decode(path, data[len(bom) :], codec), label
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _strict_decode(path, data, utf16), utf16
    if b"\x00" in data:
        raise ReadError(str(path), _BINARY)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    cp1258 = _decode_cp1258(data)
    if cp1258 is not None:
        return cp1258, "cp1258"
    legacy = legacy_vietnamese_encoding(data.decode("latin-1"))
    if legacy is not None:
        raise legacy_error(path, legacy)
    return _guess_encoding(path, data)


def _strict_decode(path: Path, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError(str(path), f"không giải mã được tệp theo bảng mã {codec}") from exc


def _bomless_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM by its NULs: on odd bytes for LE, on even bytes for BE."""
    sample = data[:_UTF16_SAMPLE_BYTES]
    half = len(sample) // 2
    if half < 2 or len(data) % 2:
        return None
    even = sample[0 : half * 2 : 2].count(0) / half
    odd = sample[1 : half * 2 : 2].count(0) / half
    if odd >= _UTF16_NUL_SHARE and even <= _UTF16_STRAY_NUL_SHARE:
        return "utf-16-le"
    if even >= _UTF16_NUL_SHARE and odd <= _UTF16_STRAY_NUL_SHARE:
        return "utf-16-be"
    return None


def _decode_cp1258(data: bytes) -> str | None:
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    return text if is_plausible_vietnamese(text) else None


def _guess_encoding(path: Path, data: bytes) -> tuple[str, str]:
    """charset-normalizer's guess, but Windows-1252 when it fits about as well.

    On short Western text it often ranks cp1257/cp1250 first ("à la fenêtre" → "ą la fenźtre"), while
    a non-Vietnamese, non-Unicode file in a Vietnamese office is almost always cp1252.
    """
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise ReadError(
            str(path),
            "không xác định được bảng mã của tệp; hãy lưu lại dưới dạng Unicode (UTF-8) rồi nạp lại",
        )
    western = next((match for match in matches if match.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos + _WESTERN_CHAOS_MARGIN:
        best = western
    return str(best), best.encoding


def _control_share(text: str) -> float:
    """Share of characters no text file contains: control codes, private-use points, lone surrogates."""
    return len(_JUNK_CHARS.findall(text)) / len(text) if text else 0.0


class TextReader(SimpleReader):
    """Plain text, in whatever encoding `decode_text` recognises; read in the caller's process."""

    formats: tuple[str, ...] = (".txt",)
    format = "txt"
    isolated = False

    def extract(
        self, path: Path, data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS, progress: Progress | None = None
    ) -> Extracted:
        return finish(path, decode_text(path, data), limits=limits)


class MarkdownReader(TextReader):
    """Markdown is kept as written: headings and lists are structure the parser can use."""

    formats: tuple[str, ...] = (".md", ".markdown")
    format = "md"
