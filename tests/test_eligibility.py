"""Eligibility (申报资格) against the real rules pack: every route, both sides of every boundary."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from zccheck.checks.eligibility import EligibilityQuery, evaluate
from zccheck.content.year_month import YearMonth
from zccheck.pack.eligibility import load_rules, series_names, titles_of
from zccheck.pack.schema import PackError
from zccheck.report.messages import eligibility_reason

PACK = Path(__file__).resolve().parent.parent / "rules" / "xj-2021-zrkx-syjs" / "eligibility.yaml"


def zh(outcome) -> str:
    """An outcome's reason as the report words it in Chinese (it carries phrase keys and data)."""
    return eligibility_reason(outcome.reason, load_rules(yaml.safe_load(PACK.read_text(encoding="utf-8"))), "zh")


def en(outcome) -> str:
    return eligibility_reason(outcome.reason, load_rules(yaml.safe_load(PACK.read_text(encoding="utf-8"))), "en")


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(PACK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rules(raw):
    return load_rules(raw)


def q(series: str, title: str, *, current: str | None = None, since: str | None = None,
      education: str | None = None, degree: str | None = None, graduated: str | None = None,
      **flags) -> EligibilityQuery:
    return EligibilityQuery(
        series=series, title=title, current_title=current,
        current_title_since=YearMonth.parse(since) if since else None,
        education=education, degree=degree,
        graduated=YearMonth.parse(graduated) if graduated else None, notice_year=2021, **flags,
    )


def months_before_end(n_years: int, short_by: int = 0) -> str:
    """The month that gives exactly n_years (minus short_by months) up to 2021-12-31."""
    total = 2021 * 12 + 11 - n_years * 12 + short_by  # 0-based month index of 2021-12, moved back
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


# --- the pack itself -------------------------------------------------------------------------------


def test_pack_declares_both_series_and_all_eight_titles(rules):
    assert series_names(rules) == ["自然科学研究", "实验技术"]
    assert titles_of(rules, "自然科学研究") == ["研究实习员", "助理研究员", "副研究员", "研究员"]
    assert titles_of(rules, "实验技术") == ["助理实验师", "实验师", "高级实验师", "正高级实验师"]
    assert titles_of(rules, "社会科学研究") == []


def test_every_route_cites_a_document_and_unconfirmed_ones_explain(rules):
    doc_ids = {d.id for d in rules.documents}
    for s in rules.series:
        for t in s.titles:
            for r in t.routes:
                assert r.source in doc_ids
                if not r.confirmed:
                    assert r.note
    flags = {sr.flag: rules.document(sr.document).short for sr in rules.special_routes}
    assert flags["high_skill"] == "新人社发〔2021〕26号"
    assert flags["fhj"] == "新人社函〔2017〕175号"
    assert "exceptional" in flags


def test_counting_date_default_and_full_iso(raw):
    assert load_rules(raw).counted_until_date(2021) == dt.date(2021, 12, 31)
    data = copy.deepcopy(raw)
    data["counted_until"] = "2021-10-10"
    assert load_rules(data).counted_until_date(2021) == dt.date(2021, 10, 10)
    data["counted_until"] = dt.date(2021, 10, 10)  # what yaml.safe_load makes of an unquoted date
    assert load_rules(data).counted_until == "2021-10-10"


# --- arithmetic: exactly N years is met, one month short is not ---------------------------------------

# (series, title, current title, degree, education, years at the current title)
AT_TITLE_ROUTES = [
    ("自然科学研究", "助理研究员", "研究实习员", "硕士", "硕士研究生", 2),
    ("自然科学研究", "助理研究员", "研究实习员", "学士", "大学本科", 4),
    ("自然科学研究", "副研究员", "助理研究员", "博士", "博士研究生", 2),
    ("自然科学研究", "副研究员", "助理研究员", "硕士", "硕士研究生", 5),
    ("自然科学研究", "副研究员", "助理研究员", "学士", "大学本科", 5),
    ("自然科学研究", "研究员", "副研究员", "学士", "大学本科", 5),
    ("自然科学研究", "研究员", "副研究员", "博士", "博士研究生", 5),
    ("实验技术", "助理实验师", "实验员", "无", "大学专科", 2),
    ("实验技术", "实验师", "助理实验师", "硕士", "硕士研究生", 2),
    ("实验技术", "实验师", "助理实验师", "学士", "大学本科", 4),
    ("实验技术", "实验师", "助理实验师", "无", "大学专科", 4),
    ("实验技术", "高级实验师", "实验师", "博士", "博士研究生", 2),
    ("实验技术", "高级实验师", "实验师", "硕士", "硕士研究生", 5),
    ("实验技术", "高级实验师", "实验师", "学士", "大学本科", 5),
    ("实验技术", "正高级实验师", "高级实验师", "学士", "大学本科", 5),
]


@pytest.mark.parametrize("series,title,current,degree,education,years", AT_TITLE_ROUTES)
def test_years_at_title_boundary(rules, series, title, current, degree, education, years):
    exact = evaluate(rules, q(series, title, current=current, since=months_before_end(years),
                              degree=degree, education=education, graduated="1985-07"))
    assert exact.status == "eligible", zh(exact)
    assert (exact.required_years, exact.actual_years, exact.actual_months) == (years, years, 0)
    assert exact.counted_until == "2021-12-31"
    assert exact.counted_from == months_before_end(years)
    assert current in exact.route

    short = evaluate(rules, q(series, title, current=current, since=months_before_end(years, short_by=1),
                              degree=degree, education=education, graduated="1985-07"))
    assert short.status == "ineligible", zh(short)
    assert (short.required_years, short.actual_years, short.actual_months) == (years, years - 1, 11)
    assert f"{years - 1}年11个月" in zh(short) and "尚差1个月" in zh(short)
    assert f"{years - 1} years 11 months" in en(short) or f"{years - 1} year 11 months" in en(short)
    assert "1 month short" in en(short)
    assert short.documents


def test_issue_example_four_years_eleven_months_for_fuyanjiuyuan(rules):
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2017-01",
                          education="大学本科", degree="学士", graduated="2010-07"))
    assert o.status == "ineligible"
    assert o.route == "副研究员 ← 助理研究员（硕士/本科/学士）满5年"
    assert (o.required_years, o.actual_years, o.actual_months) == (5, 4, 11)
    assert o.counted_from == "2017-01" and o.counted_until == "2021-12-31"
    assert "自2017-01起算至2021-12-31为4年11个月" in zh(o)
    assert o.documents == ("人社部发〔2019〕40号",)


