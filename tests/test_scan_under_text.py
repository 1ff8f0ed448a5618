"""A scanned page under a text layer (Adobe Scan, ocrmypdf, copiers' "searchable PDF") is read by its words,
but its seal is only in the scan: for a file that may be a sealed item it is looked at for one. A typed page
with a logo or a pasted seal picture is not a scan and is not looked at."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from tests.factories import draw_seal, scan_image
from zccheck.scan import pdf
from zccheck.scan.image import ImageAnalyzer

NOTICE = ("推荐单位公示\n根据自治区职称评审的要求，现对张三同志申报自然科学研究系列副高级专业技术任职资格进行公示。\n"
          "公示时间从2021年9月10日起至2021年9月16日止。\n公示结果：公示期内无异议。\n新疆生态与地理研究所\n2021年9月17日")


def _notice_scan(sealed: bool) -> Image.Image:
    page = scan_image(NOTICE, size=(1240, 1754))
    if sealed:
        draw_seal(page, (900, 1450), radius=150)
    return page


def searchable_pdf(image: Image.Image, text: str, *, image_box: tuple[float, float, float, float] | None = None,
                   rotate: int = 0, visible: bool | None = None, in_form: bool = False) -> bytes:
    """A page drawing `image` (over the whole A4 page, or in `image_box`: x, y, w, h in points) and `text`
    over it, in invisible ink as OCR tools write a searchable scan (render mode 3) — visible when `visible`
    (by default: when the image is boxed, a typed page) — on the page or, `in_form`, in a form the page
    draws (as ocrmypdf grafts its text layer)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    size = (A4[1], A4[0]) if rotate % 180 else A4
    c = canvas.Canvas(out, pagesize=size)
    jpeg = io.BytesIO()
    image.convert("RGB").save(jpeg, "JPEG", quality=85)
    jpeg.seek(0)
    x, y, w, h = image_box or (0, 0, *A4)
    if rotate % 180:  # the scan drawn turned on a landscape page that /Rotate shows upright
        c.translate(size[0], 0)
        c.rotate(90)
    c.drawImage(ImageReader(jpeg), x, y, w, h)
    visible = bool(image_box) if visible is None else visible
    if in_form:
        c.beginForm("ocr")
    t = c.beginText(40, A4[1] - 60)
    t.setTextRenderMode(0 if visible else 3)  # a typed page's words are seen; a scan's OCR layer is not
    t.setFont("STSong-Light", 11)
    for line in text.splitlines():
        t.textLine(line)
    c.drawText(t)
    if in_form:
        c.endForm()
        c.doForm("ocr")
    if rotate:
        c.setPageRotation(rotate)
    c.showPage()
    c.save()
    return out.getvalue()


class RecordingOcr:
    def __init__(self) -> None:
        self.pages: list[int] = []

    def read(self, image, content, page, rule=None):
        self.pages.append(page)
        return SimpleNamespace(text="", complete=True, lines=[])


@pytest.mark.parametrize("in_form", [False, True], ids=["on-the-page", "in-a-form"])
@pytest.mark.parametrize("sealed", [True, False])
def test_the_seal_of_a_searchable_scan_is_looked_for_in_its_scan(sealed, in_form):
    (page,) = pdf.read_pdf(searchable_pdf(_notice_scan(sealed), NOTICE, in_form=in_form), ImageAnalyzer("x")).pages
    assert "推荐单位公示" in page.text
    assert page.seal is sealed and page.text_over_scan
    assert page.blank is not True


def test_a_generated_certificate_on_a_page_sized_picture_shows_its_words_and_is_no_scan():
    # Training platforms print a certificate's words over a full-page background picture (its seal in it):
    # the words are the document's own, not an OCR's, and the picture is not looked at for a stamp.
    (page,) = pdf.read_pdf(searchable_pdf(_notice_scan(True), NOTICE, visible=True), ImageAnalyzer("x")).pages
    assert not page.text_over_scan and page.seal is None


