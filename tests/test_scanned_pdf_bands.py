"""Scanned PDFs whose pages are drawn as horizontal JPEG bands (some scanner drivers and print-to-PDF
tools write 4, 8 or 16 a page): the page is looked at, and read, as the bands stacked — not as one band.

Before, the look took the page's largest image: one band. A 公示 whose seal sat in another band was
reported unsealed, a letter whose top band was white was reported blank, and OCR read a quarter of it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import random

import pytest

pytest.importorskip("reportlab")

from PIL import Image, ImageDraw  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from tests import photo_folders as pf  # noqa: E402
from zccheck.scan.ocr import OcrCache, OcrResult, ocr_available  # noqa: E402
from zccheck.scan.ocr_runner import OcrRunner  # noqa: E402
from zccheck.scan.scanner import ScanSettings, scan_bytes  # noqa: E402

SETTINGS = ScanSettings(max_file_bytes=64 * 2**20, accepted_kinds=("pdf",))


def _jpeg(image: Image.Image) -> ImageReader:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=85)
    buf.seek(0)
    return ImageReader(buf)


def banded_pdf(pages: list[Image.Image], bands: int, bottom_first: bool = False, wrap: str = "a85") -> bytes:
    """Each page as `bands` horizontal JPEG strips filling an A4 page (the last one takes the remainder),
    drawn top first or bottom first; `wrap`: reportlab's ASCII85 or no wrapper (plain DCTDecode)."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    page_w, page_h = A4
    for image in pages:
        band = image.height // bands
        order = range(bands - 1, -1, -1) if bottom_first else range(bands)
        for k in order:
            part = image.crop((0, k * band, image.width, image.height if k == bands - 1 else (k + 1) * band))
            h = page_h * part.height / image.height
            c.drawImage(_jpeg(part), 0, page_h - page_h * (k * band + part.height) / image.height, page_w, h)
        c.showPage()
    c.save()
    data = buffer.getvalue()
    if wrap == "none":  # the JPEGs stored as they are, /DCTDecode alone
        from pypdf import PdfReader, PdfWriter
        from pypdf.generic import NameObject

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        for page in writer.pages:
            for obj in page["/Resources"]["/XObject"].values():
                image = obj.get_object()
                body = image._data.strip().removeprefix(b"<~").split(b"~>")[0]
                image._data = base64.a85decode(body, ignorechars=b" \t\n\r")
                image[NameObject("/Filter")] = NameObject("/DCTDecode")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data


def _publicity_photo(seed: int, stamped: bool = True) -> Image.Image:
    rng = random.Random(f"bands:{seed}")
    ctx = pf.Ctx(rng, pf.make_person(rng, {}), pf.make_dates(rng))
    stamp = pf.stamp
    if not stamped:
        pf.stamp = lambda *args, **kwargs: None
    try:
        sheet = pf.doc_unit_publicity(ctx)[0].sheets[0]
    finally:
        pf.stamp = stamp
    shot = pf.capture(sheet.im, "scanner", random.Random(f"bands-shot:{seed}"))
    return shot.image.convert("RGB")


@pytest.mark.parametrize("bands", [4, 5, 16])
@pytest.mark.parametrize("bottom_first", [False, True])
def test_a_sealed_page_drawn_in_bands_shows_its_seal(bands, bottom_first):
    photos = [_publicity_photo(seed) for seed in range(2)]
    whole = scan_bytes("one.pdf", banded_pdf(photos, 1), SETTINGS)
    banded = scan_bytes("bands.pdf", banded_pdf(photos, bands, bottom_first), SETTINGS)
    assert [p.seal for p in whole.pages] == [True, True]
    assert [p.seal for p in banded.pages] == [True, True]
    # The page's size, not a band's (each band's reduced decode rounds its height up: a pixel a band).
    for one, stacked in zip(whole.pages, banded.pages):
        assert stacked.width_px == one.width_px and 0 <= stacked.height_px - one.height_px <= bands
    assert not any(p.blank for p in banded.pages)


def test_the_same_page_without_its_stamp_shows_no_seal():
    photos = [_publicity_photo(seed, stamped=False) for seed in range(2)]
    banded = scan_bytes("bands.pdf", banded_pdf(photos, 4), SETTINGS)
    assert [p.seal for p in banded.pages] == [False, False]


