"""Black-and-white scans stored as JBIG2 (copiers' "high compression" scan-to-PDF). pypdf cannot decode them
without the jbig2dec program, so with OCR on they are drawn by pdfium (zccheck.scan.jbig2), as a viewer shows
them; without OCR they are left undecoded, as before, and no time is spent on them."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest
from PIL import Image, ImageChops

from tests.factories import black_and_white, draw_seal, jbig2_mmr, scan_image
from tests.test_scanned_pdf_filters import _one_image_page
from zccheck.scan import pdf
from zccheck.scan.image import ImageAnalyzer

pytest.importorskip("pypdfium2")


class RecordingOcr:
    """Stands in for the OCR engine: keeps each picture it is given and reads nothing from it."""

    def __init__(self) -> None:
        self.images: list[Image.Image] = []

    def read(self, image, content, page, rule=None):
        self.images.append(image.copy())
        return SimpleNamespace(text="承诺书", complete=True, lines=["承诺书"])


def _bilevel(text: str, size=(1240, 1754)) -> Image.Image:
    page = scan_image(text, size=size)
    return black_and_white(page)


def _jbig2_pdf(image: Image.Image, mask: bool = False) -> bytes:
    entries = "/ImageMask true" if mask else "/ColorSpace /DeviceGray /BitsPerComponent 1"
    return _one_image_page(image.size, f"{entries} /Filter /JBIG2Decode", jbig2_mmr(image))


def _ink(image: Image.Image) -> float:
    grey = image.convert("L")
    return grey.point(lambda v: 1 if v < 128 else 0).histogram()[1] / (grey.width * grey.height)


@pytest.mark.parametrize("mask", [False, True], ids=["grey-image", "image-mask"])
def test_with_ocr_a_jbig2_page_is_drawn_as_a_viewer_shows_it_and_read(mask):
    # Words down the whole page: a stream that decodes wrongly past its first rows cannot pass for this page.
    source = _bilevel("承诺书\n" + "\n".join(["本人承诺所提交的申报材料真实有效，如有虚假愿承担责任。"] * 28) + "\n申报人签字：")
    ocr = RecordingOcr()
    (page,) = pdf.read_pdf(_jbig2_pdf(source, mask), ImageAnalyzer("x", ocr=ocr)).pages
    assert page.ocr_text == "承诺书" and page.blank is False
    assert page.seal is None  # black and white: a red seal cannot be told either way, a person looks
    (seen,) = ocr.images
    # As a JPEG's draft would give it: a 150-dpi page whole, black ink on white paper, the same pixels.
    assert seen.size == source.size and seen.mode in ("L", "RGB")
    assert 0.002 < _ink(seen) < 0.2
    assert abs(_ink(seen) - _ink(source)) < 0.002
    # pdfium draws the page at one scale for both sides (the image's sides are not quite the page's shape), so
    # glyph edges move a pixel here and there: compared in 4 × 4 blocks, a pixel's move is a quarter of a block's
    # grey at most, where a misdecoded stream turns whole blocks from paper to ink.
    blocks = ImageChops.difference(seen.convert("L").reduce(4), source.convert("L").reduce(4))
    assert blocks.point(lambda v: 1 if v > 96 else 0).histogram()[1] < 0.002 * blocks.width * blocks.height
    bottom = (0, source.height * 3 // 4, source.width, source.height)  # rows far past any first strip
    assert abs(_ink(seen.crop(bottom)) - _ink(source.crop(bottom))) < 0.003


def test_a_300_dpi_jbig2_page_is_drawn_at_the_resolution_ocr_reads():
    source = _bilevel("公需科目培训合格证书\n2016年度", size=(2480, 3508))
    ocr = RecordingOcr()
    pdf.read_pdf(_jbig2_pdf(source), ImageAnalyzer("x", ocr=ocr))
    assert ocr.images[0].size == (1240, 1754)  # halved, as a JPEG's draft halves a 300-dpi page


def test_a_blank_jbig2_page_is_seen_blank_and_not_read():
    ocr = RecordingOcr()
    (page,) = pdf.read_pdf(_jbig2_pdf(_bilevel("")), ImageAnalyzer("x", ocr=ocr)).pages
    assert page.blank is True and ocr.images == [] and page.ocr_text is None


def test_without_ocr_a_jbig2_page_is_not_drawn(monkeypatch):
    drawn = []
    monkeypatch.setattr(pdf, "drawn_page", lambda *a: drawn.append(a))
    facts = pdf.read_pdf(_jbig2_pdf(_bilevel("承诺书")), ImageAnalyzer("x"))
    assert facts.page_count == 1 and drawn == []
    assert facts.pages[0].blank is not True  # never called blank when its pixels were not seen


def test_without_pdfium_a_jbig2_page_is_left_unread_not_an_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import fails, as in a base install
    ocr = RecordingOcr()
    facts = pdf.read_pdf(_jbig2_pdf(_bilevel("承诺书")), ImageAnalyzer("x", ocr=ocr))
    assert facts.problem is None and facts.page_count == 1
    assert ocr.images == [] and facts.pages[0].ocr_text is None and facts.pages[0].blank is not True


def test_a_damaged_jbig2_stream_gives_a_page_not_a_crash():
    data = _jbig2_pdf(_bilevel("承诺书"))
    start = data.index(b"stream\n", data.index(b"/JBIG2Decode")) + 7
    damaged = data[:start + 60] + bytes(200) + data[start + 260:]  # the G4 code overwritten, same length
    ocr = RecordingOcr()
    facts = pdf.read_pdf(damaged, ImageAnalyzer("x", ocr=ocr))
    assert facts.page_count == 1
    if ocr.images:
        assert ocr.images[0].size == (1240, 1754)


def test_a_sealed_colour_scan_is_no_jbig2_page():
    # The JBIG2 path is taken by the image's filter alone: a colour JPEG page never goes to pdfium.
    page = scan_image("推荐意见", size=(1240, 1754))
    draw_seal(page, (900, 1400))
    from tests.test_scanned_pdf_filters import scanned_pdf

    ocr = RecordingOcr()
    (facts,) = pdf.read_pdf(scanned_pdf(page, "dct"), ImageAnalyzer("x", ocr=ocr)).pages
    assert facts.seal is True and len(ocr.images) == 1
