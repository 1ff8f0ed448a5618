"""--merge: one PDF per slot, its pages in the order the files were placed. Pictures become pages with
img2pdf, which embeds a JPEG's own bytes (no re-encoding, no loss) and a PNG losslessly; PDFs are
appended page by page with pypdf, which copies their content streams as they are."""

from __future__ import annotations

import io
from pathlib import Path


def merge_available() -> bool:
    try:
        import img2pdf  # noqa: F401
    except Exception:  # noqa: BLE001 — not installed, or broken
        return False
    return True


def _picture_pdf(data: bytes) -> bytes:
    import img2pdf

    try:
        return bytes(img2pdf.convert(data))
    except Exception:  # noqa: BLE001 — img2pdf refuses a PNG with an alpha channel: flatten it, losslessly
        from PIL import Image

        from zccheck.scan.image_analysis import flatten_to_rgb

        buffer = io.BytesIO()
        flatten_to_rgb(Image.open(io.BytesIO(data))).save(buffer, "PNG")
        return bytes(img2pdf.convert(buffer.getvalue()))


def merge_pdf(files: list[tuple[str, Path]]) -> tuple[bytes, list[int]]:
    """(kind, staged file) in page order → the PDF's bytes and the pages each file gave. Raises on a file
    pypdf or img2pdf cannot take (the caller keeps that slot's files apart)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    pages = []
    for kind, path in files:
        data = path.read_bytes()
        before = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(data if kind == "pdf" else _picture_pdf(data))))
        pages.append(len(writer.pages) - before)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), pages
