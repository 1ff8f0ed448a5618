"""Year coverage: one certificate or form for every required year (公需 2014–2020, 专业 2021, 考核
近三年), none for a year outside the range, and both sides (正、反面) where the notice asks.

Passing: a 公需 certificate for each of 2014–2020; 考核登记表 for 2018–2020, each of two pages or a 正面 and
a 反面 file.
Failing: 2016 missing (ZC201); a 2021 certificate among the 公需 ones (ZC202); a 正面 without its 反面 (ZC102).
Needs-review: a certificate without a year while a year is missing (ZC203); a one-page 考核登记表 (ZC204).
"""

from __future__ import annotations

from zccheck.models import ClassifiedFile, Finding, finding
from zccheck.pack.model import Item, Pack


def _side_of(cf: ClassifiedFile, side_words: dict) -> str | None:
    name = cf.facts.path.rsplit("/", 1)[-1]
    for side, words in side_words.items():
        if any(w in name for w in words):
            return side
    return None


def check_years(pack: Pack, item: Item, files: list[ClassifiedFile]) -> tuple[str | None, list[Finding]]:
    rule = item.years
    usable = [cf for cf in files if cf.facts.usable]
    if rule is None or not usable:
        return None, []
    required = set(rule.required)
    findings: list[Finding] = []
    covered: set[int] = set()
    undated = []
    for cf in usable:
        years = set(cf.cls.years)
        if not years:
            undated.append(cf)
        elif years & required:
            covered |= years & required
        else:
            findings.append(finding("ZC202", item.id, cf.facts.path, years=sorted(years), data={"years": sorted(years)}))
    missing = sorted(required - covered)
    status = "incomplete" if findings else None
    if missing:
        if undated:
            for cf in undated:
                findings.append(finding("ZC203", item.id, cf.facts.path, data={"years": missing}))
            status = status or "needs-review"
        else:
            findings.append(finding("ZC201", item.id, None, years=missing, data={"years": missing}))
            status = "incomplete"
    if item.sides > 1:
        side_findings = _check_sides(pack, item, usable, required)
        findings.extend(side_findings)
        if side_findings and status is None:
            status = "incomplete" if any(f.code == "ZC102" for f in side_findings) else "needs-review"
    return status, findings


def _check_sides(pack: Pack, item: Item, usable: list[ClassifiedFile], required: set[int]) -> list[Finding]:
    # Without the pack's side words (content.yaml sides.words) a two-sided item is judged by its pages only.
    side_words = (pack.content.get("sides") or {}).get("words") or {}
    findings = []
    for year in sorted(required):
        year_files = [cf for cf in usable if year in cf.cls.years]
        if not year_files:
            continue
        pages = sum(max(cf.facts.page_count, 1) / max(len(set(cf.cls.years) & required), 1) for cf in year_files)
        sides = {_side_of(cf, side_words) for cf in year_files} - {None}
        if sides and sides != set(side_words) and pages < item.sides:
            missing = [s for s in side_words if s not in sides]
            findings.append(finding("ZC102", item.id, year_files[0].facts.path, years=[year], sides=missing,
                                    mode="both-sides", data={"years": [year], "sides": missing}))
        elif pages < item.sides:
            findings.append(finding("ZC204", item.id, year_files[0].facts.path, years=[year], data={"years": [year]}))
    return findings