def test_plain_dct_bands_are_stacked_too():
    banded = scan_bytes("bands.pdf", banded_pdf([_publicity_photo(0)], 8, wrap="none"), SETTINGS)
    assert banded.pages[0].seal is True


def _note(top: int) -> Image.Image:
    """A page whose only ink is three lines from `top` px down: the rest is paper."""
    page = Image.new("RGB", (1240, 1752))  # four equal bands: none is the largest
    draw = ImageDraw.Draw(page)
    for y in range(page.height):  # paper a scanner's lamp left a little uneven: no two bands alike
        shade = 250 - y * 6 // page.height
        draw.line([(0, y), (page.width, y)], fill=(shade, shade, shade - 3))
    for k in range(3):
        draw.text((200, top + 60 * k), "以下空白 2021年9月22日 签字 " * 2, fill=(20, 20, 20), font=pf.font(40))
    return page


def test_a_page_inked_in_one_band_only_is_not_blank():
    """Whichever band a look at one band would take, one of these pages has its ink elsewhere."""
    pages = [_note(120), _note(1450), Image.new("RGB", (1240, 1752), "white")]
    banded = scan_bytes("bands.pdf", banded_pdf(pages, 4), SETTINGS)
    assert [p.blank for p in banded.pages] == [False, False, True]


def test_pictures_side_by_side_are_not_bands():
    """Two photos next to each other (an ID card's two sides on one page) are two pictures: the look
    keeps to the largest, as for any page of several images."""
    from pypdf import PdfReader

    from zccheck.scan import pdf

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    left, right = _publicity_photo(0), _publicity_photo(1, stamped=False)
    c.drawImage(_jpeg(left), 0, 200, 290, 400)
    c.drawImage(_jpeg(right), 300, 200, 290, 400)
    c.showPage()
    c.save()
    page = PdfReader(io.BytesIO(buffer.getvalue())).pages[0]
    content = page.get_contents().get_data()
    assert pdf.page_bands(page, content, pdf._xobjects(page)) is None
    stacked = PdfReader(io.BytesIO(banded_pdf([left], 4))).pages[0]
    assert len(pdf.page_bands(stacked, stacked.get_contents().get_data(), pdf._xobjects(stacked)) or []) == 4


@pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed")
def test_ocr_reads_the_whole_banded_page(tmp_path):
    """…and never gets the text an older zccheck cached for the page when it read its largest band."""
    photo = _publicity_photo(0)
    settings = ScanSettings(max_file_bytes=64 * 2**20, accepted_kinds=("pdf",), ocr=True)
    cache = OcrCache(tmp_path)
    runner = OcrRunner(cache, True)
    data = banded_pdf([photo], 4)
    one_band = OcrResult(text="一条带的文字", lines=("一条带的文字",), mean_score=0.9, seconds=0.1)
    cache.put(OcrCache.make_key(hashlib.sha256(data).hexdigest(), 1), one_band)
    whole = scan_bytes("one.pdf", banded_pdf([photo], 1), settings, runner).pages[0].ocr_text or ""
    banded = scan_bytes("bands.pdf", data, settings, runner).pages[0].ocr_text or ""
    assert "公示" in whole and len(whole) > 200
    # The same page at the same scale: the same words, give or take a character where two JPEGs' edges meet.
    import difflib

    assert difflib.SequenceMatcher(None, whole, banded).ratio() > 0.95
    assert whole.splitlines()[-1] in banded  # the date at the page's foot, in its last band


def test_blank_look_only_stops_at_a_top_band_that_shows_ink():
    """A file whose item needs only the blank look (scan.plan): a page whose top band shows ink is not
    blank and its other bands are not decoded (no seal look: seal None); a page inked lower down, or
    not at all, is looked at whole. Either way the page's size is the page's, not a band's."""
    pages = [_note(120), _note(1450), Image.new("RGB", (1240, 1752), "white")]
    data = banded_pdf(pages, 4)
    quick = scan_bytes("bands.pdf", data, SETTINGS, blank_only=True).pages
    whole = scan_bytes("bands.pdf", data, SETTINGS).pages
    assert [p.blank for p in quick] == [False, False, True]
    assert [p.seal for p in quick] == [None, False, False]
    assert [(p.width_px, p.height_px) for p in quick] == [(p.width_px, p.height_px) for p in whole]
