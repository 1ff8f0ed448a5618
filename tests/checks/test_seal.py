"""seal (ZC406): the 公示 and the authority's recommendation carry the official seal (公章)."""

from __future__ import annotations


from zccheck.checks import seal
from zccheck.codes import severity_of

from tests.checks.builders import broken, context, found, page, pdf, scan, scanned_page

ITEM = "authority-recommendation"


def run(*files):
    return list(seal.run(context("seal", ITEM, files)))


def test_a_scan_showing_a_seal():
    assert run(scan(seal=True, path="推荐意见.jpg")) == []


def test_a_seal_on_any_page_of_a_scanned_pdf():
    assert run(pdf(scanned_page(seal=False), scanned_page(seal=True))) == []


def test_a_seal_on_any_file_of_the_item():
    assert run(pdf("推荐意见", path="a.pdf"), scan(seal=True, path="b.jpg")) == []


def test_a_scan_without_a_seal():
    findings = run(scan(seal=False, path="推荐意见.jpg"))
    assert found(findings) == [("ZC406", ITEM, "推荐意见.jpg", None)]
    assert severity_of(findings[0]) == "error"


def test_a_scanned_pdf_with_no_seal_on_any_page():
    findings = run(pdf(scanned_page(seal=False), scanned_page(seal=False), path="推荐意见.pdf"))
    assert found(findings) == [("ZC406", ITEM, "推荐意见.pdf", None)]
    assert severity_of(findings[0]) == "error"


def test_a_born_digital_pdf_cannot_carry_a_seal():
    findings = run(pdf("主管单位推荐意见\n同意推荐。", path="推荐意见.pdf"))
    assert found(findings) == [("ZC406", ITEM, "推荐意见.pdf", None)]
    assert severity_of(findings[0]) == "warning"  # ask for the stamped scan; the paper may well be stamped


def test_pages_nobody_looked_at_are_for_a_person():
    findings = run(pdf(scanned_page(), scanned_page(), path="推荐意见.pdf"))
    assert found(findings) == [("ZC407", ITEM, "推荐意见.pdf", None)]


def test_a_pdf_with_a_logo_but_unexamined_pages_is_for_a_person():
    findings = run(pdf(page("主管单位推荐意见", images=1), path="推荐意见.pdf"))
    assert found(findings) == [("ZC407", ITEM, "推荐意见.pdf", None)]


def test_no_usable_file_no_finding():
    assert run() == []
    assert run(broken("推荐意见.pdf", "unreadable")) == []


def test_an_image_nobody_looked_at_is_for_a_person():
    findings = run(scan(seal=None, path="推荐意见.jpg"))
    assert found(findings) == [("ZC407", ITEM, "推荐意见.jpg", None)]
