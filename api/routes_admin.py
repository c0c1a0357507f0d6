"""Writing over HTTP: upload a document (POST /api/documents) and delete one (DELETE /api/documents/{id}).

Both need `Authorization: Bearer <token>` with the token from the environment (CANCU_UPLOAD_TOKEN);
without a configured token the server is read-only. An upload is streamed to a temporary file and cut
off as soon as it passes `max_upload_mb`, so an oversized body never lands whole on disk or in memory;
a body that ends before its closing boundary is refused, not ingested truncated. The file is stored
under a safe temporary name (in `data_dir/.uploads`, cleaned of what a killed server left behind) and
ingested under its own name, cleaned of control and direction-override characters; the workspace
mints the document id from that name, so it never replaces another document silently.
`Workspace.ingest` publishes the new build atomically under the workspace lock: readers see the old
corpus or the new one, never half.
"""
from __future__ import annotations

import hmac
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import get_service as _service
from api.service import Service
from api.settings import UPLOAD_TOKEN_ENV
from api.workspace import SourceFile, clean_name
from ingest.errors import BadRequest, Forbidden, PayloadTooLarge, ReadError, UnsupportedFormat
from ingest.facts import counts as fact_counts
from ingest.readers import supported_suffixes

router = APIRouter(prefix="/api", tags=["quản trị"])

MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the file itself
MAX_NAME_CHARS = 255
_FILENAME_STAR = re.compile(r"filename\*\s*=\s*([^']*)'[^']*'([^;\s]+)", re.IGNORECASE)



def require_writer(request: Request) -> None:
    """403 when writing is switched off (no token configured), 401 when the token is missing or wrong."""
    expected = _service(request).settings.upload_token
    if not expected:
        raise Forbidden(f"Máy chủ đang ở chế độ chỉ đọc: chưa đặt mã tải lên (biến môi trường {UPLOAD_TOKEN_ENV}), "
                        "nên không thể thêm hay xóa văn bản qua API")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise StarletteHTTPException(401, detail="Cần mã tải lên hợp lệ: Authorization: Bearer <mã>",
                                     headers={"WWW-Authenticate": 'Bearer realm="cancu"'})


def _limit_bytes(request: Request) -> int:
    return int(_service(request).settings.max_upload_mb * 1024 * 1024)


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"Tệp vượt giới hạn tải lên {limit / 1024 / 1024:g} MB",
                           detail=f"limit {limit} bytes (setting max_upload_mb)")


def safe_filename(raw: str) -> str:
    """The file's own name without any folder part, as a person sees it (NFC, no control or
    direction-override characters); the document id is derived from it."""
    name = clean_name(raw.replace("\\", "/").rsplit("/", 1)[-1])
    if not name or name.startswith("."):
        raise BadRequest("Tên tệp không hợp lệ", detail="the uploaded file needs a name such as ke-hoach.pdf")
    if len(name) > MAX_NAME_CHARS:
        raise BadRequest(f"Tên tệp dài quá {MAX_NAME_CHARS} ký tự", detail=f"file name of {len(name)} characters")
    return name


def check_suffix(name: str) -> None:
    suffix = Path(name).suffix.lower()
    accepted = supported_suffixes()
    if suffix not in accepted:
        shown = f"'{suffix}'" if suffix else "không có phần mở rộng"
        raise UnsupportedFormat(f"Định dạng tệp {shown} không được hỗ trợ; chỉ nhận: {', '.join(accepted)}",
                                detail=f"accepted suffixes: {' '.join(accepted)}")


def _part_filename(headers: dict[bytes, bytes]) -> str | None:
    raw = headers.get(b"content-disposition")
    if raw is None:
        return None
    star = _FILENAME_STAR.search(raw.decode("latin-1"))
    if star:
        return unquote(star.group(2), encoding=star.group(1) or "utf-8", errors="replace")
    _, options = parse_options_header(raw)
    name = options.get(b"filename")
    if name is None:
        return None
    try:
        return name.decode("utf-8")
    except UnicodeDecodeError:
        return name.decode("latin-1")


