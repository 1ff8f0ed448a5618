"""The publicity period (公示期) of a 公示 text, and how many working days it spans.

The notice requires "公示期不少于5个工作日". Working days follow the State Council holiday
arrangement, including make-up workdays on weekends (调休), as published in `chinese_calendar`.
That package only knows the years it was released with; for any other date we report the date
as unknown instead of guessing from the weekday, because a guess is wrong exactly around the
holidays that make a period short.

Units state the period in three ways, all read here:

- a range: 公示时间从2021年9月10日起至2021年9月16日止, 2021年9月10日—\\n9月16日, 2021.9.10-16,
  二〇二一年九月十日至十六日, with times of day, weekdays, punctuation and line breaks in between;
- labelled fields of a form or table: 公示开始时间：2024-08-29 08:30 | 公示结束时间：2024-09-03 17:30,
  with the values possibly on the following lines (OCR puts table cells on lines of their own);
- a start and a duration: 自2021年9月13日起，为期5个工作日 / 为期七个工作日 / 公示5天.

A template placeholder (××××年××月××日, ____年__月__日, 2021年×月×日, ○月○日) is never a date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import chinese_calendar

# Labels of dates that are not the publicity period, though they sit in a 公示 text: a range
# right after one of them (closer than any publicity keyword) is the tenure, a birth date, ...
DEFAULT_OTHER_LABELS: tuple[str, ...] = (
    "任职时间", "任职期间", "任职年限", "任职起止", "任期", "聘任时间", "聘任期间", "聘期", "聘用", "出生", "生日",
    "参加工作", "工作时间", "工作期间", "工作经历", "培训", "进修", "学习时间", "学习期间", "有效期", "申报时间",
    "申报期间", "申报日期", "申报截止", "报名", "受理", "评审时间", "评审日期", "考核", "毕业", "入职", "入党",
    "发证", "颁发", "取得", "任现职", "合同", "注册", "继续教育", "学年", "年度", "挂职", "援疆", "支教", "研修",
    "访学", "服务期", "锻炼", "实习", "见习", "试用期",
)

_CHINESE_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}
# A Chinese number before a unit of date, time or duration: 二〇二一年, 九月, 十三日, 九时, 三十分, 七个, 五天.
_CHINESE_NUMBER = re.compile(r"[〇○零一二两三四五六七八九十]{1,4}(?=\s*[年月日号时点分个天周])")

# An optional weekday after a date: 9月10日（星期五）, 9月10日周五.
_WEEKDAY = r"(?:\s*[(（]?\s*(?:星期|礼拜|周)\s*[一二三四五六日天1-7]\s*[)）]?)?"
# An optional time of day after a date: 9月16日18时, 9月16日 17:30, 9月10日上午9点, 17时30分, 下午5:30.
_TIME = (r"(?:\s*(?:上午|下午|中午|晚上|早上|凌晨|傍晚|晚|早)?\s*\d{1,2}\s*"
         r"(?:[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?|[时点](?:\s*\d{1,2}\s*分|\s*[整半])?))?")
# Between the two ends: 至/到 or a dash or tilde, after an optional 起 and comma; the template's 起至,
# "起，至", and a line break anywhere (a PDF line or an OCR line ends where it likes).
# OCR reads a dash as 一 now and then: taken only right before a digit.
_CONNECTOR = r"\s*(?:起|开始)?\s*[,，、]?\s*(?:至|到|~|〜|[-–—―─−‐‑]{1,2}|一(?=\s*\d))\s*"
# The end of a range: a full date, month and day, or the day alone; written either way. It must not
# stop inside a longer number or before 年/月 ("2014-2020年度" is no range); a time is taken whole.
_END = (
    r"(?:(?P<y2>\d{4})\s*(?:年|[./-])\s*)?(?:(?P<m2>\d{1,2})\s*(?:月|[./-])\s*)?(?P<d2>\d{1,2})(?!\d)(?!\s*[年月])"
    r"(?:\s*[日号])?" + _WEEKDAY + _TIME + r"(?![:：时点]|[./-]\d)"
)

# 2021年9月10日至2021年9月16日 / 9月10日—16日 / 9月10日至9月16日 / 2021年9月10日-16
_CHINESE_RANGE = re.compile(
    r"(?<![\d.])(?:(?P<y1>\d{4})\s*年\s*)?(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})(?!\d)(?:\s*[日号])?"
    + _WEEKDAY + _TIME + _CONNECTOR + _END
)
# 2021.9.10-2021.9.16 / 2021-09-10至2021-09-16 / 2021/9/10~9/16 / 2021.9.10-16. Without 年/月
# the year is required, or "3.5-4.2" would read as a range.
_NUMERIC_RANGE = re.compile(
    r"(?<![\d.])(?P<y1>\d{4})\s*(?P<sep>[./-])\s*(?P<m1>\d{1,2})\s*(?P=sep)\s*(?P<d1>\d{1,2})(?!\d)(?:\s*日)?"
    + _WEEKDAY + _TIME + _CONNECTOR + _END
)
# 9.13-9.17 / 9.13—17: a year-less numeric range, read only right after a publicity keyword
# (公示时间：9.13-9.17), since elsewhere "3.5-4.2" is anything but dates.
_SHORT_NUMERIC_RANGE = re.compile(
    r"(?<![\d.])(?P<m1>\d{1,2})\s*\.\s*(?P<d1>\d{1,2})(?![\d.])" + _TIME + _CONNECTOR
    + r"(?:(?P<m2>\d{1,2})\s*\.\s*)?(?P<d2>\d{1,2})(?![\d.])(?:\s*日)?" + _TIME + r"(?![\d:：时点])"
)
_SHORT_LEAD = re.compile(r"公示(?:期限|期间|时间|日期|期)?\s*(?:为|是|从|自)?\s*[:：]?\s*$")
# One date: 2021年9月13日, 9月13日, 2021-09-13, 2021.9.13, 2021/9/13 (a month and day without a year
# needs its 日).
_DATE = re.compile(
    r"(?<![\d.])(?:(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})(?!\d)(?:\s*[日号])?"
    r"|(?P<m0>\d{1,2})\s*月\s*(?P<d0>\d{1,2})\s*[日号]"
    r"|(?P<ny>\d{4})\s*(?P<sep>[./-])\s*(?P<nm>\d{1,2})\s*(?P=sep)\s*(?P<nd>\d{1,2})(?![\d.]))"
)
# A year anywhere in the text, to complete ranges written without one ("9月10日—16日").
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|[./-]\s*\d{1,2}\s*[./-])")
# A template's year left unfilled, right before a month: ××××年9月, ____年9月, 20××年.
_PLACEHOLDER_YEAR = re.compile(r"[×✕✗╳xX*_○〇?？]\s*年\s*$")

# Labelled fields: 公示开始时间 / 公示起始日期 / 开始时间 … 公示结束时间 / 公示截止日期 / 结束时间,
# or one 起止时间 label before both dates.
_START_LABEL = re.compile(
    r"(?P<both>(?:公示\s*)?起\s*止\s*(?:时间|日期))"
    r"|公示\s*(?:开始|起始)\s*(?:时间|日期)?|(?:开始|起始)\s*(?:时间|日期)|公示\s*(?:时间|日期)"
)
_END_LABEL = re.compile(r"公示\s*(?:结束|截止|截至|终止)\s*(?:时间|日期)?|(?:结束|截止|截至|终止)\s*(?:时间|日期)")
# Words before 截止时间/结束日期 that make it another deadline than the publicity's.
_OTHER_DEADLINES = ("申报", "报名", "受理", "报送", "提交", "上报", "缴费", "投标", "报价", "评审", "有效", "任职", "聘任",
                    "培训", "学习", "考试", "活动")
_LABEL_GAP = 80  # characters from a start label to its end label, and from a label to its value

# A stated duration: 为期5个工作日, 公示期为七个工作日, 公示5天, 公示期限：一周, …起5个工作日. Only a
# statement counts: 公示期不少于5个工作日 (the notice's requirement) and 5个工作日内 are not.
_DURATION = re.compile(
    r"(?P<lead>公示\s*(?:期限|期间|时间|日期|期)?\s*(?:为|是|定为|共计|共|计)?\s*[:：]?"
    r"|为期|共计|共|历时|起\s*[,，]?)"
    r"\s*满?\s*(?P<n>\d{1,3})\s*"
    r"(?P<unit>个?\s*工作日|个?\s*工作天|个?\s*自然日|个?\s*日历日|日历天|天|个?\s*(?:周|星期)|日)"
    r"(?!\s*(?:内|以内|之内|后|之后|前|以前))"
)
_SENTENCE_END = "。;；!！?？"
_CJK_GAP = re.compile(r"(?<=[\u3007\u4e00-\u9fff])[ \t\u3000\r\n]+(?=[\u3007\u4e00-\u9fff])")
_CONTEXT = 40  # how far back a keyword or another label is looked for before a date


@dataclass(frozen=True)
class PeriodMatch:
    start: dt.date | None  # None when the date does not exist, the year is unknown, or none was written
    end: dt.date | None  # None also for a duration: its end was not written
    raw: str  # the range or duration as written in the text (line breaks folded to spaces)
    problem: str | None  # None | "impossible-date" | "end-before-start" | "no-year"
    offset: int = 0  # where `raw` starts in the text
    days: int | None = None  # a stated duration (为期5个工作日, 公示5天); None for a range
    unit: str | None = None  # the duration's days: "working" or "calendar"


@dataclass(frozen=True)
class DateMatch:
    date: dt.date | None  # None when the date does not exist or its year is unknown
    raw: str
    offset: int


@dataclass(frozen=True)
class WorkingDays:
    days: int | None  # None when any date in the range is outside the calendar's years
    unknown_dates: tuple[dt.date, ...]  # the dates the calendar could not judge, in order


@dataclass(frozen=True)
class _Date:  # a date as found in the prepared text, its year possibly missing
    year: int | None
    month: int
    day: int
    start: int
    end: int


def find_periods(text: str, default_year: int | None = None) -> list[PeriodMatch]:
    """Every date range in `text`, in reading order: ranges written with 至/—/~ and pairs of labelled
    start and end fields.

    A range written without a year takes the year of a date mentioned nearest to it in the text, else
    `default_year`, else it is reported with problem "no-year". An end without a month takes the
    start's month; an end month earlier than the start month (12月28日至1月5日) is the next year.
    Full-width digits and Chinese numerals (二〇二一年九月十日) are read too.
    """
    prepared, origin = _prepare(text)
    years = _years(prepared)
    return [period for _, period in _ranges(text, prepared, origin, years, default_year)]


def find_durations(text: str, default_year: int | None = None) -> list[PeriodMatch]:
    """Every stated duration of a publicity (为期5个工作日, 公示期5天, …起七个工作日), in reading order,
    with the start date written in the same sentence if any (自2021年9月13日起，为期5个工作日)."""
    prepared, origin = _prepare(text)
    years = _years(prepared)
    return [period for _, _, period in _durations(text, prepared, origin, years, default_year)]


def find_dates(text: str, default_year: int | None = None) -> list[DateMatch]:
    """Every single date in `text` (2021年9月13日, 9月13日, 2021-09-13, 二〇二一年九月十三日), never a
    template placeholder."""
    prepared, origin = _prepare(text)
    years = _years(prepared)
    return [DateMatch(_resolve(found, years, default_year), _raw(text, origin, found.start, found.end),
                      origin[found.start]) for found in _dates(prepared)]


def find_publicity_period(
    text: str,
    default_year: int | None,
    keywords: tuple[str, ...],
    other_labels: tuple[str, ...] = DEFAULT_OTHER_LABELS,
) -> PeriodMatch | None:
    """What states the publicity period: a range or a duration, preferring one with a keyword (the
    pack's, such as 公示时间) before it in its sentence, then a range over a duration, then the one nearest a keyword.

    A range right after another label (任职时间, 出生, 申报时间, …: `other_labels`) is never taken;
    a duration counts only in a sentence about the 公示. Without any, None.
    """
    prepared, origin = _prepare(text)
    years = _years(prepared)
    anchors = sorted(found.start() for keyword in keywords for found in re.finditer(re.escape(keyword), prepared))
    candidates: list[tuple[tuple[bool, int, int, int], PeriodMatch]] = []
    for position, period in _ranges(text, prepared, origin, years, default_year):
        score = _context_score(prepared, position, keywords, other_labels)
        if score is not None:  # a range whose year is unknown is taken only when nothing else is there
            candidates.append(((period.problem == "no-year", score, 0, _distance(position, anchors)), period))
    for position, lead, period in _durations(text, prepared, origin, years, default_year):
        score = 0 if any(keyword in lead for keyword in keywords) else _context_score(
            prepared, position, keywords, other_labels)
        # 为期/…起 say "this lasts"; 共/历时 only count in a sentence about the 公示.
        if score == 0 or (score == 1 and lead.startswith(("为期", "起"))):
            candidates.append(((False, score, 1 if period.start else 2, _distance(position, anchors)), period))
    if not candidates:
        return None
    return min(candidates, key=lambda candidate: candidate[0])[1]


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
    _check_overrides(extra_holidays, extra_workdays)
    days = 0
    unknown: list[dt.date] = []
    day = start
    while day <= end:
        workday = _is_workday(day, extra_holidays, extra_workdays)
        if workday is None:
            unknown.append(day)
        else:
            days += workday
        day += dt.timedelta(days=1)
    return WorkingDays(None if unknown else days, tuple(unknown))


def nth_working_day(
    start: dt.date,
    n: int,
    extra_holidays: frozenset[dt.date] | set[dt.date] = frozenset(),
    extra_workdays: frozenset[dt.date] | set[dt.date] = frozenset(),
) -> dt.date | None:
    """The day on which a publicity of `n` working days starting on `start` ends (`start` counts when
    it is a working day), or None when the calendar cannot judge a day on the way."""
    if n < 1:
        raise ValueError(f"a duration of {n} working days")
    _check_overrides(extra_holidays, extra_workdays)
    day, counted = start, 0
    for _ in range(n * 7 + 31):  # no holiday arrangement is longer than that
        workday = _is_workday(day, extra_holidays, extra_workdays)
        if workday is None:
            return None
        counted += workday
        if counted == n:
            return day
        day += dt.timedelta(days=1)
    return None


def _is_workday(day: dt.date, extra_holidays, extra_workdays) -> bool | None:
    if day in extra_workdays:
        return True
    if day in extra_holidays:
        return False
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # the package has no data for this year
        return None


def _check_overrides(extra_holidays, extra_workdays) -> None:
    conflicting = set(extra_holidays) & set(extra_workdays)
    if conflicting:
        raise ValueError(f"dates both holiday and workday: {sorted(conflicting)}")


# --- reading ---------------------------------------------------------------------------------------

def _ranges(text: str, prepared: str, origin: list[int], years, default_year) -> list[tuple[int, PeriodMatch]]:
    """(where its context ends in `prepared`, the period) for every range and labelled pair."""
    found_ranges = [*_CHINESE_RANGE.finditer(prepared), *_NUMERIC_RANGE.finditer(prepared)]
    found_ranges += [found for found in _SHORT_NUMERIC_RANGE.finditer(prepared)
                     if _SHORT_LEAD.search(prepared[max(0, found.start() - 10):found.start()])]
    found_ranges.sort(key=lambda found: found.start())
    out: list[tuple[int, PeriodMatch]] = []
    spans: list[tuple[int, int]] = []
    taken_until = 0
    for found in found_ranges:
        if found.start() < taken_until:
            continue
        taken_until = found.end()
        spans.append((found.start(), found.end()))
        year1, year2 = found.groupdict().get("y1"), found.groupdict().get("y2")
        if _is_placeholder_year(prepared, found.start(), year1) or 0 in _ints(found, "m1", "d1", "m2", "d2"):
            continue
        first = _Date(int(year1) if year1 else None, int(found["m1"]), int(found["d1"]), found.start(), found.start())
        last = (int(year2) if year2 else None, int(found["m2"]) if found["m2"] else None, int(found["d2"]))
        raw = _raw(text, origin, found.start(), found.end())
        out.append((found.start(), _period(first, last, raw, origin[found.start()], years, default_year)))

    for label_end, opening, closing in _labelled_pairs(prepared):
        if any(begin <= opening.start < stop or begin <= closing.start < stop for begin, stop in spans):
            continue  # 公示起止时间：2021年9月13日至9月17日 is a range already
        raw = _raw(text, origin, opening.start, closing.end)
        out.append((label_end, _period(opening, (closing.year, closing.month, closing.day), raw,
                                       origin[opening.start], years, default_year)))
    out.sort(key=lambda pair: pair[1].offset)
    return out


def _labelled_pairs(prepared: str) -> list[tuple[int, _Date, _Date]]:
    """(end of the start label, start date, end date) for each form's or table's pair of fields."""
    dates = _dates(prepared)
    date_starts = [d.start for d in dates]
    end_labels = [found for found in _END_LABEL.finditer(prepared)
                  if not _ends_with_other_label(prepared[max(0, found.start() - 6):found.start()])]
    end_starts = [found.start() for found in end_labels]

    def dates_in(low: int, high: int) -> list[_Date]:  # dates starting in [low, high)
        return dates[bisect.bisect_left(date_starts, low):bisect.bisect_left(date_starts, high)]

    pairs: list[tuple[int, _Date, _Date]] = []
    used_until = -1
    for label in _START_LABEL.finditer(prepared):
        if label.start() < used_until:
            continue
        if label["both"]:
            after = dates_in(label.end(), label.end() + _LABEL_GAP + 1)[:2]
            if len(after) == 2:
                pairs.append((label.end(), after[0], after[1]))
                used_until = after[1].end
            continue
        index = bisect.bisect_left(end_starts, label.end())
        if index == len(end_labels) or end_starts[index] > label.end() + _LABEL_GAP:
            continue
        end_label = end_labels[index]
        between = dates_in(label.end(), end_label.start())[:1]
        after = dates_in(end_label.end(), end_label.end() + _LABEL_GAP + 1)[:2]
        if between and after:  # 开始时间：A 结束时间：B
            first, last = between[0], after[0]
        elif not between and len(after) == 2:  # a table's header row, then its row of values
            first, last = after[0], after[1]
        else:
            continue
        pairs.append((label.end(), first, last))
        used_until = last.end
    return pairs


def _durations(text: str, prepared: str, origin: list[int], years, default_year) -> list[tuple[int, str, PeriodMatch]]:
    """(where its context ends, its lead word, the period) for every stated duration."""
    dates = _dates(prepared)
    date_starts = [d.start for d in dates]
    out: list[tuple[int, str, PeriodMatch]] = []
    for found in _DURATION.finditer(prepared):
        n, unit, lead = int(found["n"]), re.sub(r"\s+", "", found["unit"]), re.sub(r"\s+", "", found["lead"])
        if n < 1 or n > 60:
            continue
        if unit == "日" and ("时间" in lead or "日期" in lead or re.match(r"\s*[至到~\-—起止]", prepared[found.end():])):
            continue  # 公示时间为13日至17日 is a day of the month
        days, kind = (n * 7, "calendar") if unit.lstrip("个") in ("周", "星期") else (
            n, "working" if "工作" in unit else "calendar")
        start = _duration_start(prepared, found, dates, date_starts)
        begin = min(start.start, found.start()) if start else found.start()
        raw = _raw(text, origin, begin, max(start.end, found.end()) if start else found.end())
        if start is None:
            period = PeriodMatch(None, None, raw, None, origin[begin], days, kind)
        else:
            date = _resolve(start, years, default_year)
            problem = None if date else ("impossible-date" if _year_of(start, years, default_year) else "no-year")
            if problem == "no-year":
                period = PeriodMatch(None, None, _raw(text, origin, found.start(), found.end()), None,
                                     origin[found.start()], days, kind)
            else:
                period = PeriodMatch(date, None, raw, problem, origin[begin], days, kind)
        out.append((found.start() + len(found["lead"]), lead, period))
    return out


def _duration_start(prepared: str, found: re.Match[str], dates: list[_Date], date_starts: list[int]) -> _Date | None:
    """The start written with a duration in its sentence: a date marked 起/开始 (before or after the
    duration: 自2021年9月13日起，为期5个工作日 / 公示期为5个工作日，自9月13日起), else the date just
    before it (于2021年9月13日在公示栏公示，为期5个工作日)."""
    sentence_start = _sentence_start(prepared, found.start(), 60)
    sentence_end = min([found.end() + 40, len(prepared)]
                       + [i for i in (prepared.find(c, found.end()) for c in _SENTENCE_END) if i >= 0])
    near = [d for d in dates[bisect.bisect_left(date_starts, sentence_start):bisect.bisect_right(date_starts, sentence_end)]
            if d.end <= sentence_end]
    marked = [d for d in near if re.match(r"\s*(?:起|开始)", prepared[d.end:d.end + 4])]
    if marked:
        return min(marked, key=lambda d: abs(d.start - found.start()))
    before = [d for d in near if d.end <= found.start()]
    return before[-1] if before else None


def _dates(prepared: str) -> list[_Date]:
    out = []
    for found in _DATE.finditer(prepared):
        if found["y"]:
            year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
        elif found["ny"]:
            year, month, day = int(found["ny"]), int(found["nm"]), int(found["nd"])
        else:
            year, month, day = None, int(found["m0"]), int(found["d0"])
            if _is_placeholder_year(prepared, found.start(), None):
                continue
        if month == 0 or day == 0:  # 00月00日 is a template's blank
            continue
        out.append(_Date(year, month, day, found.start(), found.end()))
    return out


def _period(first: _Date, last: tuple[int | None, int | None, int], raw: str, offset: int, years, default_year
            ) -> PeriodMatch:
    start_year = _year_of(first, years, default_year)
    if start_year is None:
        return PeriodMatch(None, None, raw, "no-year", offset)
    end_year, end_month, end_day = last
    end_month = end_month or first.month
    if end_year is None:
        end_year = start_year + 1 if end_month < first.month else start_year
    start, end = _date_or_none(start_year, first.month, first.day), _date_or_none(end_year, end_month, end_day)
    if start is None or end is None:
        return PeriodMatch(start, end, raw, "impossible-date", offset)
    if end < start:
        return PeriodMatch(start, end, raw, "end-before-start", offset)
    return PeriodMatch(start, end, raw, None, offset)


def _years(prepared: str) -> list[tuple[int, int, bool]]:
    """(position, year, whether it is a full date's year) for every year in the text."""
    full = {d.start for d in _dates(prepared) if d.year}
    return [(found.start(), int(found.group(1)), found.start() in full) for found in _YEAR.finditer(prepared)]


def _year_of(date: _Date, years: list[tuple[int, int, bool]], default_year: int | None) -> int | None:
    """A date's own year, else the year of the nearest full date (else of any year) in the text,
    preferring years within one of `default_year`, so a birth date does not lend its year to the
    publicity when the signature's year is there too."""
    if date.year is not None:
        return date.year
    full = [y for y in years if y[2]]
    near = (lambda pool: [y for y in pool if abs(y[1] - default_year) <= 1]) if default_year is not None else (
        lambda pool: pool)
    for pool in (near(full), near(years), full, years):
        if pool:
            return min(pool, key=lambda year: abs(year[0] - date.start))[1]
    return default_year


def _resolve(date: _Date, years, default_year) -> dt.date | None:
    year = _year_of(date, years, default_year)
    return _date_or_none(year, date.month, date.day) if year is not None else None


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _ints(found: re.Match[str], *groups: str) -> list[int]:
    return [int(found[group]) for group in groups if found[group]]


def _is_placeholder_year(prepared: str, start: int, year: str | None) -> bool:
    return year is None and bool(_PLACEHOLDER_YEAR.search(prepared[max(0, start - 8):start]))


def _raw(text: str, origin: list[int], begin: int, end: int) -> str:
    raw = text[origin[begin]:origin[end - 1] + 1]
    return re.sub(r"[ \t\u3000]*[\r\n]+[ \t\u3000\r\n]*", " ", raw)


# --- context ---------------------------------------------------------------------------------------

def _sentence_start(prepared: str, position: int, reach: int) -> int:
    window_start = max(0, position - reach)
    cut = max(prepared.rfind(c, window_start, position) for c in _SENTENCE_END)
    return cut + 1 if cut >= 0 else window_start


def _context_score(prepared: str, position: int, keywords: tuple[str, ...], other_labels: tuple[str, ...]
                   ) -> int | None:
    """0 when a publicity keyword leads to `position` in its sentence, 1 when nothing does, None when
    another label (任职时间, 出生, …) is nearer than any keyword."""
    context = prepared[_sentence_start(prepared, position, _CONTEXT):position]
    keyword_end = max((context.rfind(k) + len(k) for k in keywords if k in context), default=-1)
    other_end = max((context.rfind(label) + len(label) for label in other_labels if label in context), default=-1)
    if other_end > keyword_end:
        return None
    return 0 if keyword_end >= 0 else 1


def _ends_with_other_label(context: str) -> bool:
    """Whether an end label (截止时间) is someone else's: 申报截止时间, 报名截止日期, …"""
    return any(word in context for word in _OTHER_DEADLINES)


def _distance(position: int, anchors: list[int]) -> int:
    """How far `position` is from the nearest of the (sorted) keyword positions."""
    index = bisect.bisect_left(anchors, position)
    return min((abs(position - anchor) for anchor in anchors[max(0, index - 1):index + 1]), default=0)


# --- normalising -----------------------------------------------------------------------------------

def _prepare(text: str) -> tuple[str, list[int]]:
    """`text` with full-width forms folded (NFKC) and Chinese numerals before 年/月/日/时/个/天 turned
    into digits, plus for each resulting character the index of the character it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch):
            chars.append(out)
            origin.append(index)
    # OCR reads 日 as 曰 now and then; after a number it can only be 日.
    for index, ch in enumerate(chars):
        if ch == "曰" and index and (chars[index - 1].isdigit() or chars[index - 1] in _CHINESE_DIGITS
                                    or chars[index - 1] == "十"):
            chars[index] = "日"
    # 公 示 时 间 (justified or OCR text) and 公示时\n间 (a wrapped line) are read as 公示时间.
    spaced, spaced_origin, position = [], [], 0
    for found in _CJK_GAP.finditer("".join(chars)):
        spaced.extend(chars[position:found.start()])
        spaced_origin.extend(origin[position:found.start()])
        position = found.end()
    chars, origin = spaced + chars[position:], spaced_origin + origin[position:]
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
    """二〇二一 (a year, digit by digit), 九, 十三, 二十, 三十一; None for anything else and for a number
    made of zeros only (○月○日 is a template's blank, not a date)."""
    if is_year:
        if "十" in numeral or "两" in numeral or len(numeral) != 4:
            return None
        digits = "".join(str(_CHINESE_DIGITS[ch]) for ch in numeral)
        return None if int(digits) == 0 else digits
    if "十" not in numeral:
        value = _CHINESE_DIGITS[numeral] if len(numeral) == 1 else 0
        return str(value) if value else None
    tens, _, ones = numeral.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return str((_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0))
