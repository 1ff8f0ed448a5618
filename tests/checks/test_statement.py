"""statement (ZC403): the wording 五（二） prescribes for the recommending unit's audit opinion must be in it."""

from __future__ import annotations

from zccheck.checks import statement
from zccheck.codes import severity_of

from tests.checks.builders import context, data, found, page, pdf, scan

ITEM = "unit-audit"  # items.yaml gives it text: 本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐
REQUIRED = "本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐"


def run(*files, **options):
    return list(statement.run(context("statement", ITEM, files, **options)))


def _example(label: str) -> str:
    line = next(x for x in statement.__doc__.splitlines() if x.startswith(label))
    return line.removeprefix(label).strip()


def test_the_docstring_passing_example_holds_the_wording():
    assert run(pdf("推荐单位审核意见\n" + _example("Passing:"))) == []


def test_the_docstring_failing_example_is_another_sentence():
    findings = run(pdf(_example("Failing:"), path="审核意见.pdf"))
    assert found(findings) == [("ZC403", ITEM, "审核意见.pdf", None)]
    assert data(findings[0])["similarity"] < 0.82
    assert severity_of(findings[0]) == "error"


def test_width_punctuation_and_line_breaks_do_not_matter():
    assert run(pdf("本单位已对提供的申报材料逐一审核,真实,完整,有效,\n同意推荐.")) == []


def test_a_few_ocr_errors_are_tolerated():
    assert run(scan(ocr_text="本单位己对提供的申报材料逐一审核，真实、完整、有效，同意推存")) == []


def test_the_sentence_without_its_middle_is_rejected():
    findings = run(pdf("本单位已对提供的申报材料逐一审核，同意推荐。"))
    assert found(findings) == [("ZC403", ITEM, "doc.pdf", None)]


def test_one_file_holding_it_is_enough():
    assert run(pdf("推荐单位审核意见", path="a.pdf"), pdf(REQUIRED, path="b.pdf")) == []


def test_the_closest_file_is_named_when_none_holds_it():
    findings = run(pdf("推荐单位审核意见", path="a.pdf"), pdf("本单位已对申报材料进行审核，同意推荐", path="b.pdf"))
    assert found(findings) == [("ZC403", ITEM, "b.pdf", None)]


def test_a_scan_without_text_needs_ocr():
    findings = run(pdf(page("", images=1), path="审核意见.pdf"))
    assert found(findings) == [("ZC408", ITEM, "审核意见.pdf", None)]
    assert severity_of(findings[0]) == "warning"


def test_a_scan_ocr_read_nothing_of_is_for_a_person_not_for_installing_ocr():
    """With --ocr on, a scan whose pages gave no text (a faint page, a JBIG2 page OCR cannot decode) needs a
    person or a better scan: ZC408's advice to install OCR and pass --ocr would be wrong."""
    findings = run(pdf(page("", images=1), path="审核意见.pdf"), ocr=True)
    assert found(findings) == [("ZC407", ITEM, "审核意见.pdf", None)]
    assert data(findings[0], "problem") == {"problem": "statement-scan-unread"}
    assert severity_of(findings[0]) == "warning"
    assert run(scan(ocr_text=REQUIRED), ocr=True) == []


def test_the_threshold_is_a_parameter():
    assert run(pdf("本单位已对提供的申报材料逐一审核，同意推荐。"), params={"threshold": 0.5}) == []


def test_no_file_no_finding():
    assert run() == []  # a missing item is presence's to report