async def receive_upload(request: Request, folder: Path) -> SourceFile:
    """Stream the one file of a multipart body into `folder`, refusing early what cannot be accepted."""
    limit = _limit_bytes(request)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        raise _too_large(limit)
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or not options.get(b"boundary"):
        raise UnsupportedFormat("Cần gửi tệp dạng multipart/form-data (trường 'file')",
                                detail="e.g. curl -F file=@ke-hoach.pdf")
    events: list[tuple[str, bytes]] = []
    header: dict[str, bytes] = {"field": b"", "value": b""}
    headers: dict[bytes, bytes] = {}

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header["value"] += data[start:end]

    def on_header_end() -> None:
        headers[header["field"].strip().lower()] = header["value"].strip()
        header["field"], header["value"] = b"", b""

    parser = MultipartParser(options[b"boundary"], callbacks={
        "on_part_begin": lambda: headers.clear(),
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_headers_finished": lambda: events.append(("part", _part_filename(headers) or "")),
        "on_part_data": lambda data, start, end: events.append(("data", bytes(data[start:end]))),
        "on_part_end": lambda: events.append(("end", b"")),
        "on_end": lambda: events.append(("done", b"")),
    })
    target: Path | None = None
    name = ""
    complete = False
    out = None
    in_file = False
    written = received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit + MULTIPART_SLACK:
                raise _too_large(limit)
            try:
                parser.write(chunk)
            except Exception:  # a malformed body: the parser's own message would mean nothing to a user
                raise BadRequest("Nội dung multipart không hợp lệ") from None
            for kind, payload in events:
                if kind == "part":
                    in_file = bool(payload)
                    if not in_file:
                        continue
                    if target is not None:
                        raise BadRequest("Mỗi lần chỉ tải lên một tệp")
                    name = safe_filename(payload)
                    check_suffix(name)  # before reading the file's content
                    target = folder / ("upload" + Path(name).suffix.lower())
                    out = open(target, "wb")
                elif kind == "data" and in_file and out is not None:
                    written += len(payload)
                    if written > limit:
                        raise _too_large(limit)
                    out.write(payload)
                elif kind == "end":
                    in_file = False
                elif kind == "done":
                    complete = True
            events.clear()
        parser.finalize()
    finally:
        if out is not None:
            out.close()
    if target is None:
        raise BadRequest("Không có tệp trong yêu cầu (trường 'file')", detail="e.g. curl -F file=@ke-hoach.pdf")
    if not complete:
        raise BadRequest("Nội dung tải lên bị cắt cụt (thiếu ranh giới kết thúc multipart); tệp không được nạp",
                         detail="the multipart body ended before its closing boundary")
    return SourceFile(target, name)


def _summary(service: Service, doc_id: str) -> dict:
    ex = service.build().extraction(doc_id)
    d = ex.document
    return {
        "id": d.id, "source": d.source, "symbol": d.header.symbol, "type": d.header.doc_type,
        "title": d.header.title, "date": d.header.date,
        "counts": {"sections": max(len(d.sections()) - 1, 0), "clauses": len(d.clauses()), **fact_counts(ex)},
        "warnings": list(d.warnings),
    }


def _ingest(service: Service, upload: SourceFile) -> dict:
    """Runs in a worker thread: waits for the workspace lock like any other writer."""
    report = service.workspace.ingest([upload])
    result = report.results[0]
    if result.status == "error":
        reason = (result.error or "không đọc được tệp").replace(str(upload.path.parent) + "/", "")
        raise ReadError(upload.name, f"lỗi ở bước {result.stage or 'nạp'}: {reason}")
    body = {"status": result.status, "build": report.build, "seconds": round(report.seconds, 3),
            "document": _summary(service, result.doc_id)}
    if result.note:
        body["note"] = result.note
    return body


def upload_folder(service: Service) -> Path:
    """A private temporary folder under `data_dir/.uploads`, named after this process; folders of
    processes that no longer run (a server killed mid-upload) are removed first."""
    root = Path(service.settings.data_dir) / ".uploads"
    root.mkdir(parents=True, exist_ok=True)
    for old in root.iterdir():
        pid = old.name.split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@router.post("/documents", status_code=201, summary="Tải lên và nạp một văn bản (cần mã tải lên)",
             openapi_extra={"requestBody": {"content": {"multipart/form-data": {"schema": {
                 "type": "object", "properties": {"file": {"type": "string", "format": "binary"}},
                 "required": ["file"]}}}, "required": True}})
async def upload_document(request: Request) -> JSONResponse:
    require_writer(request)
    folder = upload_folder(_service(request))
    try:
        upload = await receive_upload(request, folder)
        body = await run_in_threadpool(_ingest, _service(request), upload)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    doc_id = body["document"]["id"]
    status = 201 if body["status"] == "new" else 200
    return JSONResponse({"ok": True, **body}, status_code=status, headers={"Location": f"/api/documents/{doc_id}"})


@router.delete("/documents/{doc_id}", summary="Xóa một văn bản cùng mọi dữ kiện và đoạn của nó (cần mã tải lên)")
async def delete_document(request: Request, doc_id: str) -> dict:
    require_writer(request)
    report = await run_in_threadpool(_service(request).workspace.remove, [doc_id])
    return {"ok": True, "removed": doc_id, "build": report.build}
