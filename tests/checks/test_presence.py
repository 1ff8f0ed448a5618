"""Presence (ZC101, ZC103, ZC003, ZC410, ZC111): an item that applies has a usable file; when that cannot
be known, the item is needs-review, never a guessed 'missing'."""

from __future__ import annotations

from zccheck.checks.presence import check_presence

from tests.checks.builders import applicant, broken, classified, data, found, pdf, the_pack


def presence(item_id, files=(), *, profile=None, slots=(), scans=(), undecided=()):
    pack = the_pack()
    return check_presence(pack, profile or applicant(), pack.item(item_id), list(files), list(slots), list(scans),
                          tuple(undecided))


def test_a_usable_file_leaves_the_item_to_the_other_checks():
    assert presence("commitment", [classified(pdf("承诺书"), "commitment")]) == (None, [])


def test_an_item_that_does_not_apply():
    assert presence("transfer-proof") == ("not-applicable", [])  # 机关调动: 否
    assert presence("title-proof", profile=applicant(现任职称="无")) == ("not-applicable", [])


def test_no_file():
    status, findings = presence("commitment")
    assert status == "missing"
    assert found(findings) == [("ZC101", "commitment", None, None)]


def test_only_an_unusable_file_is_no_file():
    status, findings = presence("commitment", [classified(broken("承诺书.pdf", "unreadable"), "commitment")])
    assert (status, found(findings)) == ("missing", [("ZC101", "commitment", None, None)])


def test_an_empty_slot_folder():
    status, findings = presence("commitment", slots=["01-承诺书"])
    assert (status, found(findings)) == ("missing", [("ZC103", "commitment", "01-承诺书", None)])


def test_a_condition_on_a_field_nobody_filled_in():
    status, findings = presence("transfer-proof", profile=applicant(机关调动=None))
    assert (status, found(findings)) == ("needs-review", [("ZC003", "transfer-proof", None, None)])
    assert data(findings[0], "fields") == {"fields": ["机关调动"]}


def test_unrecognised_scans_may_be_the_item():
    status, findings = presence("commitment", scans=["IMG_0031.jpg", "IMG_0032.jpg"])
    assert (status, found(findings)) == ("needs-review", [("ZC410", "commitment", "IMG_0031.jpg", None)])
    assert data(findings[0], "scans") == {"scans": ["IMG_0031.jpg", "IMG_0032.jpg"]}


def test_a_file_tied_between_this_item_and_another():
    tie = classified(pdf("x", path="材料.pdf"), None, source="tie", candidates=["commitment", "work-summary"])
    status, findings = presence("commitment", undecided=[tie])
    assert (status, found(findings)) == ("needs-review", [("ZC111", "commitment", "材料.pdf", None)])
    assert data(findings[0], "candidates") == {"candidates": ["commitment", "work-summary"]}


def test_a_tie_between_other_items_does_not_excuse_a_missing_one():
    tie = classified(pdf("x", path="材料.pdf"), None, source="tie", candidates=["photo", "work-summary"])
    status, findings = presence("commitment", undecided=[tie])
    assert (status, found(findings)) == ("missing", [("ZC101", "commitment", None, None)])
