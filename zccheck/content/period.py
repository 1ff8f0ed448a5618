"""The publicity period (公示期) of a 公示 text, and how many working days it spans.

The notice requires "公示期不少于5个工作日". Working days follow the State Council holiday
arrangement, including make-up workdays on weekends (调休), as published in `chinese_calendar`.
That package only knows the years it was released with; for any other date we report the date
as unknown instead of guessing from the weekday, because a guess is wrong exactly around the
holidays that make a period short.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import chinese_calendar

DEFAULT_PUBLICITY_KEYWORDS: tuple[str, ...] = ("公示时间", "公示期", "公示日期", "公示")

_CHINESE_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_NUMBER = re.compile(r"[〇○零一二三四五六七八九十]{1,4}(?=\s*[年月日号])")

# Any of the dashes and tildes people put between two dates, or 至/到; "起至" is the template's.
_CONNECTOR = r"\s*(?:起\s*)?(?:至|到|~|〜|[-–—―]{1,2})\s*"
# An optional time of day after a date: 9月16日18时, 9月16日 17:30, 9月10日上午9点.
_TIME = r"(?:\s*(?:上午|下午|晚上)?\s*\d{1,2}\s*(?:[:：]\s*\d{2}|[时点](?:\s*\d{1,2}\s*分)?))?"
# The end of a range: a full date, month and day, or the day alone; written either way.
# The final lookahead forbids stopping inside a longer number or before a unit, so "16日18时"
# is not cut to "16" and "2014-2020年度" is no range.
_END = (
    r"(?:(?P<y2>\d{4})\s*(?:年|[./-])\s*)?(?:(?P<m2>\d{1,2})\s*(?:月|[./-])\s*)?(?P<d2>\d{1,2})(?:\s*[日号])?"
    + _TIME
    + r"(?!\s*[\d年月日号:：时点]|[./-]\d)"
)

# 2021年9月10日至2021年9月16日 / 9月10日—16日 / 9月10日至9月16日 / 2021年9月10日-16
_CHINESE_RANGE = re.compile(
    r"(?<!\d)(?:(?P<y1>\d{4})\s*年\s*)?(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})(?:\s*[日号])?"
    + _TIME + _CONNECTOR + _END
)
# 2021.9.10-2021.9.16 / 2021-09-10至2021-09-16 / 2021/9/10~9/16 / 2021.9.10-16. Without 年/月
# the year is required, or "3.5-4.2" would read as a range.
_NUMERIC_RANGE = re.compile(
    r"(?<![\d.])(?P<y1>\d{4})\s*(?P<sep>[./-])\s*(?P<m1>\d{1,2})\s*(?P=sep)\s*(?P<d1>\d{1,2})(?:\s*日)?"
    + _TIME + _CONNECTOR + _END
)
# A year anywhere in the text, to complete ranges written without one ("9月10日—16日").
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|[./-]\s*\d{1,2}\s*[./-])")


@dataclass(frozen=True)
class PeriodMatch:
    start: dt.date | None  # None when the date does not exist or the year is unknown
    end: dt.date | None
    raw: str  # the range as written in the text
    problem: str | None  # None | "impossible-date" | "end-before-start" | "no-year"
    offset: int = 0  # where `raw` starts in the text


@dataclass(frozen=True)
class WorkingDays:
    days: int | None  # None when any date in the range is outside the calendar's years
    unknown_dates: tuple[dt.date, ...]  # the dates the calendar could not judge, in order


def find_periods(text: str, default_year: int | None = None) -> list[PeriodMatch]:
    """Every date range in `text`, in reading order.

    A range written without a year takes the year mentioned nearest to it in the text, else
    `default_year`, else it is reported with problem "no-year". An end without a month takes the
    start's month; an end month earlier than the start month (12月28日至1月5日) is the next year.
    Full-width digits and Chinese numerals (二〇二一年九月十日) are read too.
    """
    prepared, origin = _prepare(text)
    years = [(found.start(), int(found.group(1))) for found in _YEAR.finditer(prepared)]

    found_ranges = [*_CHINESE_RANGE.finditer(prepared), *_NUMERIC_RANGE.finditer(prepared)]
    found_ranges.sort(key=lambda found: found.start())
    periods: list[PeriodMatch] = []
    taken_until = 0
    for found in found_ranges:
        if found.start() < taken_until:
            continue
        taken_until = found.end()
        begin, stop = origin[found.start()], origin[found.end() - 1] + 1
        periods.append(_to_period(found, text[begin:stop], begin, years, default_year))
    return periods


def find_publicity_period(
    text: str,
    default_year: int | None = None,
    keywords: tuple[str, ...] = DEFAULT_PUBLICITY_KEYWORDS,
) -> PeriodMatch | None:
    """The range that states the publicity period: the one nearest to a keyword such as 公示时间.

    Without any keyword in the text the first range is taken; without any range, None.
    """
    periods = find_periods(text, default_year)
    if not periods:
        return None
    anchors = [found.start() for keyword in keywords for found in re.finditer(re.escape(keyword), text)]
    if not anchors:
        return periods[0]
    return min(periods, key=lambda period: min(abs(period.offset - anchor) for anchor in anchors))


def count_working_days(
    start: dt.date,
    end: dt.date,
    extra_holidays: frozenset[dt.date] | set[dt.date] = frozenset(),
    extra_workdays: frozenset[dt.date] | set[dt.date] = frozenset(),
) -> WorkingDays:
    """Working days from `start` to `end`, both included.

    `extra_holidays` / `extra_workdays` come from the rule pack and override the calendar, e.g. a
    regional holiday or an arrangement published after the installed `chinese_calendar`. A date in
    both sets, or an end before the start, is a configuration error (ValueError).
    """
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    conflicting = set(extra_holidays) & set(extra_workdays)
    if conflicting:
        raise ValueError(f"dates both holiday and workday: {sorted(conflicting)}")

    days = 0
    unknown: list[dt.date] = []
    day = start
    while day <= end:
        if day in extra_workdays:
            days += 1
        elif day not in extra_holidays:
            try:
                days += chinese_calendar.is_workday(day)
            except NotImplementedError:  # the package has no data for this year
                unknown.append(day)
        day += dt.timedelta(days=1)
    return WorkingDays(None if unknown else days, tuple(unknown))


def _to_period(
    found: re.Match[str], raw: str, offset: int, years: list[tuple[int, int]], default_year: int | None
) -> PeriodMatch:
    start_year = found["y1"]
    if start_year is None:
        nearest = min(years, key=lambda year: abs(year[0] - found.start()), default=None)
        start_year = nearest[1] if nearest else default_year
    if start_year is None:
        return PeriodMatch(None, None, raw, "no-year", offset)
    start_year, start_month, start_day = int(start_year), int(found["m1"]), int(found["d1"])

    end_month = int(found["m2"]) if found["m2"] else start_month
    if found["y2"]:
        end_year = int(found["y2"])
    else:
        end_year = start_year + 1 if end_month < start_month else start_year
    end_day = int(found["d2"])

    start, end = _date_or_none(start_year, start_month, start_day), _date_or_none(end_year, end_month, end_day)
    if start is None or end is None:
        return PeriodMatch(start, end, raw, "impossible-date", offset)
    if end < start:
        return PeriodMatch(start, end, raw, "end-before-start", offset)
    return PeriodMatch(start, end, raw, None, offset)


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _prepare(text: str) -> tuple[str, list[int]]:
    """`text` with full-width forms folded (NFKC) and Chinese numerals before 年/月/日 turned into
    digits, plus for each resulting character the index of the character it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch):
            chars.append(out)
            origin.append(index)
    folded = "".join(chars)

    rewritten: list[str] = []
    rewritten_origin: list[int] = []
    position = 0
    for found in _CHINESE_NUMBER.finditer(folded):
        digits = _chinese_number_to_digits(found.group(), folded[found.end() :].lstrip()[:1] == "年")
        if digits is None:
            continue
        rewritten.append(folded[position : found.start()])
        rewritten_origin.extend(origin[position : found.start()])
        rewritten.append(digits)
        rewritten_origin.extend([origin[found.start()]] * len(digits))
        position = found.end()
    rewritten.append(folded[position:])
    rewritten_origin.extend(origin[position:])
    return "".join(rewritten), rewritten_origin


def _chinese_number_to_digits(numeral: str, is_year: bool) -> str | None:
    if is_year:  # 二〇二一 is read digit by digit
        if "十" in numeral or len(numeral) != 4:
            return None
        return "".join(str(_CHINESE_DIGITS[ch]) for ch in numeral)
    if "十" not in numeral:
        return str(_CHINESE_DIGITS[numeral]) if len(numeral) == 1 else None
    tens, _, ones = numeral.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return str((_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0))
