"""Year coverage (ZC201–ZC204, ZC102): one certificate or form per required year — 公需 2014–2020,
考核登记表 2018–2020 with both sides — and none for a year outside the range."""

from __future__ import annotations

from zccheck.checks.year_coverage import check_years

from tests.checks.builders import broken, classified, data, found, pdf, the_pack

PUBLIC = "training-public"  # 2014–2020
ASSESSMENT = "annual-assessment"  # 2018–2020, 正、反面


def years(item_id, files):
    pack = the_pack()
    return check_years(pack, pack.item(item_id), list(files))


def certificate(year: int | None, path: str | None = None):
    return classified(pdf(f"{year}年度公需科目培训合格证书", path=path or f"公需{year}.pdf"), PUBLIC,
                      years=[year] if year else [])


def form(year: int, path: str, pages: int = 1):
    return classified(pdf(*[f"{year}年度考核登记表"] * pages, path=path), ASSESSMENT, years=[year])


def test_every_required_year():
    assert years(PUBLIC, [certificate(y) for y in range(2014, 2021)]) == (None, [])


def test_one_file_for_several_years():
    assert years(PUBLIC, [classified(pdf("公需科目 2014–2020"), PUBLIC, years=range(2014, 2021))]) == (None, [])


def test_a_missing_year():
    status, findings = years(PUBLIC, [certificate(y) for y in range(2014, 2021) if y != 2016])
    assert (status, found(findings)) == ("incomplete", [("ZC201", PUBLIC, None, None)])
    assert data(findings[0], "years") == {"years": [2016]}


def test_a_year_outside_the_range():
    status, findings = years(PUBLIC, [certificate(y) for y in range(2014, 2022)])
    assert (status, found(findings)) == ("incomplete", [("ZC202", PUBLIC, "公需2021.pdf", None)])
    assert data(findings[0], "years") == {"years": [2021]}


def test_an_undated_certificate_may_be_the_missing_year():
    files = [certificate(y) for y in range(2014, 2020)] + [certificate(None, "公需.pdf")]
    status, findings = years(PUBLIC, files)
    assert (status, found(findings)) == ("needs-review", [("ZC203", PUBLIC, "公需.pdf", None)])
    assert data(findings[0], "years") == {"years": [2020]}


def test_an_undated_certificate_next_to_every_year_is_fine():
    assert years(PUBLIC, [certificate(y) for y in range(2014, 2021)] + [certificate(None, "公需.pdf")]) == (None, [])


def test_no_usable_file_is_presences_to_report():
    assert years(PUBLIC, []) == (None, [])
    assert years(PUBLIC, [classified(broken("公需2016.pdf", "unreadable"), PUBLIC, years=[2016])]) == (None, [])


def test_assessment_forms_of_two_pages():
    assert years(ASSESSMENT, [form(y, f"{y}考核.pdf", pages=2) for y in (2018, 2019, 2020)]) == (None, [])


def test_assessment_fronts_and_backs_as_files():
    files = [form(y, f"{y}考核{side}.jpg") for y in (2018, 2019, 2020) for side in ("正面", "反面")]
    assert years(ASSESSMENT, files) == (None, [])


def test_a_front_without_its_back():
    files = [form(2018, "2018考核.pdf", 2), form(2019, "2019考核正面.jpg"), form(2020, "2020考核.pdf", 2)]
    status, findings = years(ASSESSMENT, files)
    assert (status, found(findings)) == ("incomplete", [("ZC102", ASSESSMENT, "2019考核正面.jpg", None)])
    assert data(findings[0], "years", "sides") == {"years": [2019], "sides": ["back"]}


def test_a_one_page_form_may_be_one_side():
    files = [form(2018, "2018考核.pdf", 2), form(2019, "2019考核.pdf"), form(2020, "2020考核.pdf", 2)]
    status, findings = years(ASSESSMENT, files)
    assert (status, found(findings)) == ("needs-review", [("ZC204", ASSESSMENT, "2019考核.pdf", None)])
    assert data(findings[0], "years") == {"years": [2019]}


def test_an_item_without_years():
    assert years("commitment", [classified(pdf("承诺书"), "commitment")]) == (None, [])
