"""Year coverage: one certificate or form for every required year (公需 2014–2020, 专业 2021, 考核
近三年), none for a year outside the range, and both sides (正、反面) where the notice asks."""

from __future__ import annotations

from zccheck.models import ClassifiedFile, Finding, finding, years_text
from zccheck.pack.model import Item, Pack


def _range_en(years) -> str:
    years = sorted(years)
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


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
            findings.append(finding("ZC202", item.id, cf.facts.path, years=years_text(years), required=rule.label,
                                    required_en=_range_en(rule.required), data={"years": sorted(years)}))
    missing = sorted(required - covered)
    status = "incomplete" if findings else None
    if missing:
        if undated:
            for cf in undated:
                findings.append(finding("ZC203", item.id, cf.facts.path, data={"years": missing}))
            status = status or "needs-review"
        else:
            findings.append(finding("ZC201", item.id, None, years=years_text(missing), required=rule.label,
                                    required_en=_range_en(rule.required), data={"years": missing}))
            status = "incomplete"
    if item.sides > 1:
        side_findings = _check_sides(pack, item, usable, required)
        findings.extend(side_findings)
        if side_findings and status is None:
            status = "incomplete" if any(f.code == "ZC102" for f in side_findings) else "needs-review"
    return status, findings


def _check_sides(pack: Pack, item: Item, usable: list[ClassifiedFile], required: set[int]) -> list[Finding]:
    side_words = (pack.content.get("sides") or {}).get("words") or {"front": ["正面"], "back": ["反面", "背面"]}
    findings = []
    for year in sorted(required):
        year_files = [cf for cf in usable if year in cf.cls.years]
        if not year_files:
            continue
        pages = sum(max(cf.facts.page_count, 1) / max(len(set(cf.cls.years) & required), 1) for cf in year_files)
        sides = {_side_of(cf, side_words) for cf in year_files} - {None}
        if sides and sides != set(side_words) and pages < item.sides:
            missing = [s for s in side_words if s not in sides]
            findings.append(finding("ZC102", item.id, year_files[0].facts.path,
                                    parts=f"{year} 年度的{'、'.join('反面' if s == 'back' else '正面' for s in missing)}",
                                    parts_en=f"the {' and '.join(missing)} side of {year}",
                                    mode_text="通知要求正、反面都上传。", mode_text_en="The notice asks for both sides. ",
                                    data={"years": [year], "sides": missing}))
        elif pages < item.sides:
            findings.append(finding("ZC204", item.id, year_files[0].facts.path, years=str(year), data={"years": [year]}))
    return findings
