"""Find unfilled template marks (××, ××××年××月××日, 某某, 【请填写】, ____) left in a document.

The notice ships its 附件 as templates full of ×× marks; an application that still contains them
was submitted without being filled in. What a mark looks like depends on the notice's templates, so
the patterns are the rule pack's (content.yaml `placeholder.patterns`, commented there), plain regex
strings. The *kind* of a hit is the name of the pattern's first named group, e.g. ``(?P<cross>××)``
reports kind "cross"; a pattern without a named group reports kind "custom".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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


def find_placeholders(text: str, patterns: list[str] | tuple[str, ...]) -> list[PlaceholderHit]:
    """All unfilled template marks in `text`, in reading order.

    When matches overlap, the longest wins and, at equal
    length, the earlier pattern in the list — so "××××年××月××日" is one "date" hit, not three
    "cross" hits.
    """
    candidates: list[tuple[int, int, int, str]] = []
    for order, (regex, kind) in enumerate(_compile(tuple(patterns))):
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
