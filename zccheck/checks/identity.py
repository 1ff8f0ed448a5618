"""identity: a document that names the applicant must name this applicant — name, ID number —
and a recommendation or 公示 must name the series and level applied for (副研究员 → 自然科学研究系列 副高级).

Passing: 现对张三同志申报自然科学研究系列副高级专业技术任职资格进行公示。 (the profile's 张三 applying for
副研究员); 姓名：张三 身份证号：650102198506151232.
Failing (ZC502): 现对李四同志…; …申报实验技术系列…; …正高级…; another person's valid ID number (shown masked).
Failing (ZC501): 身份证号：650102198506151233 (wrong check digit) — on a born-digital file only: on a scan
a wrong digit is OCR's. On a scan every ZC502 is a warning, since OCR may misread a character of a name.
"""

from __future__ import annotations

import re
from typing import Iterator

from zccheck.checks.context import ItemContext
from zccheck.codes import Severity
from zccheck.content.idcard import find_ids, validate_id
from zccheck.content.mask import mask_id
from zccheck.models import Finding, finding
from zccheck.pack.model import Series, Title

KIND = "identity"

def _level_key(text: str, levels: list[str]) -> str | None:
    """副高 / 副高级 → 副高级: the pack's level the text starts with (longest first: 正高 before 高)."""
    text = text.replace("级", "")
    for level in sorted(levels, key=len, reverse=True):
        if text.startswith(level.replace("级", "")):
            return level
    return None


def run(ctx: ItemContext) -> Iterator[Finding]:
    # The pack gives the patterns (the loader requires them for the fields that need them).
    fields = ctx.param("fields", [])
    name_patterns = [re.compile(p) for p in ctx.param("name_patterns", ())]
    series_level = re.compile(ctx.param("series_level_pattern", r"(?!)"))  # (?!) matches nothing
    levels = sorted({t.level for x in ctx.pack.series for t in x.titles})
    profile = ctx.profile
    name, id_number = profile.get("name"), profile.get("id_number")
    series = ctx.pack.find_series(profile.get("series"))
    title = series.title(profile.get("title")) if series and profile.get("title") else None
    for cf in ctx.files:
        text = cf.facts.text
        if not text.strip():
            continue
        path = cf.facts.path
        # OCR can misread one character of a name: on a scan a mismatch is for a person to look at.
        severity: Severity | None = "warning" if cf.facts.is_scan else None
        if "name" in fields and name:
            yield from _other_name(ctx, path, text, name, name_patterns, severity)
        if "id_number" in fields:
            yield from _other_id(ctx, path, text, id_number, cf.facts.is_scan, severity)
        if series is not None and title is not None:
            yield from _other_series_or_level(ctx, path, text, fields, series, title, series_level, levels, severity)


def _other_name(ctx: ItemContext, path: str, text: str, name: str, patterns: list[re.Pattern[str]],
                severity: Severity | None) -> Iterator[Finding]:
    labels = tuple(ctx.param("field_labels", ()))
    for pattern in patterns:
        m = next((m for m in pattern.finditer(text) if not m.group(1).startswith(labels)), None)
        if m and m.group(1) != name and "×" not in m.group(1) and "某" not in m.group(1):
            yield finding("ZC502", ctx.item.id, path, what="name", found=m.group(1), expected=name,
                          severity=severity, data={"field": "name", "found": m.group(1), "expected": name})
            return


def _other_id(ctx: ItemContext, path: str, text: str, id_number: str | None, is_scan: bool,
              severity: Severity | None) -> Iterator[Finding]:
    """The first ID number in the text that is not the applicant's: invalid (ZC501) or someone else's (ZC502)."""
    for other in find_ids(text):
        if id_number and other.upper() == id_number.upper():
            continue
        check = validate_id(other, today=ctx.pack.window_end)
        if not check.valid:
            if not is_scan:  # a misread digit on a scan is OCR's, not the document's
                yield finding("ZC501", ctx.item.id, path, where="file", id=other, problem=f"id-{check.problem}",
                              data={"problem": check.problem})
        elif id_number:
            yield finding("ZC502", ctx.item.id, path, what="id_number", found=mask_id(other),
                          expected=mask_id(id_number), severity=severity, data={"field": "id_number"})
        return


def _other_series_or_level(ctx: ItemContext, path: str, text: str, fields: list[str], series: Series, title: Title,
                           series_level: re.Pattern[str], levels: list[str],
                           severity: Severity | None) -> Iterator[Finding]:
    m = series_level.search(text.replace("\n", ""))
    if not m:
        return
    named_series, named_level = m.group(1), m.group(2)
    if "series" in fields and "×" not in named_series and ctx.pack.find_series(named_series) is not series \
            and named_series not in (series.name, *series.aliases):
        yield finding("ZC502", ctx.item.id, path, what="series", found=named_series + "系列", expected=series.name + "系列",
                      severity=severity, data={"field": "series", "found": named_series, "expected": series.name})
    level = _level_key(named_level, levels)
    if "level" in fields and level and level != title.level:
        yield finding("ZC502", ctx.item.id, path, what="level", found=named_level + "级", expected=title.level,
                      severity=severity, data={"field": "level", "found": named_level, "expected": title.level})
