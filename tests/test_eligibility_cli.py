"""The eligibility outcome through the command line and inside `zccheck check`."""

from __future__ import annotations

from tests.conftest import check_doc, findings, run_cli
from tests.factories import build_applicant

BASE = ["--series", "自然科学研究", "--title", "副研究员", "--current-title", "助理研究员", "--education", "硕士研究生",
        "--degree", "硕士", "--graduated", "2011-07"]


def test_exactly_five_years_is_eligible():
    r = run_cli("eligibility", *BASE, "--since", "2016-12")
    assert r.returncode == 0 and "5 年 0 个月" in r.stdout and "符合申报条件" in r.stdout


def test_one_month_short_is_ineligible_with_the_arithmetic():
    r = run_cli("eligibility", *BASE, "--since", "2017-01")
    assert r.returncode == 1
    assert "4 年 11 个月" in r.stdout and "2021-12-31" in r.stdout and "尚差1个月" in r.stdout


def test_english_output():
    r = run_cli("eligibility", *BASE, "--since", "2017-01", "--lang", "en")
    assert "4 years 11 months" in r.stdout and "NOT ELIGIBLE" in r.stdout


def test_check_reports_ineligibility_as_an_error_with_data(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", {"现任职称取得时间": "2017-01"}))
    f = findings(doc, category="ineligible")
    assert len(f) == 1 and f[0]["severity"] == "error"
    assert f[0]["data"]["required_years"] == 5 and f[0]["data"]["actual_years"] == 4 and f[0]["data"]["actual_months"] == 11
    assert f[0]["data"]["counted_until"] == "2021-12-31" and "副研究员" in f[0]["data"]["route"]
    assert doc["applicants"][0]["eligibility"]["status"] == "ineligible"


def test_title_not_in_the_declared_series_is_a_profile_error(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", {"系列": "实验技术", "申报职称": "高级实验师", "现任职称": "助理研究员"}))
    f = findings(doc, category="profile-error")
    assert f and any("实验师" in x["message"] for x in f)


def test_committee_routes_need_review(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", {"访惠聚": "是"}))
    f = findings(doc, code="ZC602")
    assert len(f) == 1 and "新人社函〔2017〕175号" in f[0]["message"] and f[0]["severity"] == "warning"


def test_missing_since_needs_review_naming_the_field(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", {"现任职称取得时间": ""}))
    f = findings(doc, code="ZC602")
    assert f and "现任职称取得时间" in f[0]["message"]


def test_json_output_for_scripts():
    import json

    r = run_cli("eligibility", *BASE, "--since", "2017-01", "--format", "json")
    doc = json.loads(r.stdout)
    assert r.returncode == 1 and doc["status"] == "ineligible"
    assert (doc["required_years"], doc["actual_years"], doc["actual_months"]) == (5, 4, 11)
    assert doc["counted_until"] == "2021-12-31" and doc["counted_from"] == "2017-01"


def test_high_skill_flag_needs_review_naming_the_document():
    r = run_cli("eligibility", *BASE, "--since", "2016-12", "--high-skill")
    assert r.returncode == 0 and "新人社发〔2021〕26号" in r.stdout and "需人工核查" in r.stdout
