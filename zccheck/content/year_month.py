"""A year and month as people write them in a profile (现任职称取得时间, 毕业时间): the one parser.

Accepted: 2016-12, 2016.12, 2016/12, 2016年12月, 2016-12-05 and 2016年12月5日 (the day is ignored),
201612 and 20161205, full-width digits (２０１６－１２). A year alone, a month outside 1–12 or a year
outside 1900–2099 is not a year and month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:[-./年]\s*(\d{1,2})\s*月?(?:\s*[-./]?\s*\d{1,2}\s*日?)?)?\s*$")
_COMPACT_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d{2})(\d{2})(\d{2})?\s*$")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int

    def __post_init__(self) -> None:
        # A bad month would only surface later as a confusing date error inside the arithmetic.
        if not isinstance(self.year, int) or not 1900 <= self.year <= 2200:
            raise ValueError(f"year out of range: {self.year!r}")
        if not isinstance(self.month, int) or not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month!r}")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """The year and month `text` names; ValueError when it names none (see the module docstring)."""
        ym = parse_year_month(text)
        if ym is None:
            raise ValueError(f"not a year and month: {text!r}")
        return ym

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_year_month(value: Any) -> YearMonth | None:
    """The year and month `value` names, or None (see the module docstring)."""
    text = str(value).strip().translate(_FULLWIDTH_DIGITS)
    m = _YEAR_MONTH.match(text) or _COMPACT_YEAR_MONTH.match(text)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2) or 0)
    if not 1 <= month <= 12:
        return None
    return YearMonth(year, month)
