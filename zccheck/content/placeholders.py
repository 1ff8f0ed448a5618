"""Find unfilled template marks (××, ××××年××月××日, 某某, 【请填写】, ____) left in a document.

The notice ships its 附件 as templates full of ×× marks; an application that still contains them
was submitted without being filled in. Patterns are plain regex strings so the YAML rule pack can
copy, extend or trim DEFAULT_PATTERNS. The *kind* of a hit is the name of the pattern's first
named group, e.g. ``(?P<cross>××)`` reports kind "cross"; a pattern without a named group reports
kind "custom".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Characters used as a "fill this in" cross. × ✕ ✗ ╳ are never letters, so a single one counts;
# Latin and full-width x/X only count in runs of two or more, because a single X is real text
# ("X光片", "X射线", the check digit of an ID number "…123X").
_CROSS_SYMBOLS = "×✕✗╳"
_CROSS_ANY = "×✕✗╳xXｘＸ"
_DIGIT = "0-9０-９"
_BLANK = " \\t　_＿"

DEFAULT_PATTERNS: list[str] = [
    # 【请填写】 ［请填写姓名］ （请填写…） — explicit instructions to fill in.
    r"(?P<fill_in>[【［\[（(〔][ 　]*请(?:填写|输入|填)[^】］\]）)〕\n]{0,30}[】］\]）)〕])",
    # 签字：____ — a signature/date/stamp label followed by an empty underline.
    r"(?P<blank_field>(?:签字|签名|签章|盖章|日期)[ 　]*[:：][ 　\t]*[_＿]{2,})",
    # ××××年××月××日, 2021年×月×日, ×月×日: a date with at least one crossed-out part.
    # The lookahead finds a cross before the date's 日, so a real date never matches.
    rf"(?P<date>(?<![{_DIGIT}])(?=[^日\n]{{0,24}}?[{_CROSS_ANY}])"
    rf"(?:(?:[{_DIGIT}]{{4}}|[{_CROSS_ANY}]{{1,4}})?[ 　]*年[ 　]*)?"
    rf"(?:[{_DIGIT}]{{1,2}}|[{_CROSS_ANY}]{{1,2}})?[ 　]*月[ 　]*"
    rf"(?:[{_DIGIT}]{{1,2}}|[{_CROSS_ANY}]{{1,2}})?[ 　]*日)",
    # 年  月  日 / 2021年  月  日 / 2021年9月  日: a date printed with blanks to write on.
    # Blanks are required, so the label "出生年月日" does not match.
    rf"(?P<blank_date>(?<![{_DIGIT}])(?:[{_DIGIT}]{{4}}[ 　]*)?年"
    rf"(?:[{_BLANK}]+月[{_BLANK}]*|[ 　]*[{_DIGIT}]{{1,2}}[ 　]*月[{_BLANK}]+)日)",
    # ×（高、中、初）级: the level choice left unresolved, with or without the cross before it.
    rf"(?P<choice>[{_CROSS_ANY}]{{0,3}}[（(][ 　]*高[ 　]*[、,，/][ 　]*中[ 　]*[、,，/][ 　]*初[ 　]*[）)])",
    # 某某同志, 某某单位.
    r"(?P<someone>某某+)",
    # ××同志, XX系列, ×级. A single × between digits or units is multiplication (3×4,
    # 210mm×297mm, 3 × 4), so a lone cross must not touch a digit or Latin letter.
    rf"(?P<cross>(?<![A-Za-z])[{_CROSS_ANY}]{{2,}}(?![A-Za-z])"
    rf"|(?<![{_DIGIT}A-Za-z.])(?<![{_DIGIT}A-Za-z.][ 　])[{_CROSS_SYMBOLS}](?![ 　]?[{_DIGIT}A-Za-z]))",
    # ______ or ＿＿ — an underline left empty.
    r"(?P<underline>[_＿]{3,}|＿＿)",
]

# Opt-in: the guidance parentheses of 附件1 ("（包括：性别、族别…）", "（突出政治表现…）",
# "（简要描述…）"). Not in the defaults because a filled form may legitimately keep its headings.
GUIDANCE_PATTERNS: list[str] = [
    r"(?P<guidance>[（(](?:包括[:：]|突出政治表现|简要描述)[^）)\n]{0,80}[）)])",
]

CONTEXT_CHARS = 12

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PlaceholderHit:
    kind: str  # name of the pattern's named group: fill_in, blank_field, date, blank_date, choice, someone, cross, underline
    match: str  # the text as found
    context: str  # up to CONTEXT_CHARS either side plus the match, whitespace runs collapsed to one space
    start: int  # offset of the match in the text


@lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for pattern in patterns:
        regex = re.compile(pattern)
        names = sorted(regex.groupindex.items(), key=lambda item: item[1])
        compiled.append((regex, names[0][0] if names else "custom"))
    return tuple(compiled)


def find_placeholders(text: str, patterns: list[str] | None = None) -> list[PlaceholderHit]:
    """All unfilled template marks in `text`, in reading order.

    `patterns` defaults to DEFAULT_PATTERNS. When matches overlap, the longest wins and, at equal
    length, the earlier pattern in the list — so "××××年××月××日" is one "date" hit, not three
    "cross" hits.
    """
    candidates: list[tuple[int, int, int, str]] = []
    for order, (regex, kind) in enumerate(_compile(tuple(DEFAULT_PATTERNS if patterns is None else patterns))):
        for found in regex.finditer(text):
            if found.end() > found.start():
                candidates.append((found.start(), -(found.end() - found.start()), order, kind))
    candidates.sort()

    hits: list[PlaceholderHit] = []
    covered_until = 0
    for start, negative_length, _order, kind in candidates:
        end = start - negative_length
        if start < covered_until:
            continue
        covered_until = end
        context = text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]
        hits.append(PlaceholderHit(kind, text[start:end], _WHITESPACE.sub(" ", context).strip(), start))
    return hits