@pytest.mark.parametrize("series,title,degree,education", [
    ("自然科学研究", "研究实习员", "学士", "大学本科"),
    ("实验技术", "助理实验师", "学士", "大学本科"),
])
def test_one_year_since_graduation_boundary(rules, series, title, degree, education):
    ok = evaluate(rules, q(series, title, degree=degree, education=education, graduated="2020-12"))
    assert ok.status == "eligible" and (ok.actual_years, ok.actual_months) == (1, 0)
    short = evaluate(rules, q(series, title, degree=degree, education=education, graduated="2021-01"))
    assert short.status == "ineligible" and (short.actual_years, short.actual_months) == (0, 11)
    assert short.required_years == 1 and "1 month short" in en(short)


@pytest.mark.parametrize("series,title,degree,education", [
    ("自然科学研究", "研究实习员", "硕士", "硕士研究生"),
    ("自然科学研究", "助理研究员", "博士", "博士研究生"),
    ("实验技术", "助理实验师", "硕士", "硕士研究生"),
    ("实验技术", "实验师", "博士", "博士研究生"),
])
def test_first_determination_needs_no_years(rules, series, title, degree, education):
    o = evaluate(rules, q(series, title, degree=degree, education=education, graduated="2021-07"))
    assert o.status == "eligible", zh(o)
    assert "初定" in o.route
    assert o.required_years is None and o.actual_years is None
    assert "初定" in zh(o)


def test_zhenggao_college_route_needs_both_spans(rules):
    kw = dict(current="高级实验师", since="2016-12", education="大学专科", degree="无")
    ok = evaluate(rules, q("实验技术", "正高级实验师", graduated="1991-12", **kw))
    assert ok.status == "eligible", zh(ok)
    short = evaluate(rules, q("实验技术", "正高级实验师", graduated="1992-01", **kw))
    assert short.status == "ineligible"
    # The binding requirement is the 30 years since graduation, not the 5 at the title.
    assert (short.required_years, short.actual_years, short.actual_months) == (30, 29, 11)
    assert "尚差1个月" in zh(short) and "已满" in zh(short)
    assert short.documents == ("新疆实验技术系列评审条件（试行）",)


def test_counting_to_a_deadline(raw):
    data = copy.deepcopy(raw)
    data["counted_until"] = "2021-10-10"
    rules = load_rules(data)
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2016-11",
                          education="大学本科", degree="学士"))
    assert o.status == "ineligible" and (o.actual_years, o.actual_months) == (4, 11)
    assert o.counted_until == "2021-10-10"
    assert evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2016-10",
                             education="大学本科", degree="学士")).status == "eligible"


