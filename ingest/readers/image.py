"""Photographed or scanned pages saved as images (PNG, JPEG, TIFF with one frame per page...), by OCR.

The pixel count is checked from the header before any pixel is decoded (Pillow's own bomb guard is
a warning below twice its limit), and a multi-page TIFF counts its frames against the OCR page limit.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ingest.errors import ReadError
from ingest.readers import ocr
from ingest.readers.base import Extracted, Progress, SimpleReader, finish
from ingest.readers.limits import DEFAULT_LIMITS, ReadLimits

_BROKEN = "tệp ảnh bị hỏng hoặc không đúng định dạng"


class ImageReader(SimpleReader):
    """One page per image frame, read by OCR."""

    formats: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif")
    format = "image"

    def extract(
        self, path: Path, data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS, progress: Progress | None = None
    ) -> Extracted:
        if not ocr.available():
            raise ReadError(str(path), f"tệp ảnh cần {ocr.OcrUnavailable()}")
        Image.MAX_IMAGE_PIXELS = None  # our own limit below, checked before decoding, is the one that counts
        try:
            image = Image.open(io.BytesIO(data))
            frames = getattr(image, "n_frames", 1)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise ReadError(str(path), _BROKEN) from exc
        if frames > limits.max_ocr_pages:
            raise ReadError(str(path), limits.too_many_ocr_pages(frames))
        stage = f"OCR {path.name}"
        pages: list[ocr.PageContent] = []
        notes: list[str] = []
        for index in range(frames):
            if progress is not None:
                progress(stage, index, frames)
            page = _frame(path, image, index, limits)
            try:
                pages.append(ocr.PageContent(index + 1, "", ocr.recognise(page, timeout=limits.ocr_page_seconds)))
            except ocr.OcrTimeout:
                notes.append(f"trang {index + 1}: nhận dạng ký tự quá {limits.ocr_page_seconds:.0f} giây, đã bỏ qua")
        if progress is not None:
            progress(stage, frames, frames)
        extracted = ocr.join_pages(pages, converter=ocr.engine(), notes=tuple(notes))
        if not extracted.text.strip():
            raise ReadError(str(path), "nhận dạng ký tự (OCR) không đọc được chữ nào trong ảnh")
        return finish(path, extracted, limits=limits)


def _frame(path: Path, image: Image.Image, index: int, limits: ReadLimits) -> Image.Image:
    try:
        image.seek(index)
        pixels = image.width * image.height
        if pixels > limits.max_image_pixels:
            raise ReadError(str(path), limits.too_many_pixels(pixels))
        upright = ImageOps.exif_transpose(image) or image  # phone photos carry their rotation in EXIF
        frame = upright.convert("L")
    except ReadError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ReadError(str(path), _BROKEN) from exc
    return frame
