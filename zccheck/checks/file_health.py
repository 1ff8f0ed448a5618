"""File health: every file the reviewers cannot open or will not accept gets its own finding."""

from __future__ import annotations

from zccheck.models import ClassifiedFile, Finding, finding
from zccheck.pack.model import Pack
from zccheck.scan.filetype import kind_label


def _size(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def check_file(pack: Pack, cf: ClassifiedFile, timeout: float) -> list[Finding]:
    f, item = cf.facts, cf.cls.item or cf.cls.slot_item
    if f.problem is None:
        return []
    if f.problem == "empty":
        return [finding("ZC303", item, f.path)]
    if f.problem == "encrypted":
        return [finding("ZC302", item, f.path, data={"detail": f.problem_detail})]
    if f.problem == "too-large":
        return [finding("ZC305", item, f.path, size=_size(f.size), limit=_size(pack.files.max_file_mb * 1024 * 1024),
                        data={"bytes": f.size})]
    if f.problem == "timeout":
        return [finding("ZC307", item, f.path, seconds=f"{timeout:g}", detail="timed out")]
    if f.problem == "inaccessible":
        return [finding("ZC308", item, f.path, detail=f.problem_detail)]
    if f.problem == "unsupported":
        kind = f.problem_detail or f.kind
        advice = dict(pack.files.advice).get(kind) or dict(pack.files.advice).get("unknown", "")
        advice_en = dict(pack.files.advice_en).get(kind) or dict(pack.files.advice_en).get("unknown", "")
        return [finding("ZC304", item, f.path, kind=kind_label(kind), advice=advice,
                        advice_en=advice_en, data={"format": kind})]
    return [finding("ZC301", item, f.path, detail=f.problem_detail or "damaged", data={"detail": f.problem_detail})]


def check_duplicates(files: list[ClassifiedFile]) -> list[Finding]:
    first: dict[str, str] = {}
    findings = []
    for cf in files:
        sha = cf.facts.sha256
        if not sha:
            continue
        if sha in first:
            findings.append(finding("ZC106", cf.cls.item, cf.facts.path, other=first[sha], data={"same_as": first[sha]}))
        else:
            first[sha] = cf.facts.path
    return findings


def check_classification(pack: Pack, cf: ClassifiedFile) -> list[Finding]:
    c = cf.cls
    if c.ignored:
        return [finding("ZC107", None, cf.facts.path)]
    if c.source == "misfiled":
        found = pack.item(c.candidates[0])
        return [finding("ZC104", c.slot_item, cf.facts.path, found=found.title, found_en=found.title_en,
                        data={"found_item": found.id})]
    if c.item is None and cf.facts.problem is None and c.source == "tie":
        return [finding("ZC111", None, cf.facts.path, candidates="「" + "」「".join(pack.item(x).title for x in c.candidates) + "」",
                        candidates_en=" " + ", ".join(pack.item(x).title_en for x in c.candidates),
                        data={"candidates": list(c.candidates)})]
    if c.item is None and cf.facts.problem is None:
        candidates = [pack.item(x).title for x in c.candidates]
        text = f"（可能是：{'、'.join(candidates)}）" if candidates else ""
        text_en = f" (could be: {', '.join(pack.item(x).title_en for x in c.candidates)})" if candidates else ""
        return [finding("ZC105", None, cf.facts.path, candidates=text, candidates_en=text_en,
                        data={"candidates": list(c.candidates)})]
    return []
