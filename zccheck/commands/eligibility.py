"""zccheck eligibility [FOLDER] [flags]: the route taken and the arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

from zccheck.checks.eligibility import eligibility_findings, query_from_profile
from zccheck.commands.output import write_text
from zccheck.content.mask import mask_text
from zccheck.engine import list_applicant
from zccheck.pack.loader import load_pack
from zccheck.profile import load_profile
from zccheck.report.messages import eligibility_reason, render_message, route_label


def outcome_document(outcome, q, problems, pack, lang: str) -> dict:
    """The JSON shape of `zccheck eligibility --format json` (the same facts as the check report's `eligibility`)."""
    return {
        "pack": pack.id,
        "query": {"series": q.series, "title": q.title, "current_title": q.current_title,
                  "current_title_since": str(q.current_title_since) if q.current_title_since else None,
                  "education": q.education, "degree": q.degree,
                  "graduated": str(q.graduated) if q.graduated else None, "high_skill": q.high_skill, "fhj": q.fhj,
                  "exceptional": q.exceptional},
        "status": outcome.status if outcome else None,
        "route": outcome.route if outcome else None,
        "required_years": outcome.required_years if outcome else None,
        "actual_years": outcome.actual_years if outcome else None,
        "actual_months": outcome.actual_months if outcome else None,
        "counted_from": outcome.counted_from if outcome else None,
        "counted_until": outcome.counted_until if outcome else None,
        "reason": eligibility_reason(outcome.reason, pack.eligibility, lang) if outcome else None,
        "missing_fields": list(outcome.missing_fields) if outcome else [],
        "documents": list(outcome.documents) if outcome else [],
        "valid_values": list(outcome.valid_values) if outcome else [],
        "profile_problems": [render_message(p, pack, lang) for p in problems],
    }


def _no_rules(pack, lang: str) -> str:
    if lang == "en":
        return (f"The rule pack {pack.id} states no eligibility conditions (its notice gives none): no eligibility "
                f"verdict. Check the notice's own conditions by hand.")
    return f"规则包 {pack.id}（{pack.title}）没有申报资格条件（通知未规定），不作资格判断；请按通知自行核对申报条件。"


def run_eligibility(folder: Path | None, overrides: dict[str, str | None], lang: str, rules: str | None,
                    fmt: str = "table") -> int:
    pack = load_pack(rules)
    if pack.eligibility is None:
        message = _no_rules(pack, lang)
        if fmt == "json":
            write_text(json.dumps({"pack": pack.id, "status": None, "reason": message}, ensure_ascii=False, indent=2) + "\n",
                       None)
        else:
            write_text(message + "\n", None)
        return 0
    raw, display = (None, None)
    if folder is not None:
        raw, display = list_applicant(folder, str(folder), pack).profile
    profile, problems = load_profile(raw, display, pack, {k: v for k, v in overrides.items() if v})
    if folder is None:
        problems = [p for p in problems if p.code != "ZC001"]  # flags only: no profile file is expected
    outcome, findings = eligibility_findings(profile, pack)
    q = query_from_profile(profile, pack)
    errors = any(f.code in ("ZC601", "ZC603") for f in findings) or any(p.code == "ZC002" for p in problems)
    if fmt == "json":
        write_text(mask_text(json.dumps(outcome_document(outcome, q, problems, pack, lang), ensure_ascii=False,
                                        indent=2)) + "\n", None)
        return 1 if errors else 0
    lines = []
    if lang == "en":
        lines.append(f"Series: {q.series or '?'}   title: {q.title or '?'}   current: {q.current_title or '?'} since {q.current_title_since or '?'}")
        lines.append(f"Education: {q.education or '?'}   degree: {q.degree or '?'}   graduated: {q.graduated or '?'}")
    else:
        lines.append(f"系列：{q.series or '?'}　申报：{q.title or '?'}　现任：{q.current_title or '?'}（{q.current_title_since or '?'} 取得）")
        lines.append(f"学历：{q.education or '?'}　学位：{q.degree or '?'}　毕业：{q.graduated or '?'}")
    for p in problems:
        lines.append(render_message(p, pack, lang))
    if outcome is not None:
        status = {"zh": {"eligible": "符合申报条件", "ineligible": "不符合申报条件", "needs-review": "需人工核查",
                         "profile-error": "申报信息有误"}, "en": {"eligible": "ELIGIBLE", "ineligible": "NOT ELIGIBLE",
                         "needs-review": "NEEDS REVIEW", "profile-error": "PROFILE ERROR"}}[lang][outcome.status]
        if outcome.route:
            lines.append(("Route: " if lang == "en" else "路径：") + route_label(pack.eligibility, outcome.route_id, lang,
                                                                              outcome.route))
        if outcome.required_years is not None:
            lines.append((f"Required {outcome.required_years} years; counted {outcome.counted_from} → {outcome.counted_until}: "
                          f"{outcome.actual_years} years {outcome.actual_months} months") if lang == "en" else
                         (f"要求满 {outcome.required_years} 年；自 {outcome.counted_from} 计算至 {outcome.counted_until}："
                          f"{outcome.actual_years} 年 {outcome.actual_months} 个月"))
        lines.append(f"{status}: {eligibility_reason(outcome.reason, pack.eligibility, lang)}")
    write_text(mask_text("\n".join(lines)) + "\n", None)
    return 1 if errors else 0
