"""The publicity period (公示期) in the wordings units really write (issue: ranges with punctuation and
line breaks, start + duration, labelled form and table fields, times of day, Chinese numerals and
full-width digits, a year only in the signature, template placeholders, other dates in the text,
no readable period).

Sentences marked "real" are quoted from published 公示 notices (the issuer in the comment); the
others follow the wordings of the issue.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import check_doc, findings, item_status
from tests.factories import PROFILE, build_applicant, make_pdf, texts
from zccheck.pack.loader import load_pack
from zccheck.content.period import (
    count_working_days,
    find_dates,
    find_durations,
    find_periods,
    find_publicity_period,
    nth_working_day,
)

D = dt.date
# The words that introduce a 公示's period, as the 2021 pack states them.
KEYWORDS = tuple(load_pack("xj-2021-zrkx-syjs").content["publicity-period"]["keywords"])
T = texts(PROFILE)
TEMPLATE_PERIOD = "公示时间从2021年9月10日起至2021年9月16日止"


def _period(text: str, default_year: int | None = 2021):
    found = find_publicity_period(text, default_year, KEYWORDS)
    assert found is not None, text
    return found


def _range(text: str, default_year: int | None = 2021) -> tuple[dt.date | None, dt.date | None, int | None]:
    found = _period(text, default_year)
    assert found.problem is None and found.days is None, found
    return found.start, found.end, count_working_days(found.start, found.end).days


def _duration(text: str, default_year: int | None = 2021) -> tuple[dt.date | None, int | None, str | None]:
    found = _period(text, default_year)
    assert found.problem is None and found.end is None, found
    return found.start, found.days, found.unit


# --- ranges --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("公示时间从2024年8月12日起，至8月16日止。", (D(2024, 8, 12), D(2024, 8, 16), 5)),
    ("公示时间从2024年8月12日起,至8月16日止。", (D(2024, 8, 12), D(2024, 8, 16), 5)),
    ("公示期为2021年9月10日—\n2021年9月16日。", (D(2021, 9, 10), D(2021, 9, 16), 5)),
    ("自2021年9月13日起至\n9月17日止", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    ("公示时间：2021年9月10日至16日", (D(2021, 9, 10), D(2021, 9, 16), 5)),
    ("公示时间：2021年9月13日\n至\n2021年9月17日", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    ("公示期为2021年9月10日至16日\n新疆生态与地理研究所\n2021年9月17日", (D(2021, 9, 10), D(2021, 9, 16), 5)),
    ("公示时间：2021年9月13日（星期一）至2021年9月17日（星期五）", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    ("公示时间：2021年9月13日（周一）—9月17日（周五）", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    # real: 浙江科技学院, 学风班推荐名单结果公示
    ("现予以公示，公示时间为2018年10月25日至2018年10月30日。", (D(2018, 10, 25), D(2018, 10, 30), 4)),
    # real: 中山大学 教务部, 推荐项目公示
    ("公示时间：2019年5月10日至2019年5月14日", (D(2019, 5, 10), D(2019, 5, 14), 3)),
    # real: 新闵学校, 班主任考核优秀人员公示
    ("特此公示！\n\n公示时间：2022.7.13-2022.7.17\n\n如有异议，请与校务委员联系反映情况！", (D(2022, 7, 13), D(2022, 7, 17), 3)),
    # real: 莆田市城厢区第三实验小学 中标公示 (spaces as the web page has them)
    ("中标公示期自 2025 年 01 月 08 日至 2025 年 01 月 10 日。", (D(2025, 1, 8), D(2025, 1, 10), 3)),
    # real: 中国电信阳光采购网 — the written range wins over "共5天"
    ("公示期自2024年2月24日至2024年2月28日，共5天。", (D(2024, 2, 24), D(2024, 2, 28), 3)),
    # real: 江苏省应急管理厅 — the written range wins over the stated "5个工作日"
    ("公示时间为5个工作日，从2019年11月19日至2019年11月26日。", (D(2019, 11, 19), D(2019, 11, 26), 6)),
    ("公示期自2025年12月28日起至1月3日止", (D(2025, 12, 28), D(2026, 1, 3), 3)),
    # justified or OCR text spaces characters out; a wrapped line splits a word
    ("公 示 时 间：2021 年 9 月 13 日 至 2021 年 9 月 17 日", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    ("公示时\n间：2021年9月13日至9月17日", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    # OCR's usual confusions: 日 read as 曰, a dash read as 一
    ("公示时间：2021年9月13曰至2021年9月17曰", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    ("公示时间：2021年9月13日一9月17日", (D(2021, 9, 13), D(2021, 9, 17), 5)),
])
def test_range_with_punctuation_and_line_breaks(text, expected):
    assert _range(text) == expected


@pytest.mark.parametrize("text", [
    "公示时间：2021年9月13日上午9时至9月17日17时30分",
    "公示时间：2021年9月13日上午9:00至2021年9月17日下午5:30",
    "公示时间：2021年9月13日 08:30 — 2021年9月17日 17:30",
    "公示时间：2021-09-13 08:30:00 至 2021-09-17 17:30:00",
    "公示时间：2021年9月13日8时至17日18时",
    "公示时间：二〇二一年九月十三日上午九时至九月十七日下午五时三十分",
    "公示时间：2021年9月13日上午9点至9月17日下午5点半",
])
def test_range_with_times_of_day(text):
    assert _range(text) == (D(2021, 9, 13), D(2021, 9, 17), 5)


@pytest.mark.parametrize("text", [
    "公示时间从二〇二一年九月十三日起至二〇二一年九月十七日止",
    "公示时间：二〇二一年九月十三日至九月十七日",
    "公示时间：二〇二一年九月十三日至十七日",
    "公示时间：二零二一年九月十三日至九月十七日",
    "公示时间：２０２１年９月１３日至２０２１年９月１７日",
    "公示时间：２０２１年９月１３日～９月１７日",
    "公示时间：２０２１．９．１３－２０２１．９．１７",
])
def test_range_in_chinese_numerals_and_full_width_digits(text):
    assert _range(text) == (D(2021, 9, 13), D(2021, 9, 17), 5)


@pytest.mark.parametrize("text", [
    "公示时间：9月10日至9月16日。\n\n新疆生态与地理研究所\n2021年9月17日",
    "公示时间：九月十日至十六日。\n二〇二一年九月十七日",
    "公示时间：9.10-9.16\n2021年9月17日",
    # a birth date's year is not lent to the publicity when the signature's year is there
    "出生年月：1985年6月15日\n公示时间：9月10日至9月16日\n\n2021年9月17日",
])
def test_year_only_in_the_documents_date(text):
    assert _range(text, default_year=None) == (D(2021, 9, 10), D(2021, 9, 16), 5)


# --- start + duration ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("现予公示，自2021年9月13日起，为期5个工作日。", (D(2021, 9, 13), 5, "working")),
    ("自2021年9月13日起，为期5个工作日", (D(2021, 9, 13), 5, "working")),
    ("公示期为5个工作日，自2021年9月13日起。", (D(2021, 9, 13), 5, "working")),
    ("2021年9月13日在单位公示栏进行了公示，为期七个工作日。", (D(2021, 9, 13), 7, "working")),
    ("公示时间：二〇二一年九月十三日起，为期五个工作日", (D(2021, 9, 13), 5, "working")),
    ("为期七个工作日", (None, 7, "working")),
    ("公示期为五个工作日。", (None, 5, "working")),
    ("公 示 期 为 五 个 工 作 日", (None, 5, "working")),
    # real: 惠水县, 特岗教师接转公示
    ("现进行公示，公示期自发布之日起七个工作日。", (None, 7, "working")),
    # real: university 国家助学金 review text
    ("经评审，并在校内公示5个工作日，无异议，现报请同意该同学获得国家助学金。", (None, 5, "working")),
    ("公示期5天", (None, 5, "calendar")),
    ("公示5天", (None, 5, "calendar")),
    ("公示期限：一周", (None, 7, "calendar")),
    ("自2021年9月10日起公示5天。", (D(2021, 9, 10), 5, "calendar")),
])
def test_start_and_duration(text, expected):
    assert _duration(text) == expected


def test_calendar_days_count_as_calendar_days():
    start, days, unit = _duration("自2021年9月10日起公示5天。")
    end = start + dt.timedelta(days=days - 1)  # end = start + n - 1
    assert (end, count_working_days(start, end).days) == (D(2021, 9, 14), 3)  # Fri, Sat, Sun, Mon, Tue


def test_working_day_duration_ends_by_the_calendar():
    assert nth_working_day(D(2021, 9, 13), 5) == D(2021, 9, 17)
    assert nth_working_day(D(2021, 9, 17), 5) == D(2021, 9, 24)  # Sat 18th worked, Mid-Autumn 20–21 off
    assert nth_working_day(D(2021, 9, 30), 5) == D(2021, 10, 12)  # National Day, Sat 9th worked
    assert nth_working_day(D(2021, 9, 11), 1) == D(2021, 9, 13)  # a start on a weekend counts from Monday
    assert nth_working_day(D(2026, 12, 30), 5) is None  # beyond the calendar: not guessed


@pytest.mark.parametrize(("text", "year", "expected"), [
    ("公示期为5个工作日（9月13日至9月17日）。", 2021, (D(2021, 9, 13), D(2021, 9, 17), 5)),
    ("公示期为5个工作日（9月13日至9月17日）。\n2021年9月18日", None, (D(2021, 9, 13), D(2021, 9, 17), 5)),
    # real: 四川省教育厅, 优秀毕业生名单公示 (published 2020)
    ("现对通过评审拟表彰的4769名2020届四川省普通高等学校优秀毕业生名单予以公示。公示期为5个工作日（3月9日—13日）。",
     2020, (D(2020, 3, 9), D(2020, 3, 13), 5)),
])
def test_duration_with_its_dates_in_brackets_reads_the_dates(text, year, expected):
    assert _range(text, default_year=year) == expected


def test_duration_with_dates_of_unknown_year_falls_back_to_the_duration():
    assert _duration("公示期为5个工作日（9月13日至9月17日）。", default_year=None) == (None, 5, "working")


@pytest.mark.parametrize("text", [
    "公示期不少于5个工作日",
    "（公示期不少于5个工作日）",
    "公示时间不得少于5个工作日",
    "请于公示期满后5个工作日内反馈",
])
def test_a_requirement_is_no_stated_duration(text):
    assert find_durations(text) == [] and find_publicity_period(text, 2021, KEYWORDS) is None


def test_another_things_duration_is_not_the_publicitys():
    assert find_publicity_period("参加专业科目培训，为期5天。", 2021, KEYWORDS) is None


# --- labelled fields -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("公示开始时间: 2024-08-29 08:30 | 公示结束时间: 2024-09-03 17:30", (D(2024, 8, 29), D(2024, 9, 3), 4)),
    ("公示起始日期：2021年9月13日  公示截止日期：2021年9月17日", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    ("开始时间 2021年9月13日 结束时间 2021年9月17日", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    ("公示开始时间：\n2021年9月13日\n公示结束时间：\n2021年9月17日", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    # OCR of a table: the header row's cells, then the row of values
    ("公示开始时间\n公示结束时间\n2021-09-13 08:30\n2021-09-17 17:30", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    ("公示日期：2021年9月13日\n截止日期：2021年9月17日", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    ("公示起止时间：2021年9月13日 2021年9月17日", (D(2021, 9, 13), D(2021, 9, 17), 5)),
    # real: 重庆长安汽车 招标公示 (the page's <br/> as line breaks)
    ("开标时间：2017-11-02 10:00\n公示开始时间：2017-11-06 09:39\n评标公示截止时间：2017-11-09 23:59\n中标候选人名单：",
     (D(2017, 11, 6), D(2017, 11, 9), 4)),
])
def test_labelled_start_and_end_fields(text, expected):
    assert _range(text) == expected


def test_an_end_label_of_something_else_is_not_the_publicitys():
    assert find_publicity_period("公示时间：2021年9月13日。申报截止时间：2021年10月10日", 2021, KEYWORDS) is None


# --- other dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "公需科目2014-2020年度培训合格证书",
    "出生年月：1985年6月15日",
    "任职时间：2016年9月1日至2021年8月31日。",
    "任现职以来（2016.09.01-2021.08.31）",
    "监督电话：0991-1234567",
    "新人社发〔2021〕12号",
    "身份证号650102198506151234",
])
def test_dates_that_are_not_the_publicity_period(text):
    assert find_publicity_period(text, 2021, KEYWORDS) is None


def test_the_range_near_the_publicity_keyword_wins():
    text = ("根据自治区职称评审的要求，现对张三同志申报自然科学研究系列副高级专业技术任职资格进行公示。\n"
            "任职时间：2016年9月1日至2021年8月31日\n"
            "材料申报时间：2021年9月6日-10月10日\n"
            "公示时间：2021年9月13日至9月17日，监督电话：0991-1234567\n"
            "2021年9月18日")
    assert _range(text) == (D(2021, 9, 13), D(2021, 9, 17), 5)


# --- placeholders --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "公示时间从××××年××月××日起至××××年××月××日止（公示期不少于5个工作日）。",
    "公示时间从××年××月××日起至××年××月××日止",
    "公示时间：____年__月__日至____年__月__日",
    "公示时间：2021年×月×日至2021年×月×日",
    "公示时间：20××年9月10日至20××年9月16日",
    "公示时间：○○○○年○月○日至○月○日",
    "公示时间：2021年00月00日至2021年00月00日",
    "公示开始时间：××××年××月××日 公示结束时间：××××年××月××日",
])
def test_template_placeholders_are_never_dates(text):
    assert find_periods(text) == [] and find_dates(text) == [] and find_publicity_period(text, 2021, KEYWORDS) is None


_YEARS = ["××××", "××", "20××", "____", "＿＿＿＿", "XXXX", "xxxx", "○○○○", "〇〇〇〇", "    ", "", "2021", "二〇二一", "２０２１"]
_BLANKS = ["××", "×", "__", "_", "＿＿", "XX", "x", "○○", "○", "〇", "  ", "", "00", "0", "✕✕"]
_REAL = [str(n) for n in range(1, 13)] + ["09", "九", "十二", "１２"]


@st.composite
def _placeholder_date(draw):
    """A date whose month or day (or both) is a template blank; the year and the other part may be real."""
    year = draw(st.sampled_from(_YEARS))
    blank = draw(st.sampled_from(_BLANKS))
    other = draw(st.sampled_from(_BLANKS + _REAL))
    month, day = (blank, other) if draw(st.booleans()) else (other, blank)
    return f"{year}年{month}月{day}日"


@settings(max_examples=400, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(
    lead=st.sampled_from(["", "公示时间从", "公示时间：", "公示期为", "自", "公示开始时间：", "日期："]),
    first=_placeholder_date(),
    connector=st.sampled_from(["起至", "至", "—", "-", "~", "到", "起，至", "起\n至", " 公示结束时间："]),
    second=_placeholder_date(),
    tail=st.sampled_from(["", "止", "止（公示期不少于5个工作日）。", "\n单位（盖章）", "\n年  月  日"]),
)
def test_no_template_placeholder_ever_yields_a_date(lead, first, connector, second, tail):
    text = f"{lead}{first}{connector}{second}{tail}"
    assert find_periods(text, 2021) == []
    assert find_dates(text, 2021) == []
    assert find_publicity_period(text, 2021, KEYWORDS) is None


# --- the check, end to end -----------------------------------------------------------------------

def _publicity_pdf(tmp_path, text: str):
    return build_applicant(tmp_path / "a", replace={"unit-publicity": lambda f: make_pdf(f.with_suffix(".pdf"), text)})


def _with_period(written: str) -> str:
    assert TEMPLATE_PERIOD in T["unit-publicity"]
    return T["unit-publicity"].replace(TEMPLATE_PERIOD, written)


def _publicity_errors(doc) -> list[dict]:
    return [f for f in findings(doc, item="unit-publicity") if f["severity"] == "error"]


def test_check_duration_in_working_days_that_is_enough_passes(tmp_path):
    doc = check_doc(_publicity_pdf(tmp_path, _with_period("现予公示，自2021年9月13日起，为期5个工作日")))
    assert not _publicity_errors(doc) and item_status(doc, "unit-publicity") == "ok"
    (note,) = [f for f in findings(doc, code="ZC407", item="unit-publicity")]
    assert note["severity"] == "warning" and "2021-09-17" in note["message"]  # the end, by the calendar


def test_check_duration_in_working_days_too_short(tmp_path):
    doc = check_doc(_publicity_pdf(tmp_path, _with_period("现予公示，自2021年9月13日起，为期3个工作日")))
    (short,) = findings(doc, code="ZC404", item="unit-publicity")
    assert short["data"]["working_days"] == 3 and short["data"]["minimum"] == 5
    assert short["data"]["start"] == "2021-09-13" and short["data"]["end"] == "2021-09-15"
    assert item_status(doc, "unit-publicity") == "incomplete"


def test_check_calendar_days_counted_with_the_holidays(tmp_path):
    doc = check_doc(_publicity_pdf(tmp_path, _with_period("自2021年9月10日起公示5天")))
    (short,) = findings(doc, code="ZC404", item="unit-publicity")
    assert short["data"] == {"start": "2021-09-10", "end": "2021-09-14", "working_days": 3, "minimum": 5}


def test_check_labelled_table_fields(tmp_path):
    text = _with_period("公示情况如下表").replace(
        "公示结果：", "公示开始时间\n公示结束时间\n2021-09-17 08:30\n2021-09-23 17:30\n公示结果：")
    doc = check_doc(_publicity_pdf(tmp_path, text))
    (short,) = findings(doc, code="ZC404", item="unit-publicity")  # Mid-Autumn: 4 working days
    assert short["data"] == {"start": "2021-09-17", "end": "2021-09-23", "working_days": 4, "minimum": 5}


def test_check_labelled_fields_that_are_enough_pass(tmp_path):
    doc = check_doc(_publicity_pdf(tmp_path, _with_period("公示起始日期：2021年9月13日  公示截止日期：2021年9月17日")))
    assert not _publicity_errors(doc) and not findings(doc, code="ZC407", item="unit-publicity")


def test_check_dated_publicity_without_a_readable_period_needs_review(tmp_path):
    doc = check_doc(_publicity_pdf(tmp_path, _with_period("公示时间：详见单位公告栏")))
    assert not findings(doc, code="ZC409") and not _publicity_errors(doc)
    (review,) = findings(doc, code="ZC407", item="unit-publicity")
    assert review["severity"] == "warning" and review["data"]["problem"] == "period-unreadable"
    assert item_status(doc, "unit-publicity") == "ok"
    assert doc["applicants"][0]["status"] == "pass"


def test_check_publicity_without_any_date_is_an_error(tmp_path):
    text = _with_period("公示时间：详见单位公告栏").replace("2021年9月17日", "（盖章）")
    doc = check_doc(_publicity_pdf(tmp_path, text))
    (missing,) = findings(doc, code="ZC409", item="unit-publicity")
    assert missing["severity"] == "error"
    assert not findings(doc, code="ZC407", item="unit-publicity")


def test_check_a_period_in_any_file_of_the_item_suffices(tmp_path):
    def two_files(f):
        make_pdf(f.with_suffix(".pdf"), _with_period("公示时间：详见单位公告栏"))
        make_pdf(f.parent / "公示结果.pdf", "公示结果\n公示时间：2021年9月13日至9月17日，公示期内无异议。\n2021年9月18日")

    doc = check_doc(build_applicant(tmp_path / "a", replace={"unit-publicity": two_files}))
    assert not findings(doc, item="unit-publicity", code="ZC409")
    assert not findings(doc, item="unit-publicity", code="ZC407")
    assert not _publicity_errors(doc)
