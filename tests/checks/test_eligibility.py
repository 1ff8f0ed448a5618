"""Eligibility (ZC601–ZC603): may this applicant apply for this title at all? Seniority in whole years and
months from the month a title was obtained to 2021-12-31 (the convention in the module's docstring)."""

from __future__ import annotations


from zccheck.checks.eligibility import eligibility_findings
from zccheck.codes import severity_of

from tests.checks.builders import PROFILE_FILE, applicant, data, found, the_pack

ROUTE = "副研究员 ← 助理研究员（硕士/本科/学士）满5年"


def eligibility(**changes):
    return eligibility_findings(applicant(**changes), the_pack())


def test_five_and_a_half_years_as_assistant_researcher_with_a_masters():
    outcome, findings = eligibility()
    assert findings == []
    assert (outcome.status, outcome.route) == ("eligible", ROUTE)
    assert (outcome.actual_years, outcome.actual_months, outcome.counted_until) == (5, 6, "2021-12-31")


def test_obtained_in_december_2016_is_exactly_five_years():
    outcome, findings = eligibility(现任职称取得时间="2016-12")
    assert (findings, outcome.status, outcome.actual_years, outcome.actual_months) == ([], "eligible", 5, 0)


def test_obtained_in_january_2017_is_one_month_short():
    outcome, findings = eligibility(现任职称取得时间="2017-01")
    assert found(findings) == [("ZC601", None, PROFILE_FILE, None)]
    expected = {"status": "ineligible", "route": ROUTE, "required_years": 5, "actual_years": 4, "actual_months": 11,
                "counted_from": "2017-01", "counted_until": "2021-12-31"}
    assert data(findings[0], *expected) == expected
    assert severity_of(findings[0]) == "error"


def test_a_current_title_two_levels_below():
    outcome, findings = eligibility(现任职称="研究实习员")
    assert found(findings) == [("ZC603", None, PROFILE_FILE, None)]
    assert data(findings[0], "valid") == {"valid": ["助理研究员"]}


def test_applying_for_the_title_already_held():
    outcome, findings = eligibility(现任职称="副研究员")
    assert found(findings) == [("ZC603", None, PROFILE_FILE, None)]


def test_the_month_the_title_was_obtained_not_filled_in():
    outcome, findings = eligibility(现任职称取得时间=None)
    assert found(findings) == [("ZC602", None, PROFILE_FILE, None)]
    assert data(findings[0], "status", "fields") == {"status": "needs-review", "fields": ["现任职称取得时间"]}
    assert severity_of(findings[0]) == "warning"


def test_no_series_no_decision():
    outcome, findings = eligibility(系列=None)
    assert found(findings) == [("ZC602", None, PROFILE_FILE, None)]
    assert data(findings[0], "fields") == {"fields": ["系列"]}


def test_a_special_route_is_for_the_committee():
    outcome, findings = eligibility(访惠聚="是")
    assert found(findings) == [("ZC602", None, PROFILE_FILE, None)]
    assert data(findings[0], "status", "route") == {  # the ordinary route, as it came out
        "status": "needs-review", "route": ROUTE}


def test_a_pack_without_eligibility_rules_decides_nothing():
    from dataclasses import replace

    assert eligibility_findings(applicant(), replace(the_pack(), eligibility=None)) == (None, [])


def test_a_college_diploma_and_no_degree_as_the_profile_says_it():
    outcome, findings = eligibility(学历="大学专科", 学位="无")
    assert "学位" not in outcome.missing_fields
    assert outcome.status == "ineligible"


def test_an_exceptional_application_is_for_the_committee_not_ineligible():
    # 破格: the profile field reaches the pack's special route; the committee decides, zccheck does not fail it.
    outcome, findings = eligibility(现任职称取得时间="2019-06", 破格申报="是")
    assert outcome.status == "needs-review"
    assert [f.code for f in findings] == ["ZC602"]
    outcome, findings = eligibility(现任职称取得时间="2019-06", 破格申报="否")
    assert (outcome.status, [f.code for f in findings]) == ("ineligible", ["ZC601"])