# --- education and degree ----------------------------------------------------------------------------


def test_doctoral_degree_counts_even_with_masters_education(rules):
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2019-12",
                          education="硕士研究生", degree="博士"))
    assert o.status == "eligible"
    assert o.route == "副研究员 ← 助理研究员（博士学位）满2年"


def test_most_favourable_route_is_taken(rules):
    # Three years as 助理研究员: the doctoral route (2) is met although the 5-year route is not.
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2018-12",
                          education="博士研究生", degree="博士"))
    assert o.status == "eligible" and o.required_years == 2 and o.actual_years == 3
    # Short on both: report the route closest to being met.
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2020-06",
                          education="博士研究生", degree="博士"))
    assert o.status == "ineligible" and o.required_years == 2 and (o.actual_years, o.actual_months) == (1, 6)


def test_aliases_are_accepted(rules):
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2016-12",
                          education="本科", degree="学士学位"))
    assert o.status == "eligible"
    o = evaluate(rules, q("实验技术", "助理实验师", current="实验员", since="2019-12", education="大专"))
    assert o.status == "eligible"
    assert rules.education("研究生").name == "硕士研究生"
    assert rules.education("专科").name == "大学专科"
    assert rules.degree("博士学位").name == "博士"


def test_no_route_for_the_education(rules):
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2010-12",
                          education="大学专科", degree="无"))
    assert o.status == "ineligible"
    assert o.route is None
    assert "副研究员 ← 助理研究员（硕士/本科/学士）满5年" in o.valid_values


def test_unknown_education_value_is_profile_error(rules):
    o = evaluate(rules, q("自然科学研究", "研究实习员", education="中专", degree="无", graduated="2019-07"))
    assert o.status == "profile-error"
    assert o.valid_values == ("博士研究生", "硕士研究生", "大学本科", "大学专科")


# --- profile errors ---------------------------------------------------------------------------------------


def test_title_of_the_other_series(rules):
    o = evaluate(rules, q("实验技术", "副研究员", current="实验师", since="2010-01", education="大学本科", degree="学士"))
    assert o.status == "profile-error"
    assert o.valid_values == ("助理实验师", "实验师", "高级实验师", "正高级实验师")
    assert "自然科学研究" in zh(o)


def test_unknown_series(rules):
    o = evaluate(rules, q("工程技术", "高级工程师"))
    assert o.status == "profile-error"
    assert o.valid_values == ("自然科学研究", "实验技术")


@pytest.mark.parametrize("series,title,current,needed", [
    ("自然科学研究", "副研究员", "研究实习员", "助理研究员"),
    ("自然科学研究", "研究员", "助理研究员", "副研究员"),
    ("实验技术", "高级实验师", "助理实验师", "实验师"),
    ("实验技术", "正高级实验师", "实验师", "高级实验师"),
])
def test_current_title_two_levels_below(rules, series, title, current, needed):
    o = evaluate(rules, q(series, title, current=current, since="2005-01", education="大学本科", degree="学士"))
    assert o.status == "profile-error", zh(o)
    assert o.valid_values == (needed,)
    assert needed in zh(o) and needed in en(o)


def test_current_title_same_as_target(rules):
    o = evaluate(rules, q("自然科学研究", "副研究员", current="副研究员", since="2015-01",
                          education="大学本科", degree="学士"))
    assert o.status == "profile-error" and o.valid_values == ("助理研究员",)


def test_first_determination_ignores_an_unrelated_current_title(rules):
    # A 博士 holding 实验员 may still be determined 实验师 directly; only the 初定 route is considered.
    o = evaluate(rules, q("实验技术", "实验师", current="实验员", since="2020-01", education="博士研究生", degree="博士"))
    assert o.status == "eligible" and "初定" in o.route
    # Without the doctorate it is a profile error: 实验师 needs 助理实验师 first.
    o = evaluate(rules, q("实验技术", "实验师", current="实验员", since="2015-01", education="硕士研究生", degree="硕士"))
    assert o.status == "profile-error" and o.valid_values == ("助理实验师",)


def test_date_after_counting_date(rules):
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2022-03",
                          education="大学本科", degree="学士"))
    assert o.status == "profile-error"
    assert "现任职称取得时间" in zh(o)


# --- needs review -------------------------------------------------------------------------------------------


