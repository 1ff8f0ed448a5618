"""File health: every file the reviewers cannot open or will not accept gets its own finding.

Passing: a PDF, JPEG or PNG that opens, credited to one item.
Failing: an unreadable (ZC301), password-protected (ZC302), empty (ZC303), unsupported (ZC304, e.g. .docx
with the pack's advice), oversized (ZC305), timed-out (ZC307) or inaccessible (ZC308) file; the same bytes
twice (ZC106); a file in another item's slot (ZC104). Warnings: a file no item matches (ZC105) or two
items tie for (ZC111). OS junk such as Thumbs.db is listed (ZC107, info), never checked.
"""

from __future__ import annotations

from zccheck.models import ClassifiedFile, Finding, finding
from zccheck.pack.model import Pack


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
        return [finding("ZC307", item, f.path, seconds=f"{timeout:g}")]
    if f.problem == "inaccessible":
        return [finding("ZC308", item, f.path, detail=f.problem_detail)]
    if f.problem == "unsupported":
        kind = f.problem_detail or f.kind  # the pack's advice for the kind is worded with the message
        return [finding("ZC304", item, f.path, kind=kind, data={"format": kind})]
    # The scanner's words for what failed: its own (PHRASES: "no-pages", "timed out", ...) or a parser's message.
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
        return [finding("ZC104", c.slot_item, cf.facts.path, found_item=c.candidates[0],
                        data={"found_item": c.candidates[0]})]
    if c.item is None and cf.facts.problem is None and c.source == "tie":
        return [finding("ZC111", None, cf.facts.path, candidates=c.candidates, data={"candidates": list(c.candidates)})]
    if c.item is None and cf.facts.problem is None and c.candidates:
        return [finding("ZC105", None, cf.facts.path, problem="could-be", items=c.candidates,
                        data={"candidates": list(c.candidates)})]
    if c.item is None and cf.facts.problem is None:
        return [finding("ZC105", None, cf.facts.path, data={"candidates": []})]
    return []
