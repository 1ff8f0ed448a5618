"""publicity-period: the 公示 must run at least N working days (official holidays and make-up
workdays counted), with possible dates, inside the submission window.

Passing: 公示时间从2021年9月10日起至2021年9月16日止 (5 working days).
Failing: 2021年9月17日至9月23日 (4: Mid-Autumn 20th–21st off, Saturday 18th worked).
"""

from __future__ import annotations

import datetime as dt

from zccheck.checks.context import ItemContext
from zccheck.content.period import count_working_days, find_publicity_period
from zccheck.models import finding
from zccheck.pack import schema as s

KIND = "publicity-period"
PARAMS = {"min_working_days": s.integer}


def _dates(values) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(str(v)) for v in values or ())


def run(ctx: ItemContext):
    minimum = ctx.param("min_working_days", 5)
    calendar = ctx.pack.content.get("calendar", {}) or {}
    holidays, workdays = _dates(calendar.get("holidays")), _dates(calendar.get("workdays"))
    window_end = ctx.pack.window_end
    readable = [cf for cf in ctx.files if cf.facts.usable and cf.facts.has_text]
    found_any = False
    for cf in readable:
        period = find_publicity_period(cf.facts.text, ctx.pack.year)
        for period in ([period] if period is not None and period.problem != "no-year" else []):
            found_any = True
            path = cf.facts.path
            if period.problem:
                detail = {"impossible-date": "不是一个存在的日期", "end-before-start": "结束日期早于开始日期"}.get(
                    period.problem, period.problem)
                detail_en = {"impossible-date": "is not a real date", "end-before-start": "ends before it starts"}.get(
                    period.problem, period.problem)
                yield finding("ZC405", ctx.item.id, path, raw=period.raw, detail=detail, detail_en=detail_en,
                              data={"problem": period.problem})
                continue
            if period.start is None or period.end is None:
                continue
            data = {"start": period.start.isoformat(), "end": period.end.isoformat()}
            if period.end > window_end:
                yield finding("ZC405", ctx.item.id, path, raw=period.raw,
                              detail=f"晚于申报截止日期 {window_end.isoformat()}",
                              detail_en=f"ends after the submission deadline {window_end.isoformat()}",
                              data={**data, "problem": "after-deadline"})
            counted = count_working_days(period.start, period.end, holidays, workdays)
            if counted.days is None:
                years = sorted({d.year for d in counted.unknown_dates})
                yield finding("ZC407", ctx.item.id, path, data=data,
                              detail=f"节假日日历不含 {'、'.join(map(str, years))} 年，无法计算公示期工作日，请人工核对（或在规则包 content.yaml 的 calendar 中补充）。",
                              detail_en=f"the holiday calendar does not cover {', '.join(map(str, years))}: count the "
                                        "publicity's working days by hand (or add the year to the pack's content.yaml calendar).")
            elif counted.days < minimum:
                yield finding("ZC404", ctx.item.id, path, start=data["start"], end=data["end"],
                              working_days=counted.days, minimum=minimum,
                              data={**data, "working_days": counted.days, "minimum": minimum})
    if found_any or not ctx.files:
        return
    if readable:
        yield finding("ZC409", ctx.item.id, readable[0].facts.path)
    else:
        scans = [cf for cf in ctx.files if cf.facts.usable]
        if scans:
            yield finding("ZC408", ctx.item.id, scans[0].facts.path, detail="公示期是否不少于规定工作日",
                          detail_en="whether the publicity lasted long enough ")
