"""Domain errors. Each carries the HTTP status the API answers with and a Vietnamese message that the
CLI prints as one line; one handler in `api` turns any of them into the single JSON error shape."""
from __future__ import annotations


class CancuError(Exception):
    status: int = 500
    code: str = "internal_error"

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class BadRequest(CancuError):
    status = 400
    code = "bad_request"


class Forbidden(CancuError):
    status = 403
    code = "forbidden"


class Unauthorized(CancuError):
    status = 401
    code = "unauthorized"


class NotFound(CancuError):
    status = 404
    code = "not_found"


class PayloadTooLarge(CancuError):
    status = 413
    code = "payload_too_large"


class UnsupportedFormat(CancuError):
    status = 415
    code = "unsupported_format"


class ReadError(CancuError):
    """A source file that cannot be turned into text (empty, broken, scanned, legacy encoding...)."""

    status = 422
    code = "unreadable_document"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class QueryTimeout(CancuError):
    status = 503
    code = "query_timeout"


class StoreError(CancuError):
    status = 500
    code = "store_error"
