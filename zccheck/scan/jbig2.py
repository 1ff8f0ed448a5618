"""Black-and-white pages stored as JBIG2 (office copiers' and Acrobat's "high compression" scan-to-PDF), drawn
by pdfium for OCR.

pypdf decodes JBIG2 only through the jbig2dec program, which zccheck neither needs nor finds on a user's
machine, so such a page had no picture and its words could not be read. pdfium (pypdfium2, a wheel with the
engine inside, shipped with the `ocr` extra) decodes JBIG2 itself. The page is drawn as a viewer shows it —
its image masks, /Decode arrays and rotation applied — in grey, at the resolution the look or OCR asks of the
page's largest image (ImageAnalyzer.draft_request), not at the scanner's 300–600 dpi.

Without pypdfium2 (a base install), None: the page stays unread, as before. Only OCR runs ask for it: without
OCR a JBIG2 page's look is left open, like poppler's text extraction never decoding it, so a drive's cold run
stays as fast.
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

JBIG2_FILTER = "/JBIG2Decode"
# Never draw a page larger than this many pixels a side, whatever its image claims (a hostile /Width).
MAX_SIDE = 8000


def drawn_page(pdf_bytes: bytes, index: int, image_size: tuple[int, int],
               request: Callable[[tuple[int, int]], tuple[int, int]]) -> Image.Image | None:
    """Page `index` (0-based) of the PDF, drawn in grey so that its largest image, `image_size` pixels,
    comes out at the size `request` asks of it (both sides at least what it asks). None: no pdfium.
    A page pdfium cannot draw raises (the caller's general path decides)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    width, height = image_size
    if width <= 0 or height <= 0:
        return None
    want = request(image_size)
    # Reduced by a power of two as a JPEG's draft reduces: the same scan reads the same in any container.
    factor = next(k for k in (8, 4, 2, 1) if width // k >= want[0] and height // k >= want[1] or k == 1)
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        page = document[index]
        try:
            page_width, page_height = page.get_size()  # points, as drawn (rotation applied)
            scale = max(width, height) / factor / max(page_width, page_height, 1.0)
            scale = min(scale, MAX_SIDE / max(page_width, page_height, 1.0))
            bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
            return bitmap.to_pil().convert("L")  # a copy: the bitmap's buffer goes with the document
        finally:
            page.close()
    finally:
        document.close()
