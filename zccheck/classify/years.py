"""Years a certificate or form is for, read from names and text.

File names are deliberate (2018公需.pdf, 考核表2019.pdf, 公需2014-2020.pdf), so a year in the name wins.
Text is noisy (issue dates, birth dates, 任职时间): there only year *labels* count — 2019年度, （2019）,
2019年 not followed by a month — so 2020年1月5日 on a 2019年度 certificate is not read as 2020.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_YEAR = r"((?:19|20)\d{2})"
_RANGE = re.compile(_YEAR + r"\s*(?:年度?)?\s*[-–—~～至到]\s*" + _YEAR)
_NAME_YEAR = re.compile(r"(?<!\d)" + _YEAR + r"(?!\d)")
_TEXT_LABELS = (
    re.compile(_YEAR + r"\s*年\s*度"),
    re.compile(r"[（(]\s*" + _YEAR + r"\s*[)）]"),
    re.compile(r"(?<!\d)" + _YEAR + r"\s*年(?!\s*\d{1,2}\s*月)(?!\s*[一二三四五六七八九十]{1,2}\s*月)"),
)
# A calendar date in a name is when a device saved the file (扫描全能王 2021-09-16 18.11_1.jpg,
# Screenshot_2021-09-08-10-15-33.png, 2021.09.08 扫描.pdf), not the year a certificate is for.
_NAME_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?P<sep>[-._/])(?:0?[1-9]|1[0-2])(?P=sep)(?:0?[1-9]|[12]\d|3[01])(?!\d)"
                        r"|(?<!\d)\d{1,2}(?P<sep2>[-._/])\d{1,2}(?P=sep2)(?:19|20)\d{2}(?!\d)")  # CamScanner 09-08-2021
# A camera's picture counter is no year: IMG_2006.JPG is the 2,006th photo (iPhone, Canon's IMG_ and _MG_,
# Nikon's DSC_/DSCN, Fujifilm's DSCF, Pentax's IMGP, Samsung's SAM_, Casio's CIMG, Xiaomi's MVIMG_), and the
# document photographed in it may be of any year; the edited copy an iPhone saves is IMG_E2006.
_CAMERA_COUNTER = re.compile(r"(?i)(?<![a-z])(?:img|_mg|dsc|dscn|dscf|imgp|sam|cimg|mvimg|pict|dcp)[_-]?e?\d{4}(?!\d)")
# A line wrapped inside a year label: "参加202\n1年度专业科目培训" (OCR keeps the printed line breaks).
_WRAPPED_YEAR = re.compile(r"(?<!\d)(\d{1,3})[ \t]*\n[ \t]*(\d{1,3})(?=\s*年)")


def _unwrap_year(m: re.Match[str]) -> str:
    joined = m.group(1) + m.group(2)
    return joined if len(joined) == 4 and joined[:2] in ("19", "20") else m.group(0)


MAX_RANGE = 15  # 2014-2020 is a range of certificates; 1990-2021 is a biography, not a range


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _plausible(year: int, notice_year: int) -> bool:
    return 1980 <= year <= notice_year + 1


def years_in_name(name: str, notice_year: int) -> tuple[int, ...]:
    name = _CAMERA_COUNTER.sub(" ", _NAME_DATE.sub(" ", normalize(name)))
    years: set[int] = set()
    for m in _RANGE.finditer(name):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b and b - a <= MAX_RANGE:
            years.update(range(a, b + 1))
    name_wo_ranges = _RANGE.sub(" ", name)
    # Long digit runs are dates or IDs (IMG_20210908_0001): the lookarounds keep them out.
    years.update(int(y) for y in _NAME_YEAR.findall(name_wo_ranges))
    return tuple(sorted(y for y in years if _plausible(y, notice_year)))


@functools.lru_cache(maxsize=64)  # a file's text is asked several times while it is classified
def years_in_text(text: str, notice_year: int) -> tuple[int, ...]:
    text = _WRAPPED_YEAR.sub(_unwrap_year, normalize(text))
    years: set[int] = set()
    for m in _RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        # Only a labelled range (2014-2020年度) counts in text; bare ranges are often periods of work.
        if a <= b and b - a <= MAX_RANGE and "年度" in text[m.end():m.end() + 3]:
            years.update(range(a, b + 1))
    for pattern in _TEXT_LABELS:
        found = {int(y) for y in pattern.findall(text)}
        found = {y for y in found if _plausible(y, notice_year)}
        if found:
            years.update(found)
            break  # the strongest kind of label present decides
    return tuple(sorted(years))


def has_year_label(text: str, notice_year: int) -> bool:
    """Whether `text` holds a year label of the two strong kinds (2019年度, （2019）): a certificate read from
    its top has shown the year it is for. More text could change years_in_text only by labelling another
    year (a weak 2020年 never outranks these)."""
    text = _WRAPPED_YEAR.sub(_unwrap_year, normalize(text))
    return any(_plausible(int(y), notice_year) for pattern in _TEXT_LABELS[:2] for y in pattern.findall(text))
