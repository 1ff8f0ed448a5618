"""A scanned PDF whose page carries a text layer of whitespace alone: reportlab writes an empty text object
(BT … ET) on every page it draws, and so do many scan-to-PDF tools and drivers. That layer is no text: the
page's OCR text is what the checks read. Before, a file's text took the layer's newline and dropped the OCR
text, so the identity, statement and publicity checks of every such scan read nothing (found on the slot
drive of tuning seed 311: a 推荐单位审核意见 reported as having no readable text, with --ocr on)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from reportlab import rl_config  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from tests.factories import PROFILE, build_applicant, scan_image, texts  # noqa: E402
from zccheck.engine import check_applicant  # noqa: E402
from zccheck.models import CheckOptions, FileFacts, PageFacts  # noqa: E402
from zccheck.pack.loader import load_pack  # noqa: E402
from zccheck.scan.scanner import ScanSettings, scan_bytes  # noqa: E402


def reportlab_scan(text: str, ascii85: bool = True) -> bytes:
    """A page scanned and saved as reportlab saves an image: the JPEG drawn over the page, behind ASCII85
    unless told otherwise, and reportlab's empty text object."""
    image = scan_image(text)
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=85)
    jpeg.seek(0)
    before = rl_config.useA85
    rl_config.useA85 = int(ascii85)
    try:
        out = io.BytesIO()
        c = canvas.Canvas(out, pagesize=A4)
        c.drawImage(ImageReader(jpeg), 0, 0, *A4)
        c.showPage()
        c.save()
    finally:
        rl_config.useA85 = before
    return out.getvalue()


def test_a_whitespace_text_layer_gives_way_to_the_pages_ocr_text():
    scanned = PageFacts(number=1, text="\n", image_count=1, ocr_text="推荐单位审核意见")
    typed = PageFacts(number=2, text="第二页的文字", image_count=0, ocr_text=None)
    facts = FileFacts(path="审核意见.pdf", size=1, sha256="x", kind="pdf", pages=(scanned, typed))
    assert facts.text == "推荐单位审核意见\n第二页的文字"
    assert facts.is_scan is False and facts.has_text
    assert FileFacts(path="a.pdf", size=1, sha256="y", kind="pdf", pages=(scanned,)).is_scan


@pytest.mark.parametrize("ascii85", [True, False], ids=["ascii85", "dct"])
def test_reportlabs_scanned_page_has_a_whitespace_layer(ascii85):
    """What the fix is for: the producer does write such a layer (if it stops, this test says so)."""
    facts = scan_bytes("审核意见.pdf", reportlab_scan("推荐单位审核意见", ascii85),
                       ScanSettings(max_file_bytes=20 << 20, accepted_kinds=("pdf",)))
    assert facts.pages[0].text is not None and not facts.pages[0].text.strip()
    assert facts.is_scan


def test_check_reads_reportlab_scans_by_their_ocr_text(ocr_module, monkeypatch, tmp_path: Path):
    """The statement of a scanned 审核意见 is found, and a 考核登记表 naming someone else is flagged."""
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    t = texts(PROFILE)
    others = t["annual-assessment"].format(year=2019).replace(PROFILE["姓名"], "李四")

    def write(text: str):
        return lambda f: f.with_suffix(".pdf").write_bytes(reportlab_scan(text))

    folder = build_applicant(tmp_path / "张三", replace={"unit-audit": write(t["unit-audit"]),
                                                        "annual-assessment:2019": write(others)})
    result = check_applicant(folder, load_pack(None), CheckOptions(ocr=True), jobs=0)
    by_code = {(f.code, f.item) for f in result.findings}
    assert ("ZC408", "unit-audit") not in by_code and ("ZC403", "unit-audit") not in by_code, result.findings
    flagged = [f for f in result.findings if f.code == "ZC502"]
    assert [(f.item, Path(f.file or "").name) for f in flagged] == [("annual-assessment", "2019年度考核登记表.pdf")]
