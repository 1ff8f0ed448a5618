"""signature (ZC407): the 承诺书 the applicant signs must be a scan of the signed paper."""

from __future__ import annotations

from zccheck.checks import signature
from zccheck.codes import severity_of

from tests.checks.builders import broken, context, found, page, pdf, scan, scanned_page

ITEM = "commitment"


def run(*files):
    return list(signature.run(context("signature", ITEM, files)))


def test_a_scanned_image_of_the_signed_paper():
    assert run(scan(path="承诺书.jpg")) == []


def test_a_pdf_of_scanned_pages():
    assert run(pdf(scanned_page(), path="承诺书.pdf")) == []


def test_a_pdf_with_text_and_an_image_may_show_a_signature():
    assert run(pdf(page("承诺书\n承诺人：", images=1), path="承诺书.pdf")) == []


def test_a_born_digital_text_only_pdf_shows_no_signature():
    findings = run(pdf("承诺书\n本人郑重承诺……\n承诺人：张三", path="承诺书.pdf"))
    assert found(findings) == [("ZC407", ITEM, "承诺书.pdf", None)]
    assert severity_of(findings[0]) == "warning"


def test_each_text_only_pdf_is_named():
    findings = run(pdf("承诺书", path="a.pdf"), scan(path="b.jpg"), pdf("承诺书（续）", path="c.pdf"))
    assert found(findings) == [("ZC407", ITEM, "a.pdf", None), ("ZC407", ITEM, "c.pdf", None)]


def test_an_unusable_file_is_file_healths_to_report():
    assert run(broken("承诺书.pdf", "unreadable")) == []
