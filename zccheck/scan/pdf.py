"""PDF facts with pypdf: page count, encryption, the text of the pages we need, and what the
pages of a scan look like. Every pypdf call is guarded: real-world PDFs are damaged in every way."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import IndirectObject

from zccheck.models import PageFacts
from zccheck.scan.image import ImageAnalyzer

logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # damaged files are reported as findings, not log spam

# Reading text costs ~5–20 ms a page: short documents are read whole (placeholders hide anywhere in a
# one-page 公示); long ones (60-page 业绩材料) only at the front, where titles, names and years stand.
READ_ALL_UP_TO = 12
READ_FIRST = 4
MAX_TEXT_CHARS_PER_PAGE = 20_000


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    pages: tuple[PageFacts, ...]
    problem: str | None = None  # encrypted | unreadable
    detail: str = ""


def _image_count(page) -> int:
    try:
        resources = page.get("/Resources")
        if isinstance(resources, IndirectObject):
            resources = resources.get_object()
        xobjects = resources.get("/XObject") if resources else None
        if isinstance(xobjects, IndirectObject):
            xobjects = xobjects.get_object()
        if not xobjects:
            return 0
        count = 0
        for ref in list(xobjects.values())[:64]:
            obj = ref.get_object()
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                count += 1
            elif subtype == "/Form":
                count += 1  # a form may hold an image or drawing: treat as visible content
        return count
    except Exception:
        return 0


def _has_content(page) -> bool:
    try:
        contents = page.get_contents()
        return contents is not None and len(contents.get_data()) > 20
    except Exception:
        return True  # when unsure, never call a page blank


def _largest_image(page):
    try:
        images = list(page.images)[:8]
    except Exception:
        return None
    best, best_area = None, 0
    for img in images:
        try:
            pil = img.image
            area = pil.width * pil.height
            if area > best_area:
                best, best_area = pil, area
        except Exception:
            continue
    return best


def read_pdf(data: bytes, analyzer: ImageAnalyzer) -> PdfFacts:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # An owner password only restricts printing/editing: reviewers can still open the file.
            try:
                opened = reader.decrypt("")
            except Exception as e:  # unsupported algorithm or damaged encryption dictionary
                return PdfFacts(0, (), "encrypted", f"{type(e).__name__}")
            if not opened:
                return PdfFacts(0, (), "encrypted", "user password required")
        page_count = len(reader.pages)
    except Exception as e:
        return PdfFacts(0, (), "unreadable", _describe(e))
    if page_count == 0:
        return PdfFacts(0, (), "unreadable", "no pages")
    to_read = range(page_count) if page_count <= READ_ALL_UP_TO else range(READ_FIRST)
    pages = []
    for index in to_read:
        try:
            page = reader.pages[index]
        except Exception as e:
            if index == 0:
                return PdfFacts(page_count, (), "unreadable", _describe(e))
            break
        try:
            text = page.extract_text() or ""
        except Exception:
            text = ""
        text = text[:MAX_TEXT_CHARS_PER_PAGE]
        images = _image_count(page)
        facts = PageFacts(number=index + 1, text=text, image_count=images, has_content_stream=_has_content(page))
        if not text.strip() and images:
            pil = _largest_image(page)
            if pil is not None:
                facts = analyzer.page_facts(facts, pil)
        pages.append(facts)
    return PdfFacts(page_count, tuple(pages))


def _describe(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0][:120] if str(e).strip() else ""
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