def test_missing_title_date(rules):
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", education="大学本科", degree="学士"))
    assert o.status == "needs-review"
    assert o.missing_fields == ("现任职称取得时间",)


def test_missing_current_title(rules):
    o = evaluate(rules, q("自然科学研究", "研究员", education="大学本科", degree="学士"))
    assert o.status == "needs-review"
    assert "现任职称" in o.missing_fields


def test_missing_education_and_degree(rules):
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2016-12"))
    assert o.status == "needs-review"
    assert set(o.missing_fields) == {"学历", "学位"}


def test_missing_degree_matters_only_when_it_could_change_the_answer(rules):
    # Four years as 助理研究员 with a master's education: only a doctorate (2 years) would be enough.
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2017-12", education="硕士研究生"))
    assert o.status == "needs-review" and o.missing_fields == ("学位",)
    assert "4年0个月" in zh(o)  # the known arithmetic is still shown
    # Five years: the education alone decides it.
    o = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2016-12", education="硕士研究生"))
    assert o.status == "eligible"


def test_missing_series_and_title(rules):
    o = evaluate(rules, EligibilityQuery(None, None, None, None, None, None, None, 2021))
    assert o.status == "needs-review" and o.missing_fields == ("系列",)
    o = evaluate(rules, EligibilityQuery("实验技术", None, None, None, None, None, None, 2021))
    assert o.status == "needs-review" and o.missing_fields == ("申报职称",)


@pytest.mark.parametrize("flag,doc", [("high_skill", "新人社发〔2021〕26号"), ("fhj", "新人社函〔2017〕175号")])
def test_special_routes_need_review_and_still_report_the_ordinary_route(rules, flag, doc):
    met = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2016-12",
                            education="大学本科", degree="学士", **{flag: True}))
    assert met.status == "needs-review"
    assert doc in zh(met) and doc in en(met) and doc in met.documents
    assert "按普通条件已符合" in zh(met) and "ordinary route is met" in en(met)
    assert (met.actual_years, met.actual_months) == (5, 0)

    short = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2017-01",
                              education="大学本科", degree="学士", **{flag: True}))
    assert short.status == "needs-review"
    assert "按普通条件不符合" in zh(short) and "4年11个月" in zh(short)
    assert (short.actual_years, short.actual_months) == (4, 11)

    off = evaluate(rules, q("自然科学研究", "副研究员", current="助理研究员", since="2017-01",
                            education="大学本科", degree="学士", **{flag: False}))
    assert off.status == "ineligible"


def test_exceptional_names_the_series_conditions(rules):
    o = evaluate(rules, q("实验技术", "高级实验师", current="实验师", since="2019-01", education="大学本科",
                          degree="学士", exceptional=True))
    assert o.status == "needs-review"
    assert "新疆实验技术系列评审条件（试行）" in o.documents


def test_special_route_does_not_hide_a_profile_error(rules):
    o = evaluate(rules, q("实验技术", "副研究员", high_skill=True))
    assert o.status == "profile-error"


# --- YearMonth -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2016-12", "2016.12", "2016/12", "2016年12月", "2016-12-05", "2016年12月5日"])
def test_yearmonth_parse(text):
    assert YearMonth.parse(text) == YearMonth(2016, 12)


@pytest.mark.parametrize("text", ["2016", "12/2016", "2016-13", ""])
def test_yearmonth_parse_rejects(text):
    with pytest.raises(ValueError):
        YearMonth.parse(text)


# --- load_rules is strict ---------------------------------------------------------------------------------------


def _route(data: dict, series: str = "自然科学研究", title: str = "副研究员", i: int = 0) -> dict:
    return data["series"][series]["titles"][title]["routes"][i]


def test_rejects_unknown_key(raw):
    data = copy.deepcopy(raw)
    _route(data)["year_at_title"] = 2
    with pytest.raises(PackError) as e:
        load_rules(data)
    assert e.value.key == "series.自然科学研究.titles.副研究员.routes[0].year_at_title"
    assert "unknown key" in e.value.message


def test_rejects_wrong_type(raw):
    data = copy.deepcopy(raw)
    _route(data)["years_at_title"] = "two"
    with pytest.raises(PackError) as e:
        load_rules(data)
    assert (e.value.key, e.value.message) == ("series.自然科学研究.titles.副研究员.routes[0].years_at_title",
                                              "expected an integer, got string")


