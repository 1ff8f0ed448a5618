"""Small pictures of a file's pages for the HTML report (`--thumbnails`): what the tool saw, beside the
verdict about it.

PDF pages are rendered by pdfium (pypdfium2, the `thumbnails` extra: a wheel with the renderer inside,
nothing to install on the system, and the engine Chrome uses, so pages look as in a browser). Without
it, a scanned page still shows: its largest embedded image, read with pypdf. Images are turned upright
by their EXIF orientation, as a phone shows them. A file that cannot be drawn gets no picture; the
report labels it instead. Every file is drawn in a process of its own under a time limit (a hostile
PDF can hang or crash a renderer), like the scan itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from zccheck.scan.filetype import IMAGE_KINDS, sniff
from zccheck.scan.image import upright
from zccheck.scan.image_analysis import flatten_to_rgb
from zccheck.scan.runner import ScanTask, read_task, run_limited

# The picture's bounding box in pixels: legible headings and seals at a glance, a few KB of JPEG.
THUMB_BOX = (240, 340)
THUMB_QUALITY = 70
MAX_THUMB_PAGES = 4  # per file: its first page and pages named in findings, up to this many
MAX_PAGE_POINTS = 14400 * 4  # PDF 1.7's largest page is 14400 pt (200 in), ×4 for UserUnit-free drawings


@dataclass(frozen=True)
class PagePicture:
    page: int  # 1-based
    jpeg: bytes | None  # None: could not be drawn
    why: str = ""  # when None: "no-renderer" (a PDF page with nothing to show without pdfium), "unreadable"


def pdfium_available() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def _jpeg(image: Image.Image) -> bytes:
    image = flatten_to_rgb(image)
    image.thumbnail(THUMB_BOX)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=THUMB_QUALITY, optimize=True)
    return out.getvalue()


def _image_pictures(data: bytes, pages: tuple[int, ...]) -> list[PagePicture]:
    with Image.open(io.BytesIO(data)) as image:
        frames = getattr(image, "n_frames", 1)
        pictures = []
        for page in pages:
            if page > frames:
                continue
            image.seek(page - 1)
            pictures.append(PagePicture(page, _jpeg(upright(image.copy()))))
        return pictures


def _pdfium_pictures(data: bytes, pages: tuple[int, ...]) -> list[PagePicture]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        pictures = []
        for page in pages:
            if page > len(document):
                continue
            pdf_page = document[page - 1]
            width, height = pdf_page.get_size()
            if not (1 <= width <= MAX_PAGE_POINTS and 1 <= height <= MAX_PAGE_POINTS):
                pictures.append(PagePicture(page, None, "unreadable"))  # no paper is that size: a broken box
                continue
            scale = min(THUMB_BOX[0] / width, THUMB_BOX[1] / height) * 1.5  # drawn larger, shrunk: sharper
            pictures.append(PagePicture(page, _jpeg(pdf_page.render(scale=scale).to_pil())))
            pdf_page.close()
        return pictures
    finally:
        document.close()


def _embedded_pictures(data: bytes, pages: tuple[int, ...]) -> list[PagePicture]:
    """Without pdfium: a scanned page is mostly one image; show the largest. A born-digital page has none."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pictures = []
    for page in pages:
        if page > len(reader.pages):
            continue
        best = None
        try:
            images = list(reader.pages[page - 1].images)
        except Exception:  # noqa: BLE001 — an undecodable image filter: no picture, the label says so
            images = []
        for embedded in images:
            candidate = embedded.image
            if candidate is not None and (best is None or candidate.width * candidate.height > best.width * best.height):
                best = candidate
        pictures.append(PagePicture(page, _jpeg(best) if best is not None else None, "" if best else "no-renderer"))
    return pictures


def _draw(task: ScanTask, pages: tuple[int, ...], max_bytes: int) -> list[PagePicture]:
    data = read_task(task, max_bytes)
    if len(data) > max_bytes:
        return [PagePicture(pages[0], None, "unreadable")]
    kind = sniff(data[:4096], task.path)
    if kind == "pdf":
        return _pdfium_pictures(data, pages) if pdfium_available() else _embedded_pictures(data, pages)
    if kind in IMAGE_KINDS:
        return _image_pictures(data, pages)
    return []  # a Word file, an archive: nothing to draw, and no label needed


def page_pictures(task: ScanTask, pages: tuple[int, ...], *, max_bytes: int, timeout: float) -> list[PagePicture]:
    """Pictures of `pages` of the file `task` names (a PDF or an image), drawn in a process of its own;
    pages the file does not have are left out, a file that fails gets a labelled placeholder."""
    pages = tuple(sorted(set(pages) or {1}))[:MAX_THUMB_PAGES]
    try:
        return run_limited(_draw, (task, pages, max_bytes), timeout)
    except Exception:  # noqa: BLE001 — whatever a broken file does to a renderer, the report goes on
        return [PagePicture(pages[0] if pages else 1, None, "unreadable")]
