"""A pack's templates (templates.yaml) filled from what is known: the applicant's profile, the pack's series
and titles (副研究员 → 自然科学研究系列 副高级), and a publicity start with the end the holiday calendar gives
it. Pure: values in, lines of text out; zccheck.commands.template_docx writes them as a document.

A field whose value is unknown keeps the template's own mark (its fallback, ×× by default), so that the
placeholder check still flags it when the document comes back printed and scanned."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zccheck.content.period import nth_working_day
from zccheck.pack.model import Pack
from zccheck.pack.templates import Field, Segment, Template
from zccheck.profile import Profile

PUBLICITY_KIND = "publicity-period"


@dataclass(frozen=True)
class Publicity:
    """A publicity period as the templates state it. `problem`: why the end is unknown or not right —
    no-minimum (the pack sets no publicity length), calendar-missing (the holiday calendar does not know
    a day on the way), after-window (it ends after the submission window)."""

    start: dt.date | None
    end: dt.date | None = None
    min_working_days: int | None = None
    problem: str | None = None


@dataclass(frozen=True)
class Filled:
    template: Template
    paragraphs: tuple[str, ...]
    closing: tuple[str, ...]
    unfilled: tuple[str, ...]  # fields left as the template's marks, each once, in order of appearance

    @property
    def text(self) -> str:
        return "\n".join((self.template.title, *self.paragraphs, *self.closing))


def chinese_date(day: dt.date) -> str:
    """2021年9月13日: how a 公示 writes a date (and how the publicity-period check reads it)."""
    return f"{day.year}年{day.month}月{day.day}日"


def min_working_days(pack: Pack) -> int | None:
    """The publicity length the pack requires: its publicity-period check's min_working_days."""
    for item in pack.items:
        for check in item.checks:
            if check.kind == PUBLICITY_KIND and check.param("min_working_days"):
                return int(check.param("min_working_days"))
    return None


def _calendar_days(pack: Pack, key: str) -> frozenset[dt.date]:
    calendar = pack.content.get("calendar") or {}
    return frozenset(dt.date.fromisoformat(str(d)) for d in calendar.get(key) or ())


def publicity(pack: Pack, start: dt.date | None) -> Publicity:
    """The period from `start` that lasts the pack's minimum of working days (official holidays and 调休
    make-up workdays counted, with content.yaml's calendar additions), as the publicity-period check counts."""
    minimum = min_working_days(pack)
    if start is None:
        return Publicity(None, None, minimum)
    if minimum is None:
        return Publicity(start, None, None, "no-minimum")
    end = nth_working_day(start, minimum, _calendar_days(pack, "holidays"), _calendar_days(pack, "workdays"))
    if end is None:
        return Publicity(start, None, minimum, "calendar-missing")
    late = pack.window_end is not None and end > pack.window_end
    return Publicity(start, end, minimum, "after-window" if late else None)


def applicant_values(pack: Pack, profile: Profile) -> dict[str, str]:
    """name, unit, series, title and level as far as the profile says them. Without a series, the series
    whose titles hold the title applied for (one only)."""
    values = {key: str(profile.get(key)) for key in ("name", "unit", "series", "title") if profile.get(key) is not None}
    title = values.get("title")
    series = pack.find_series(values.get("series"))
    if series is None and title:
        holders = [x for x in pack.series if x.title(title)]
        series = holders[0] if len(holders) == 1 else None
    if series is not None:
        values["series"] = series.name
        known = series.title(title) if title else None
        if known is not None:
            values["level"] = known.level
    return values


def template_values(pack: Pack, profile: Profile, period: Publicity) -> dict[str, str]:
    """Every field's value that is known (FIELDS in zccheck.pack.templates names them all)."""
    values = applicant_values(pack, profile)
    values["year"] = str(pack.year)
    if period.min_working_days is not None:
        values["min_working_days"] = str(period.min_working_days)
    if period.start is not None:
        values["publicity_start"] = chinese_date(period.start)
    if period.end is not None:
        values["publicity_end"] = chinese_date(period.end)
    return values


def _line(line: tuple[Segment, ...], values: dict[str, Any], unfilled: list[str]) -> str:
    out = []
    for segment in line:
        if isinstance(segment, Field):
            value = values.get(segment.name)
            if value is None and segment.name not in unfilled:
                unfilled.append(segment.name)
            out.append(segment.fallback if value is None else str(value))
        else:
            out.append(segment)
    return "".join(out)


def fill(template: Template, values: dict[str, Any]) -> Filled:
    unfilled: list[str] = []
    paragraphs = tuple(_line(p, values, unfilled) for p in template.paragraphs)
    closing = tuple(_line(p, values, unfilled) for p in template.closing)
    return Filled(template, paragraphs, closing, tuple(unfilled))
