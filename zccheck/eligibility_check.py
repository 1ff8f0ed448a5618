"""Eligibility and the profile's own ID number, as findings: the bridge between the profile and the
pure rules in zccheck.eligibility and zccheck.content.idcard."""

from __future__ import annotations

from zccheck.content.idcard import validate_id
from zccheck.eligibility import EligibilityOutcome, EligibilityQuery, evaluate
from zccheck.models import Finding, finding
from zccheck.pack.model import Pack
from zccheck.profile import Profile

_ID_PROBLEMS = {
    "length": ("位数不对（应为18位）", "wrong length (18 characters expected)"),
    "characters": ("含有非法字符", "invalid characters"),
    "region": ("地址码（前两位省份代码）不存在", "no such region code"),
    "birth-date": ("出生日期码不是有效日期", "the birth date is not a valid date"),
    "check-digit": ("校验码（最后一位）错误", "wrong check digit (last character)"),
}


def profile_id_findings(profile: Profile, pack: Pack) -> list[Finding]:
    number = profile.get("id_number")
    if not number:
        return []
    check = validate_id(number, today=pack.window_end)
    if check.valid:
        return []
    zh, en = _ID_PROBLEMS.get(check.problem or "", (check.problem or "", check.problem or ""))
    return [finding("ZC501", None, profile.source, where="申报信息", where_en="the profile", id=number, detail=zh,
                    detail_en=en, data={"problem": check.problem})]


def query_from_profile(profile: Profile, pack: Pack) -> EligibilityQuery:
    return EligibilityQuery(
        series=profile.get("series"), title=profile.get("title"), current_title=profile.get("current_title"),
        current_title_since=profile.get("current_title_since"), education=profile.get("education"),
        degree=profile.get("degree"), graduated=profile.get("graduated"), high_skill=profile.get("high_skill"),
        fhj=profile.get("fhj"), notice_year=pack.year,
    )


def outcome_finding(outcome: EligibilityOutcome, title: str | None, source: str | None) -> Finding | None:
    title = title or "（未填写申报职称）"
    data = {"route": outcome.route, "status": outcome.status}
    if outcome.status == "ineligible":
        data.update(required_years=outcome.required_years, actual_years=outcome.actual_years,
                    actual_months=outcome.actual_months, counted_until=outcome.counted_until,
                    counted_from=outcome.counted_from)
        return finding("ZC601", None, source, title=title, detail=outcome.reason_zh, detail_en=outcome.reason_en,
                       data={k: v for k, v in data.items() if v is not None})
    if outcome.status == "needs-review":
        if outcome.missing_fields:
            data["fields"] = list(outcome.missing_fields)
        return finding("ZC602", None, source, title=title, detail=outcome.reason_zh, detail_en=outcome.reason_en,
                       data={k: v for k, v in data.items() if v is not None})
    if outcome.status == "profile-error":
        return finding("ZC603", None, source, detail=outcome.reason_zh, detail_en=outcome.reason_en,
                       data={"valid": list(outcome.valid_values)})
    return None


def eligibility_findings(profile: Profile, pack: Pack) -> tuple[EligibilityOutcome | None, list[Finding]]:
    if pack.eligibility is None:
        return None, []
    outcome = evaluate(pack.eligibility, query_from_profile(profile, pack))
    f = outcome_finding(outcome, profile.get("title"), profile.source)
    return outcome, [f] if f else []
