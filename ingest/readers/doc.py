"""Old Word files (.doc, Word 97-2003 and Word 6/95) and Rich Text Format (.rtf).

A .doc is converted by Debian's `antiword` (it follows Word's piece table and writes UTF-8), and by
`catdoc` when antiword gives up (some writers' small files); both are small C programs, started under
the reading process's CPU and memory limits with a time limit of their own. An .rtf is read by
striprtf, in the code page the file declares (`\\ansicpg1258` for Vietnamese Windows).

Offices rename files freely: a ".doc" that is really a DOCX, an RTF or a saved web page is read as
what it is. When nothing can read it, the refusal is one line that says what to do.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from ingest.errors import ReadError
from ingest.readers.base import OLE_MAGIC, RTF_MAGIC, Extracted, Progress, SimpleReader, finish
from ingest.readers.limits import DEFAULT_LIMITS, ReadLimits

_ANSI_CODE_PAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_CONVERTER_SECONDS = 60
_MAX_OUTPUT_BYTES = 64 * 1024 * 1024
_NOT_INSTALLED = "máy chủ chưa cài antiword hoặc catdoc (gói Debian antiword, catdoc) để đọc tệp Word cũ (.doc)"
_UNREADABLE = "không đọc được tệp Word cũ (.doc){why}; hãy mở bằng Word và lưu thành .docx rồi nạp lại"


class DocReader(SimpleReader):
    """Word 97-2003 / 6.0 / 95 binary documents, through antiword (or catdoc)."""

    formats: tuple[str, ...] = (".doc", ".dot")
    format = "doc"

    def extract(
        self, path: Path, data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS, progress: Progress | None = None
    ) -> Extracted:
        if not data.startswith(OLE_MAGIC):
            raise ReadError(str(path), _UNREADABLE.format(why=" (tệp không phải định dạng Word)"))
        programs = [p for p in ("antiword", "catdoc") if shutil.which(p)]
        if not programs:
            raise ReadError(str(path), _NOT_INSTALLED)
        failures: list[str] = []
        with tempfile.TemporaryDirectory(prefix="cancu-doc-") as folder:
            source = Path(folder) / "input.doc"
            source.write_bytes(data)
            for program in programs:
                try:
                    text = _convert(program, source)
                except _ConverterFailed as exc:
                    failures.append(exc.reason)
                    continue
                if text.strip():
                    return finish(path, Extracted(text, converter=program), limits=limits)
                failures.append("")
        raise ReadError(str(path), _UNREADABLE.format(why=_why(failures)))


class _ConverterFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _convert(program: str, source: Path) -> str:
    """Run one converter on the file; its stdout as text (UTF-8), or `_ConverterFailed`."""
    command = {
        "antiword": ["antiword", "-w", "0", "-m", "UTF-8.txt", str(source)],  # -w 0: no re-wrapping
        "catdoc": ["catdoc", "-w", "-d", "utf-8", str(source)],  # -w: paragraphs on one line
    }[program]
    try:
        done = subprocess.run(command, capture_output=True, timeout=_CONVERTER_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise _ConverterFailed("timeout") from exc
    except OSError as exc:
        raise _ConverterFailed(str(exc)) from exc
    stderr = done.stderr.decode("utf-8", "replace").lower()
    if done.returncode != 0:
        raise _ConverterFailed("encrypted" if "encrypt" in stderr or "password" in stderr else stderr[:200])
    if len(done.stdout) > _MAX_OUTPUT_BYTES:
        raise _ConverterFailed("too much output")
    return done.stdout.decode("utf-8", "replace")


def _why(failures: list[str]) -> str:
    if "encrypted" in failures:
        return " (tệp được đặt mật khẩu)"
    if "timeout" in failures:
        return f" (chuyển đổi quá {_CONVERTER_SECONDS} giây)"
    return " (tệp hỏng hoặc là phiên bản Word chưa hỗ trợ)"


class RtfReader(SimpleReader):
    """Rich Text Format, decoded in the code page it declares."""

    formats: tuple[str, ...] = (".rtf",)
    format = "rtf"

    def extract(
        self, path: Path, data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS, progress: Progress | None = None
    ) -> Extracted:
        from striprtf.striprtf import rtf_to_text  # imported where used: only RTF needs it

        if not data.lstrip().startswith(RTF_MAGIC):
            raise ReadError(str(path), "tệp RTF bị hỏng hoặc không đúng định dạng")
        declared = _ANSI_CODE_PAGE.search(data[:4096])
        encoding = f"cp{int(declared.group(1))}" if declared else "cp1252"
        try:
            "".encode(encoding)
        except LookupError:
            encoding = "cp1252"
        try:
            markup = data.decode("latin-1")  # RTF is 7-bit; 8-bit bytes are decoded by striprtf
            text = rtf_to_text(markup, encoding=encoding, errors="replace")
        except Exception as exc:  # untrusted markup: any parser failure means a broken file
            raise ReadError(str(path), "tệp RTF bị hỏng hoặc không đúng định dạng") from exc
        return finish(path, Extracted(unicodedata.normalize("NFC", text), encoding=encoding), limits=limits)
