"""publicity-period: the unit's 公示 runs at least 5 working days (items.yaml: min_working_days 5), by the
holiday calendar, and ends inside the submission window (pack.yaml: until 2021-10-10)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from zccheck.checks import publicity_period
from zccheck.codes import severity_of

from tests.checks.builders import context, data, found, page, pdf, scan

ITEM = "unit-publicity"
FILE = "公示.pdf"


def run(*texts: str, **options):
    return list(publicity_period.run(context("publicity-period", ITEM, [pdf(t, path=FILE) for t in texts], **options)))


# --- the docstring's examples --------------------------------------------------------------------

def test_five_working_days_from_start_to_end():
    assert run("公示时间从2021年9月10日起至2021年9月16日止") == []


def test_five_working_days_from_a_start_is_judged_by_the_stated_days():
    # Passing in the docstring: no error; the end the text leaves out is computed and named for a person.
    findings = run("自2021年9月13日起，为期5个工作日")
    assert found(findings) == [("ZC407", ITEM, FILE, None)]
    assert severity_of(findings[0]) == "warning"
    assert data(findings[0], "problem", "start", "end", "days", "unit") == {
        "problem": "end-not-written", "start": "2021-09-13", "end": "2021-09-17", "days": 5, "unit": "working"}


def test_over_mid_autumn_2021_only_four_working_days():
    # 9-18 (Saturday) worked, 9-20 and 9-21 off.
    findings = run("公示时间：2021年9月17日至9月23日")
    assert found(findings) == [("ZC404", ITEM, FILE, None)]
    assert data(findings[0], "start", "end", "working_days", "minimum") == {
        "start": "2021-09-17", "end": "2021-09-23", "working_days": 4, "minimum": 5}
    assert severity_of(findings[0]) == "error"


def test_three_working_days_stated():
    findings = run("本次公示为期3个工作日")
    assert found(findings) == [("ZC404", ITEM, FILE, None)]
    assert data(findings[0], "working_days", "minimum", "stated") == {
        "working_days": 3, "minimum": 5, "stated": "为期3个工作日"}


def test_five_calendar_days_from_a_friday_are_three_working_days():
    findings = run("自2021年9月10日起公示5天")
    assert found(findings) == [("ZC404", ITEM, FILE, None)]
    assert data(findings[0], "start", "end", "working_days", "minimum") == {
        "start": "2021-09-10", "end": "2021-09-14", "working_days": 3, "minimum": 5}


# --- more failing cases ----------------------------------------------------------------------------

def test_fewer_calendar_days_than_the_minimum_without_a_start():
    findings = run("公示3天")
    assert found(findings) == [("ZC404", ITEM, FILE, None)]
    assert data(findings[0], "working_days", "minimum") == {"working_days": 3, "minimum": 5}


def test_enough_calendar_days_without_a_start_need_a_person():
    findings = run("公示7天")
    assert found(findings) == [("ZC407", ITEM, FILE, None)]
    assert data(findings[0], "problem", "days", "stated") == {
        "problem": "calendar-days-without-start", "days": 7, "stated": "公示7天"}


def test_a_publicity_ending_after_the_deadline():
    findings = run("公示时间从2021年10月8日起至2021年10月14日止")
    assert found(findings) == [("ZC405", ITEM, FILE, None)]
    assert data(findings[0], "problem", "start", "end") == {
        "problem": "after-deadline", "start": "2021-10-08", "end": "2021-10-14"}


def test_a_stated_duration_reaching_past_the_deadline():
    findings = run("自2021年10月8日起，为期5个工作日")
    assert found(findings) == [("ZC405", ITEM, FILE, None)]
    assert data(findings[0], "problem", "start", "end") == {
        "problem": "after-deadline", "start": "2021-10-08", "end": "2021-10-13"}


def test_a_date_that_does_not_exist():
    findings = run("公示时间从2021年9月31日起至2021年10月8日止")
    assert found(findings) == [("ZC405", ITEM, FILE, None)]
    assert data(findings[0], "problem") == {"problem": "impossible-date"}


def test_an_end_before_the_start():
    findings = run("公示时间从2021年9月20日起至2021年9月10日止")
    assert found(findings) == [("ZC405", ITEM, FILE, None)]
    assert data(findings[0], "problem") == {"problem": "end-before-start"}


def test_dates_without_a_period_are_for_a_person():
    findings = run("单位公示结果\n2021年9月20日")
    assert found(findings) == [("ZC407", ITEM, FILE, None)]
    assert data(findings[0], "problem", "minimum") == {"problem": "period-unreadable", "minimum": 5}


def test_no_date_at_all():
    findings = run("单位公示结果：公示期间无异议。")
    assert found(findings) == [("ZC409", ITEM, FILE, None)]
    assert severity_of(findings[0]) == "error"


# --- where the period is read from -------------------------------------------------------------------

def test_the_period_may_be_in_any_file_of_the_item():
    assert run("单位公示结果：公示期间无异议。", "公示时间从2021年9月10日起至2021年9月16日止") == []


def test_the_period_is_read_from_ocr_text():
    files = [scan(ocr_text="公示时间：2021年9月17日至9月23日", path="公示.jpg")]
    findings = list(publicity_period.run(context("publicity-period", ITEM, files)))
    assert found(findings) == [("ZC404", ITEM, "公示.jpg", None)]


def test_a_scan_without_text_needs_ocr():
    findings = list(publicity_period.run(context("publicity-period", ITEM, [pdf(page("", images=1), path=FILE)])))
    assert found(findings) == [("ZC408", ITEM, FILE, None)]


def test_a_scan_ocr_read_nothing_of_is_for_a_person_not_for_installing_ocr():
    ctx = context("publicity-period", ITEM, [pdf(page("", images=1), path=FILE)], ocr=True)
    findings = list(publicity_period.run(ctx))
    assert found(findings) == [("ZC407", ITEM, FILE, None)]
    assert data(findings[0], "problem") == {"problem": "period-scan-unread"}
    assert severity_of(findings[0]) == "warning"


def test_no_file_no_finding():
    assert list(publicity_period.run(context("publicity-period", ITEM, []))) == []


def test_a_year_the_holiday_calendar_does_not_know_is_for_a_person():
    ctx = context("publicity-period", ITEM, [pdf("公示时间从2031年9月10日起至2031年9月16日止", path=FILE)])
    ctx = replace(ctx, pack=replace(ctx.pack, window_end=dt.date(2031, 10, 10)))
    findings = list(publicity_period.run(ctx))
    assert found(findings) == [("ZC407", ITEM, FILE, None)]
    assert data(findings[0], "start", "end") == {"start": "2031-09-10", "end": "2031-09-16"}


def test_the_minimum_is_a_parameter():
    assert run("公示时间：2021年9月17日至9月23日", params={"min_working_days": 4}) == []