def test_a_searchable_scan_on_a_page_turned_by_rotate_is_a_scan_too():
    (page,) = pdf.read_pdf(searchable_pdf(_notice_scan(True), NOTICE, rotate=90), ImageAnalyzer("x")).pages
    assert page.seal is True


def test_a_searchable_scan_is_not_read_again_by_ocr():
    ocr = RecordingOcr()
    (page,) = pdf.read_pdf(searchable_pdf(_notice_scan(True), NOTICE), ImageAnalyzer("x", ocr=ocr)).pages
    assert page.seal is True and ocr.pages == [] and page.ocr_text is None


@pytest.mark.parametrize("what", ["logo", "pasted-seal"])
def test_a_typed_page_with_a_picture_is_no_scan_and_its_picture_is_not_taken_for_a_stamp(what):
    # A letterhead logo, or a seal picture pasted into a Word file: neither has the page's shape and size.
    if what == "logo":
        picture, box = scan_image("新疆生态与地理研究所", size=(600, 120)), (40.0, 760.0, 200.0, 40.0)
    else:
        picture = Image.new("RGB", (300, 300), "white")
        draw_seal(picture, (150, 150), radius=140)
        box = (380.0, 120.0, 120.0, 120.0)
    (page,) = pdf.read_pdf(searchable_pdf(picture, NOTICE, image_box=box), ImageAnalyzer("x")).pages
    assert page.seal is None


def test_a_file_that_cannot_be_a_sealed_item_is_not_decoded(monkeypatch):
    looked = []
    monkeypatch.setattr(pdf, "_look_at_scan", lambda *a, **k: looked.append(1) or a[2])
    (page,) = pdf.read_pdf(searchable_pdf(_notice_scan(True), NOTICE), ImageAnalyzer("x", seal_look=False)).pages
    assert looked == [] and page.seal is None


def _check_with_publicity(tmp_path: Path, publicity: bytes) -> tuple[int, list[tuple[str, str, str]]]:
    """`zccheck check` of the bundled complete example with its 公示 replaced by the PDF `publicity`: the exit
    code and the findings (code, item, severity)."""
    import json

    from conftest import run_cli

    folder = tmp_path / "张三"
    if not folder.exists():
        shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "张三-完整", folder)
    target = folder / "13-单位公示证明及公示结果"
    for old in target.iterdir():
        old.unlink()
    (target / "公示.pdf").write_bytes(publicity)
    r = run_cli("check", str(folder), "--no-cache", "--format", "json")
    findings = json.loads(r.stdout)["applicants"][0]["findings"]
    return r.returncode, [(f["code"], f["item"], f["severity"]) for f in findings]


def test_a_folder_with_searchable_scans_passes_and_one_without_its_seal_fails(tmp_path):
    code, findings = _check_with_publicity(tmp_path, searchable_pdf(_notice_scan(True), NOTICE))
    assert code == 0 and not [f for f in findings if f[1] == "unit-publicity"], findings
    code, findings = _check_with_publicity(tmp_path, searchable_pdf(_notice_scan(False), NOTICE))
    assert ("ZC406", "unit-publicity", "error") in findings and code == 1


@pytest.mark.parametrize("made", ["searchable-scan", "typed", "background-picture"])
def test_a_misread_name_in_a_searchable_scans_words_is_for_a_person_to_look_at(tmp_path, made):
    # The text layer of a searchable scan is some OCR's reading: a wrong name in it may be a misread character,
    # as in our own OCR's — a warning; in a typed document it is the document's — an error.
    misread = NOTICE.replace("张三", "张王")
    if made == "typed":
        logo = scan_image("新疆生态与地理研究所", size=(600, 120))
        data = searchable_pdf(logo, misread, image_box=(40.0, 760.0, 200.0, 40.0))
    elif made == "background-picture":
        data = searchable_pdf(_notice_scan(True), misread, visible=True)
    else:
        data = searchable_pdf(_notice_scan(True), misread)
    _, findings = _check_with_publicity(tmp_path, data)
    expected = ("ZC502", "unit-publicity", "warning" if made == "searchable-scan" else "error")
    assert expected in findings, findings
