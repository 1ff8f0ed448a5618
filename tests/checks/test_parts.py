"""Parts (ZC102, ZC205, ZC003): an item of several parts has all of them, or any one where the notice
says 或 (现任职称资格证明 for a title obtained in 新疆)."""

from __future__ import annotations

from zccheck.checks.parts import check_parts

from tests.checks.builders import applicant, broken, classified, data, found, pdf, scan, the_pack

TITLE_DOCUMENTS = ("qualification-document", "title-certificate", "review-form")


def parts(item_id, files, profile=None):
    pack = the_pack()
    return check_parts(pack, profile or applicant(), pack.item(item_id), list(files))


def part(item_id, *part_ids, path="x.jpg", **kw):
    return classified(scan(path=path, **kw), item_id, parts=part_ids)


def test_both_sides_of_the_id_card():
    assert parts("id-card", [part("id-card", "front", path="正面.jpg"), part("id-card", "back", path="反面.jpg")]) == (None, [])


def test_one_unmarked_id_card_copy_shows_both_sides():
    assert parts("id-card", [part("id-card", path="身份证.jpg")]) == (None, [])


def test_one_side_of_the_id_card():
    status, findings = parts("id-card", [part("id-card", "front", path="正面.jpg")])
    assert (status, found(findings)) == ("incomplete", [("ZC102", "id-card", None, None)])
    assert data(findings[0], "parts") == {"parts": ["back"]}


def test_a_diploma_without_the_degree_certificate():
    status, findings = parts("education", [part("education", "diploma", path="毕业证.jpg")])
    assert (status, found(findings)) == ("incomplete", [("ZC102", "education", None, None)])
    assert data(findings[0], "parts") == {"parts": ["degree"]}


def test_no_degree_no_degree_certificate():
    assert parts("education", [part("education", "diploma")], applicant(学位="无")) == (None, [])


def test_a_file_whose_part_nobody_can_tell():
    files = [part("education", "diploma", path="毕业证.jpg"), part("education", path="IMG_0031.jpg")]
    status, findings = parts("education", files)
    assert (status, found(findings)) == ("needs-review", [("ZC205", "education", "IMG_0031.jpg", None)])
    assert data(findings[0], "parts") == {"parts": ["degree"]}


def test_one_title_document_is_enough_for_a_title_from_xinjiang():
    assert parts("title-proof", [classified(pdf("证书"), "title-proof", parts=["title-certificate"])]) == (None, [])


def test_all_three_title_documents_for_a_title_from_another_province():
    files = [classified(pdf("证书"), "title-proof", parts=["title-certificate"])]
    status, findings = parts("title-proof", files, applicant(现任职称取得地="外省"))
    assert (status, found(findings)) == ("incomplete", [("ZC102", "title-proof", None, None)])
    assert data(findings[0], "parts") == {"parts": ["qualification-document", "review-form"]}


def test_one_title_document_when_the_region_is_not_filled_in():
    files = [classified(pdf("证书"), "title-proof", parts=["title-certificate"])]
    status, findings = parts("title-proof", files, applicant(现任职称取得地=None))
    assert (status, found(findings)) == ("needs-review", [("ZC003", "title-proof", None, None)])
    assert data(findings[0], "parts") == {"parts": ["qualification-document", "review-form"]}


def test_all_three_title_documents_whatever_the_region():
    files = [classified(pdf(p, path=f"{p}.pdf"), "title-proof", parts=[p]) for p in TITLE_DOCUMENTS]
    assert parts("title-proof", files, applicant(现任职称取得地=None)) == (None, [])


def test_no_usable_file_is_presences_to_report():
    assert parts("id-card", []) == (None, [])
    assert parts("id-card", [classified(broken("正面.jpg", "unreadable", kind="jpeg"), "id-card", parts=["front"])]) == (None, [])


def test_an_item_of_one_part():
    assert parts("commitment", [classified(pdf("承诺书"), "commitment")]) == (None, [])
