"""placeholder (ZC401): unfilled template marks left in a document (附件1、附件2 are templates full of ××)."""

from __future__ import annotations

from zccheck.checks import placeholder
from zccheck.codes import severity_of

from tests.checks.builders import context, data, found, page, pdf, scan

ITEM = "unit-publicity"


def run(*files, **options):
    return list(placeholder.run(context("placeholder", ITEM, files, **options)))


def _example(label: str) -> str:
    line = next(x for x in placeholder.__doc__.splitlines() if x.startswith(label))
    return line.removeprefix(label).strip()


def test_the_docstring_passing_example_has_no_placeholder():
    assert run(pdf(_example("Passing:"))) == []


def test_the_docstring_failing_example_reports_each_mark_once():
    findings = run(pdf(_example("Failing:")))
    assert found(findings) == [("ZC401", ITEM, "doc.pdf", 1)] * 3
    assert [data(f, "kind", "match") for f in findings] == [
        {"kind": "cross", "match": "××"},
        {"kind": "cross", "match": "××"},
        {"kind": "choice", "match": "×（高、中、初）"},
    ]
    assert {severity_of(f) for f in findings} == {"error"}


def test_a_crossed_out_date_is_one_mark_not_three():
    findings = run(pdf("公示结果\n新疆某研究所\n××××年××月××日"))
    assert [data(f, "kind", "match") for f in findings] == [{"kind": "date", "match": "××××年××月××日"}]


def test_the_page_of_the_mark_is_named():
    findings = run(pdf("公示结果：无异议。", "签字：____"))
    assert found(findings) == [("ZC401", ITEM, "doc.pdf", 2)]
    assert data(findings[0], "kind") == {"kind": "blank_field"}


def test_multiplication_and_a_real_date_are_not_marks():
    assert run(pdf("纸张 210mm×297mm，3×4 张；2021年9月16日")) == []


def test_marks_are_read_from_ocr_text_of_a_scan():
    findings = run(scan(ocr_text="同意推荐某某同志", path="公示.jpg"))
    assert found(findings) == [("ZC401", ITEM, "公示.jpg", 1)]
    assert data(findings[0], "kind", "match") == {"kind": "someone", "match": "某某"}


def test_an_unread_scan_says_nothing():
    assert run(pdf(page("", images=1)), scan(path="公示.jpg")) == []


def test_at_most_max_per_file_marks_per_file():
    text = "××同志 ××单位 ××系列 ××级"
    assert len(run(pdf(text, text))) == 3  # content.yaml leaves the code's default, 3
    assert len(run(pdf(text), params={"max_per_file": 1})) == 1
    assert len(run(pdf(text, path="a.pdf"), pdf(text, path="b.pdf"), params={"max_per_file": 1})) == 2


def test_patterns_come_from_the_parameters():
    findings = run(pdf("现对××同志（待填）"), params={"patterns": ["(?P<todo>（待填）)"]})
    assert [data(f, "kind", "match") for f in findings] == [{"kind": "todo", "match": "（待填）"}]
