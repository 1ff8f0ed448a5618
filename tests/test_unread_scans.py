"""Unrecognised scans without OCR (ZC410) may hold missing items — but a blank one holds none, and each
page at most one: when more items are missing than those scans have pages, the folder fails (ZC411)
instead of passing on warnings. Real folders built with tests.factories, checked by the CLI."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.conftest import check_doc, findings, item_status
from tests.factories import build_applicant, make_image_pdf, make_scan, scan_image

MISSING = ("commitment", "photo", "id-card")


@pytest.fixture
def three_missing(tmp_path):
    return build_applicant(tmp_path / "a", skip=MISSING)


def test_a_blank_unnamed_scan_hides_nothing(three_missing):
    Image.new("RGB", (1240, 1754), (255, 255, 255)).save(three_missing / "IMG_0001.jpg", quality=90)
    doc = check_doc(three_missing)
    assert doc["applicants"][0]["status"] == "fail"
    assert {f["item"] for f in findings(doc, code="ZC101")} == set(MISSING)
    assert not findings(doc, code="ZC410")


def test_one_unread_page_can_hide_one_item_not_three(three_missing):
    make_scan(three_missing / "IMG_0002.jpg", "一页扫描件")
    doc = check_doc(three_missing)
    assert {f["item"] for f in findings(doc, code="ZC410")} == set(MISSING)  # each may be the one
    (short,) = findings(doc, code="ZC411")
    assert short["severity"] == "error" and short["data"]["missing_at_least"] == 2
    assert short["file"] == "IMG_0002.jpg" and doc["applicants"][0]["status"] == "fail"
    assert "至少 2 项确实缺少" in short["message"]
    en = check_doc(three_missing, lang="en")
    assert "at least 2 are really missing" in findings(en, code="ZC411")[0]["message"]


def test_enough_unread_pages_leave_it_to_review(three_missing):
    make_image_pdf(three_missing / "扫描全能王 2021-09-08.pdf", [scan_image("第一页"), scan_image("第二页"), scan_image("第三页")])
    doc = check_doc(three_missing)
    assert not findings(doc, code="ZC411")
    assert all(item_status(doc, item) == "needs-review" for item in MISSING)
    assert doc["applicants"][0]["status"] == "pass"  # warnings only: a person or OCR decides
