"""identity: a document that names the applicant must name this applicant — name, ID number —
and a recommendation or 公示 must name the series and level applied for (副研究员 → 自然科学研究系列 副高级).

Passing: 现对张三同志申报自然科学研究系列副高级专业技术任职资格进行公示。 (the profile's 张三 applying for
副研究员); 姓名：张三 身份证号：650102198506151232.
Failing (ZC502): 现对李四同志…; …申报实验技术系列…; …正高级…; another person's valid ID number (shown masked).
Failing (ZC501): 身份证号：650102198506151233 (wrong check digit) — on a born-digital file only: on a scan
a wrong digit is OCR's. On a scan every ZC502 is a warning, since OCR may misread a character of a name.

With --ocr, a scan whose path settles it as an item whose only words read are this check's (a 2016年度公需科目
certificate in its slot) is read top first until it names the applicant (`NamedSettles`): a certificate or
form names its holder once, near its top — 姓名：张三, 兹证明张三同志 — and what follows (courses, the
issuer, a form's second side) names no other applicant. The line after the name is read too: a certificate
puts the holder's ID number under or beside the name (姓名：张三 / 身份证号：…), and another person's there (a
namesake's certificate, a profile with a mistyped number) is what the check exists to catch. A page whose top
names someone else, another ID number, or a series and level, is read whole and checked as before.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import ClassVar, Iterator, Sequence

from zccheck.checks.context import ItemContext
from zccheck.codes import Severity
from zccheck.content.idcard import find_ids, normalize_id, validate_id
from zccheck.content.mask import mask_id
from zccheck.models import Finding, finding
from zccheck.pack.kinds import KINDS
from zccheck.pack.model import Item, Pack, Series, Title
from zccheck.profile import Profile

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


def _named(text: str, patterns: Sequence[re.Pattern[str]], labels: tuple[str, ...]) -> Iterator[str]:
    """Each pattern's first name in the text (a form's header label after 姓名 is no name); an
    unfilled template's ××/某某 is none either (the placeholder check reports those)."""
    for pattern in patterns:
        m = next((m for m in pattern.finditer(text) if not m.group(1).startswith(labels)), None)
        if m and "×" not in m.group(1) and "某" not in m.group(1):
            yield m.group(1)


_NAME_MARKS = str.maketrans("", "", " \t\n·•・.．")  # OCR reads a minority name's middle dot many ways


def _same_name(found: str, name: str | None) -> bool:
    """阿依古丽·买买提 as OCR reads it (阿依古丽.买买提, 阿依古丽•买买提, 阿依古丽买买提) is the same name."""
    return name is not None and found.translate(_NAME_MARKS) == name.translate(_NAME_MARKS)


def _other_name(ctx: ItemContext, path: str, text: str, name: str, patterns: list[re.Pattern[str]],
                severity: Severity | None) -> Iterator[Finding]:
    labels = tuple(ctx.param("field_labels", ()))
    other = next((found for found in _named(text, patterns, labels) if not _same_name(found, name)), None)
    if other is not None:
        yield finding("ZC502", ctx.item.id, path, what="name", found=other, expected=name,
                      severity=severity, data={"field": "name", "found": other, "expected": name})


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


# Part of the key under which a page read by NamedSettles is cached: bump when what it decides changes.
NAMED_RULE_VERSION = "4"


@dataclass(frozen=True)
class NamedSettles:
    """zccheck.scan.ocr_heading.HeadingRule for one applicant's scans of one item (see the module):
    given a page's first lines, True when they name the applicant (name or ID number) and nobody
    else, False when they name another person, ID number, or any series and level (the page is then
    read whole), None when more lines are needed. Pickled with the scan task to an OCR worker."""

    name: str | None
    id_number: str | None
    name_patterns: tuple[str, ...]
    labels: tuple[str, ...]
    series_level: str | None
    fingerprint: str
    lines: int = 10_000  # a page is read to its end if no line names the applicant
    # its item is known: a document names its holder near its top (scan.ocr_heading.HeadingRule.settles_near_top)
    settles_near_top: ClassVar[bool] = True
    # its path gives its years (or its item has none) and this check reads a name and an ID number, no date: a
    # year or a date is not read again by the thorough recogniser (scan.ocr_heading.HeadingRule.reads_dates)
    reads_dates: ClassVar[bool] = False

    def __call__(self, lines: Sequence[str]) -> bool | None:
        text = "\n".join(lines)
        if self.series_level and re.search(self.series_level, text.replace("\n", "")):
            return False
        ids = find_ids(text)
        if any(not self.id_number or found != self.id_number.upper() for found in ids):
            return False
        patterns = [re.compile(p) for p in self.name_patterns]
        if any(not _same_name(found, self.name) for found in _named(text, patterns, self.labels)):
            return False
        if ids:
            return True  # the applicant's own ID number (any other returned False above)
        if self.name and self.name.translate(_NAME_MARKS) in "\n".join(lines[:-1]).translate(_NAME_MARKS):
            return True  # named, and the line after the name read (where an ID number would stand)
        return None

    def next_pages(self, lines: Sequence[str]) -> None:
        return None  # its path settles the file's item and years: a document names its holder on its first page


def named_settles(pack: Pack, item: Item, profile: Profile) -> NamedSettles | None:
    """The rule for `item`'s scans of this applicant, or None when its scans are read whole: another check
    of the item reads words (a placeholder, a sentence), or the profile gives neither name nor ID number."""
    readers = [spec for spec in item.checks if KINDS[spec.kind].reads_text]
    if [spec.kind for spec in readers] != [KIND]:
        return None
    ctx = ItemContext(pack, item, profile, (), readers[0])  # its parameters resolved as the check's are
    fields = list(ctx.param("fields", []))  # as run() reads them (the loader gives the declared default)
    name = profile.get("name") if "name" in fields else None
    id_number = normalize_id(str(profile.get("id_number"))) if "id_number" in fields and profile.get("id_number") else None
    if not name and not id_number:
        return None
    patterns = tuple(ctx.param("name_patterns", ()))
    labels = tuple(ctx.param("field_labels", ()))
    series_level = str(ctx.param("series_level_pattern", "")) if {"series", "level"} & set(fields) else ""
    key = repr((NAMED_RULE_VERSION, name, id_number, patterns, labels, series_level))
    return NamedSettles(name or None, id_number or None, patterns, labels, series_level or None,
                        hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])


def named_rules(pack: Pack, profile: Profile) -> dict[str, NamedSettles]:
    """The items whose scans may be read until they name the applicant, each with its rule."""
    rules = {item.id: named_settles(pack, item, profile) for item in pack.items}
    return {item_id: rule for item_id, rule in rules.items() if rule is not None}
