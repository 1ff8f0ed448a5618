"""publicity-period: the 公示 must run at least N working days (official holidays and make-up
workdays counted), with possible dates, inside the submission window.

Passing: 公示时间从2021年9月10日起至2021年9月16日止 (5 working days); 自2021年9月13日起，为期5个工作日.
Failing: 2021年9月17日至9月23日 (4: Mid-Autumn 20th–21st off, Saturday 18th worked); 为期3个工作日;
公示5天 from Friday 2021-09-10 (calendar days: 3 working days).

A period may be read from any file of the item. A 公示 that holds dates but no readable period is
needs-review (ZC407: a person reads it); only a text without any date is ZC409.
"""

from __future__ import annotations

import datetime as dt

from zccheck.checks.context import ItemContext
from zccheck.content.period import (
    PeriodMatch,
    count_working_days,
    find_dates,
    find_publicity_period,
    nth_working_day,
)
from zccheck.models import finding

KIND = "publicity-period"  # its parameters (min_working_days, keywords) are declared in zccheck.pack.kinds

def _dates(values) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(str(v)) for v in values or ())


def run(ctx: ItemContext):
    minimum = ctx.param("min_working_days")
    keywords = tuple(ctx.param("keywords"))
    calendar = ctx.pack.content.get("calendar", {}) or {}
    holidays, workdays = _dates(calendar.get("holidays")), _dates(calendar.get("workdays"))
    window_end = ctx.pack.window_end or dt.date.max  # a notice without a window has no deadline to pass
    readable = [cf for cf in ctx.files if cf.facts.usable and cf.facts.has_text]
    found_any = False
    dated: list[str] = []  # readable files with a date but no period
    for cf in readable:
        path = cf.facts.path
        period = find_publicity_period(cf.facts.text, ctx.pack.year, keywords)
        if period is None or period.problem == "no-year":
            if find_dates(cf.facts.text):
                dated.append(path)
            continue
        found_any = True
        if period.problem:
            yield finding("ZC405", ctx.item.id, path, raw=period.raw, problem=period.problem, data={"problem": period.problem})
        elif period.days is None and period.start is not None and period.end is not None:
            yield from _counted(ctx, path, period.raw, period.start, period.end, minimum, holidays, workdays, window_end)
        elif period.days is not None:
            yield from _duration(ctx, path, period, minimum, holidays, workdays, window_end)
    if found_any or not ctx.files:
        return
    unread = [cf for cf in ctx.files if cf.facts.usable and not cf.facts.has_text]
    if unread and ctx.ocr_enabled:
        # OCR ran and read nothing of it (a faint or JBIG2 page): a person decides, and a better scan would let OCR.
        yield finding("ZC407", ctx.item.id, unread[0].facts.path, problem="period-scan-unread",
                      data={"problem": "period-scan-unread"})
    elif unread:
        # The period may be on the scan nobody could read: OCR or a person decides, never a false error.
        yield finding("ZC408", ctx.item.id, unread[0].facts.path, problem="period-on-scan")
    elif dated:
        yield finding("ZC407", ctx.item.id, dated[0], problem="period-unreadable", minimum=minimum,
                      data={"problem": "period-unreadable", "minimum": minimum})
    elif readable:
        yield finding("ZC409", ctx.item.id, readable[0].facts.path)


def _duration(ctx: ItemContext, path: str, period: PeriodMatch, minimum: int, holidays, workdays, window_end):
    """A stated duration (为期5个工作日, 公示5天), with or without its start."""
    days, start = period.days or 0, period.start
    if period.unit == "calendar":
        if start is None:
            if days < minimum:  # n calendar days hold at most n working days
                yield _too_short(ctx, path, None, None, days, minimum, period.raw)
            else:
                yield finding("ZC407", ctx.item.id, path, problem="calendar-days-without-start", stated=period.raw,
                              days=days, minimum=minimum,
                              data={"problem": "calendar-days-without-start", "days": days, "stated": period.raw})
            return
        end = start + dt.timedelta(days=days - 1)
        counted = list(_counted(ctx, path, period.raw, start, end, minimum, holidays, workdays, window_end,
                                computed=True))
        yield from counted
        if not counted:
            yield _end_not_written(ctx, path, period, start, end)
        return

    if days < minimum:
        short_end = nth_working_day(start, days, holidays, workdays) if start else None
        yield _too_short(ctx, path, start, short_end, days, minimum, period.raw)
        return
    computed_end = nth_working_day(start, days, holidays, workdays) if start else None
    if start is not None and computed_end is not None and computed_end > window_end:
        yield _after_deadline(ctx, path, period.raw, start, computed_end, window_end, computed=True)
        return
    yield _end_not_written(ctx, path, period, start, computed_end)


def _counted(ctx: ItemContext, path: str, raw: str, start: dt.date, end: dt.date, minimum: int, holidays, workdays,
             window_end, computed: bool = False):
    """A start and end, written or computed: within the window, and enough working days by the calendar."""
    data = {"start": start.isoformat(), "end": end.isoformat()}
    if end > window_end:
        yield _after_deadline(ctx, path, raw, start, end, window_end, computed)
    counted = count_working_days(start, end, holidays, workdays)
    if counted.days is None:
        years = sorted({d.year for d in counted.unknown_dates})
        yield finding("ZC407", ctx.item.id, path, problem="calendar-missing", years=years, data=data)
    elif counted.days < minimum:
        yield finding("ZC404", ctx.item.id, path, start=data["start"], end=data["end"],
                      working_days=counted.days, minimum=minimum,
                      data={**data, "working_days": counted.days, "minimum": minimum})


def _too_short(ctx: ItemContext, path: str, start: dt.date | None, end: dt.date | None, days: int, minimum: int,
               stated: str):
    data = {"working_days": days, "minimum": minimum, "stated": stated}
    if start:
        data["start"] = start.isoformat()
    if end:
        data["end"] = end.isoformat()
    # A start or end that is not written is said so (PHRASES start:none, end:none).
    return finding("ZC404", ctx.item.id, path, start=start.isoformat() if start else None,
                   end=end.isoformat() if end else None, stated=stated, working_days=days, minimum=minimum, data=data)


def _after_deadline(ctx: ItemContext, path: str, raw: str, start: dt.date | None, end: dt.date, window_end: dt.date,
                    computed: bool = False):
    """ZC405: the publicity ends after the submission window (`computed`: the end is the stated
    duration's, so the message names it)."""
    data = {"end": end.isoformat(), "problem": "after-deadline"}
    if start:
        data["start"] = start.isoformat()
    return finding("ZC405", ctx.item.id, path, raw=raw, problem="after-deadline-computed" if computed else "after-deadline",
                   end=end.isoformat(), deadline=window_end.isoformat(), data=data)


def _end_not_written(ctx: ItemContext, path: str, period: PeriodMatch, start: dt.date | None, end: dt.date | None):
    """The duration was enough (or was counted above); say that the end date was inferred, not read."""
    data = {"problem": "end-not-written", "days": period.days, "unit": period.unit, "stated": period.raw}
    if start:
        data["start"] = start.isoformat()
    if end:
        data["end"] = end.isoformat()
    return finding("ZC407", ctx.item.id, path, problem="end-not-written" if start and end else "end-not-written-undated",
                   stated=period.raw, days=period.days, unit="working" if period.unit == "working" else "calendar",
                   start=start.isoformat() if start else None, end=end.isoformat() if end else None, data=data)
