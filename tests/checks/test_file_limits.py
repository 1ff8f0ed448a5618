"""file-limits (ZC304, ZC305, ZC102, ZC407, ZC306 info): what an upload system takes for one item — formats,
size per file, number of files, a suggested pixel size. The docstring's example is 咸阳 2022: JPG pictures
of at most 600 KB. The bundled pack sets no limits, so each test gives them as the check's parameters."""

from __future__ import annotations

from zccheck.checks import file_limits
from zccheck.codes import severity_of

from tests.checks.builders import broken, context, data, found, pdf, scan

ITEM = "annual-assessment"
XIANYANG = {"formats": ["jpeg"], "max_kb": 600}


def run(*files, item=ITEM, **params):
    return list(file_limits.run(context("file-limits", item, files, params=params)))


def test_a_jpg_within_the_size():
    assert run(scan(path="考核表2019.jpg", size=312 * 1024), **XIANYANG) == []


def test_a_pdf_where_only_jpg_is_taken():
    findings = run(pdf("2019年度考核登记表", path="考核表2019.pdf"), **XIANYANG)
    assert found(findings) == [("ZC304", ITEM, "考核表2019.pdf", None)]
    assert data(findings[0], "format", "accepted") == {"format": "pdf", "accepted": ["jpeg"]}
    assert severity_of(findings[0]) == "error"


def test_a_png_is_not_a_jpg():
    findings = run(scan(path="考核表2019.png"), **XIANYANG)
    assert data(findings[0], "format") == {"format": "png"}


def test_a_jpg_over_the_size():
    findings = run(scan(path="考核表2019.jpg", size=900 * 1024), **XIANYANG)
    assert found(findings) == [("ZC305", ITEM, "考核表2019.jpg", None)]
    assert data(findings[0], "bytes", "limit_bytes") == {"bytes": 900 * 1024, "limit_bytes": 600 * 1024}


def test_exactly_the_size_is_within_it():
    assert run(scan(path="考核表2019.jpg", size=600 * 1024), **XIANYANG) == []


def test_fewer_files_than_the_item_needs():
    findings = run(scan(path="考核表2019.jpg"), min_files=3)
    assert found(findings) == [("ZC102", ITEM, None, None)]
    assert data(findings[0], "files", "min_files") == {"files": 1, "min_files": 3}


def test_no_file_at_all_is_presences_to_report():
    assert run(min_files=3) == []


def test_more_files_than_the_slot_takes():
    findings = run(scan(path="a.jpg"), scan(path="b.jpg", seal=True), max_files=1)
    assert found(findings) == [("ZC407", ITEM, "b.jpg", None)]  # the first file beyond the limit
    assert data(findings[0], "files", "max_files") == {"files": 2, "max_files": 1}


def test_another_pixel_size_than_suggested_is_a_note():
    findings = run(scan(300, 400, path="照片.jpg"), item="photo", suggest_px=[295, 413])
    assert found(findings) == [("ZC306", "photo", "照片.jpg", None)]
    assert data(findings[0], "width", "height", "suggested") == {"width": 300, "height": 400, "suggested": [295, 413]}
    assert severity_of(findings[0]) == "info"


def test_the_suggested_pixel_size():
    assert run(scan(295, 413, path="照片.jpg"), item="photo", suggest_px=[295, 413]) == []


def test_no_limits_no_findings():
    assert run(pdf("x"), scan()) == []


def test_an_unusable_file_is_file_healths_to_report():
    assert run(broken("考核表.docx", "unsupported", kind="docx"), **XIANYANG) == []
