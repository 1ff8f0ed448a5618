"""File health (ZC301–ZC308, ZC104–ZC107, ZC111): every file the reviewers cannot open or will not accept
gets its own finding, and so does every file that is in the wrong place, twice, or nobody's."""

from __future__ import annotations

import pytest

from zccheck.checks.file_health import check_classification, check_duplicates, check_file
from zccheck.codes import severity_of

from tests.checks.builders import broken, classified, data, found, pdf, scan, the_pack

TIMEOUT = 10.0


def health(facts, item="commitment", **kw):
    return check_file(the_pack(), classified(facts, item, **kw), TIMEOUT)


def test_a_file_that_opens():
    assert health(pdf("承诺书")) == []
    assert health(scan(path="照片.jpg"), "photo") == []


@pytest.mark.parametrize("problem, code", [
    ("unreadable", "ZC301"), ("encrypted", "ZC302"), ("empty", "ZC303"), ("too-large", "ZC305"),
    ("timeout", "ZC307"), ("inaccessible", "ZC308"),
])
def test_a_file_that_cannot_be_used(problem, code):
    findings = health(broken(f"承诺书-{problem}.pdf", problem, detail="why"))
    assert found(findings) == [(code, "commitment", f"承诺书-{problem}.pdf", None)]
    assert severity_of(findings[0]) == "error"


def test_the_size_of_a_file_too_large():
    findings = health(broken("成果.pdf", "too-large", size=25 * 1024 * 1024), "achievements")
    assert data(findings[0], "bytes") == {"bytes": 25 * 1024 * 1024}


def test_a_word_file_is_unsupported():
    findings = health(broken("承诺书.docx", "unsupported", kind="docx"), None, slot_item="commitment")
    assert found(findings) == [("ZC304", "commitment", "承诺书.docx", None)]  # the slot's item
    assert data(findings[0], "format") == {"format": "docx"}  # the report words the pack's advice for it


def test_an_unknown_format_is_unsupported():
    findings = health(broken("材料.xyz", "unsupported", kind="unknown"), None)
    assert found(findings) == [("ZC304", None, "材料.xyz", None)]
    assert data(findings[0], "format") == {"format": "unknown"}


def test_the_same_bytes_twice():
    first = classified(pdf("同一份承诺书", path="01-承诺书/承诺书.pdf"), "commitment")
    again = classified(pdf("同一份承诺书", path="承诺书(1).pdf"), "commitment")
    other = classified(pdf("个人业务工作总结", path="总结.pdf"), "work-summary")
    findings = check_duplicates([first, again, other])
    assert found(findings) == [("ZC106", "commitment", "承诺书(1).pdf", None)]
    assert data(findings[0], "same_as") == {"same_as": "01-承诺书/承诺书.pdf"}
    assert severity_of(findings[0]) == "warning"


def test_files_without_a_digest_are_not_duplicates():
    assert check_duplicates([classified(broken("a.pdf", "too-large"), None),
                             classified(broken("b.pdf", "too-large"), None)]) == []


def classification(cf):
    return check_classification(the_pack(), cf)


def test_a_recognised_file():
    assert classification(classified(pdf("承诺书"), "commitment")) == []


def test_a_file_in_another_items_slot():
    cf = classified(pdf("承诺书", path="02-照片/承诺书.pdf"), "commitment", source="misfiled", slot_item="photo",
                    candidates=["commitment"])
    findings = classification(cf)
    assert found(findings) == [("ZC104", "photo", "02-照片/承诺书.pdf", None)]
    assert data(findings[0], "found_item") == {"found_item": "commitment"}


def test_a_file_nobody_recognises():
    findings = classification(classified(pdf("会议纪要", path="纪要.pdf"), None, candidates=["achievements"]))
    assert found(findings) == [("ZC105", None, "纪要.pdf", None)]
    assert data(findings[0], "candidates") == {"candidates": ["achievements"]}
    assert severity_of(findings[0]) == "warning"


def test_a_file_two_items_tie_for():
    findings = classification(classified(pdf("x", path="材料.pdf"), None, source="tie",
                                         candidates=["commitment", "work-summary"]))
    assert found(findings) == [("ZC111", None, "材料.pdf", None)]
    assert data(findings[0], "candidates") == {"candidates": ["commitment", "work-summary"]}


def test_os_junk_is_listed_as_info():
    findings = classification(classified(broken("Thumbs.db", "unsupported", kind="unknown"), None, ignored=True))
    assert found(findings) == [("ZC107", None, "Thumbs.db", None)]
    assert severity_of(findings[0]) == "info"


def test_an_unusable_unrecognised_file_has_only_its_file_finding():
    assert classification(classified(broken("材料.pdf", "unreadable"), None)) == []