@pytest.mark.parametrize("mutate,path", [
    (lambda d: _route(d).__setitem__("years_at_title", True), "series.自然科学研究.titles.副研究员.routes[0].years_at_title"),
    (lambda d: _route(d).__setitem__("holds", "研究实习员"), "series.自然科学研究.titles.副研究员.routes[0].holds"),
    (lambda d: _route(d).__setitem__("degree", "博士后"), "series.自然科学研究.titles.副研究员.routes[0].degree"),
    (lambda d: _route(d).__setitem__("source", "nowhere"), "series.自然科学研究.titles.副研究员.routes[0].source"),
    (lambda d: _route(d).__setitem__("confirmed", "yes"), "series.自然科学研究.titles.副研究员.routes[0].confirmed"),
    (lambda d: _route(d).pop("source"), "series.自然科学研究.titles.副研究员.routes[0].source"),
    (lambda d: d.__setitem__("counted_until", "31-12"), "counted_until"),
    (lambda d: d.__setitem__("schema", "v2"), "schema"),
    (lambda d: d.__setitem__("extra", 1), "extra"),
    (lambda d: d["special_routes"][0].__setitem__("flag", "vip"), "special_routes[0].flag"),
    (lambda d: d["series"]["实验技术"]["titles"].__setitem__("研究员", {"level": "正高级", "routes": []}),
     "series.实验技术.titles.研究员.routes"),
    # not on the 实验技术 ladder, though its route is well formed
    (lambda d: d["series"]["实验技术"]["titles"].__setitem__(
        "研究员", {"level": "正高级", "routes": [{**_route(d), "id": "elsewhere"}]}), "series.实验技术.titles.研究员"),
    (lambda d: _route(d).__setitem__("id", _route(d, i=1)["id"]), "series.自然科学研究.titles.副研究员.routes[1].id"),
    (lambda d: d["degrees"]["硕士"].__setitem__("rank", d["degrees"]["博士"]["rank"]), "degrees.硕士.rank"),
])
def test_rejects_bad_data_with_its_path(raw, mutate, path):
    data = copy.deepcopy(raw)
    mutate(data)
    with pytest.raises(PackError) as e:
        load_rules(data)
    assert e.value.key == path


def test_a_bad_eligibility_file_is_a_rule_pack_error_with_file_and_line(tmp_path):
    """What the error's path is for: `rules validate` (and every command loading the pack) names the
    file, the line and the key, and exits 2 — never a crash, never a silent default."""
    pack = tmp_path / "pack"
    shutil.copytree(PACK.parent, pack)
    text = PACK.read_text(encoding="utf-8")
    (pack / "eligibility.yaml").write_text(text + "extra: 1\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "zccheck", "rules", "validate", str(pack)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert f"eligibility.yaml:{len(text.splitlines()) + 1}: extra: unknown key" in r.stderr
    assert "Traceback" not in r.stderr


def test_unconfirmed_route_must_have_a_note(raw):
    data = copy.deepcopy(raw)
    r = _route(data, "实验技术", "高级实验师")
    assert r["confirmed"] is False
    r.pop("note")
    with pytest.raises(PackError) as e:
        load_rules(data)
    assert e.value.key.endswith("routes[0].note")


def test_master_graduate_is_first_determined_as_research_intern(rules):
    """研究实习员 with a 硕士 degree: 初定, no years counted. The outcome goes into the report and, pickled,
    into batch's result cache and between worker processes: it must come back equal."""
    o = evaluate(rules, q("自然科学研究", "研究实习员", degree="硕士", education="硕士研究生"))
    assert (o.status, o.route, o.required_years, o.actual_years) == ("eligible", "研究实习员（硕士学位）初定", None, None)
    assert o.documents == ("人社部发〔2019〕40号",) and "无年限要求" in zh(o)
    assert pickle.loads(pickle.dumps(o)) == o


def test_no_title_spelled_out(rules):
    o = evaluate(rules, q("自然科学研究", "副研究员", current="无", education="大学本科", degree="学士"))
    assert o.status == "profile-error" and o.valid_values == ("助理研究员",)
    o = evaluate(rules, q("实验技术", "助理实验师", current="无", education="大学本科", degree="学士", graduated="2020-07"))
    assert o.status == "eligible"


def test_blank_current_title_for_a_graduate_route_is_not_asked_for(rules):
    # A 本科 graduate applying for 助理研究员 needs 研究实习员 first: the blank title is asked for.
    o = evaluate(rules, q("自然科学研究", "助理研究员", education="大学本科", degree="学士", graduated="2015-07"))
    assert o.status == "needs-review" and o.missing_fields == ("现任职称", "现任职称取得时间")
