"""blank-page (ZC402): a page with nothing on it — no text and nothing drawn, or a (nearly) uniform scan."""

from __future__ import annotations

from zccheck.checks import blank_page
from zccheck.codes import severity_of

from tests.checks.builders import broken, context, found, page, pdf, scan, scanned_page

ITEM = "work-summary"


def run(*files):
    return list(blank_page.run(context("blank-page", ITEM, files)))


def test_pages_with_text():
    assert run(pdf("个人业务工作总结", "第二页")) == []


def test_a_scan_that_is_not_uniform():
    assert run(scan(blank=False), pdf(scanned_page(blank=False))) == []


def test_a_page_with_drawing_but_no_text_is_not_blank():
    assert run(pdf("总结", page(""))) == []  # a chart or a table's lines


def test_an_empty_pdf_page():
    findings = run(pdf("个人业务工作总结", page("", drawn=False), path="总结.pdf"))
    assert found(findings) == [("ZC402", ITEM, "总结.pdf", 2)]
    assert severity_of(findings[0]) == "error"


def test_a_uniform_scanned_page():
    findings = run(pdf(scanned_page(blank=False), scanned_page(blank=True), scanned_page(blank=True), path="总结.pdf"))
    assert found(findings) == [("ZC402", ITEM, "总结.pdf", 2), ("ZC402", ITEM, "总结.pdf", 3)]


def test_a_uniform_image_is_its_page_one():
    assert found(run(scan(blank=True, path="总结.jpg"))) == [("ZC402", ITEM, "总结.jpg", 1)]


def test_not_analysed_is_not_blank():
    assert run(scan(blank=None), pdf(scanned_page(blank=None))) == []


def test_an_unread_page_is_not_judged():
    assert run(pdf("总结", page(None, drawn=False))) == []


def test_an_unusable_file_is_not_judged():
    assert run(broken("总结.pdf", "unreadable")) == []
