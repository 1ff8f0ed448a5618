"""Which item a file is. Evidence in order of trust: the slot folder it sits in, its name, its text.

A real folder is either laid out in slot folders (01-承诺书/…) or flat with messy names; both work.
Among items, the longest matching word wins (身份证照片: 身份证 beats 照片); a tie goes to the item
whose required years contain the file's years (继续教育2021 → 专业科目, 继续教育2018 → 公需科目).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

from zccheck.classify.years import years_in_name, years_in_text
from zccheck.models import Classification, FileFacts
from zccheck.pack.model import Item, Matcher, Pack

_SLOT_PREFIX = re.compile(r"^[\s\d０-９一二三四五六七八九十、.．_\-—()（）\[\]【】]+")
_WORD_CHAR = re.compile(r"\w")
TEXT_HEAD_CHARS = 400  # titles stand at the top of a page: matching there avoids body-text noise
# Overruling a slot folder takes more: the other item's phrase must stand in the title zone itself
# (a work summary that mentions 年度考核 in its third paragraph is still a work summary).
TITLE_ZONE_CHARS = 80


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def slot_label(folder: str) -> str:
    """01-承诺书 → 承诺书; （五）现任职称 → 现任职称."""
    return _SLOT_PREFIX.sub("", norm(folder)) or norm(folder)


@dataclass(frozen=True)
class Score:
    longest: int
    count: int

    def __bool__(self) -> bool:
        return self.count > 0


@functools.lru_cache(maxsize=8192)
def _norm_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Pack words normalised once (a batch classifies tens of thousands of files against them)."""
    return tuple(w for w in (norm(x) for x in words) if w)


def _score(haystack: str, words: tuple[str, ...], excludes: tuple[str, ...]) -> Score:
    if not haystack or any(x in haystack for x in _norm_words(excludes)):
        return Score(0, 0)
    hits = [len(w) for w in _norm_words(words) if w in haystack]
    return Score(max(hits, default=0), len(hits))


def _best(scores: dict[str, Score], items: dict[str, Item], years: tuple[int, ...]) -> tuple[str | None, tuple[str, ...]]:
    live = {k: v for k, v in scores.items() if v}
    if not live:
        return None, ()
    top = max((v.longest, v.count) for v in live.values())
    leaders = [k for k, v in live.items() if (v.longest, v.count) == top]
    if len(leaders) > 1 and years:
        by_year = [k for k in leaders if items[k].years and set(years) & set(items[k].years.required)]
        if len(by_year) == 1:
            return by_year[0], tuple(leaders)
    if len(leaders) == 1:
        return leaders[0], ()
    return None, tuple(sorted(leaders))


def folder_scores(folder: str, pack: Pack) -> dict[str, Score]:
    label = slot_label(folder)
    scores = {}
    for it in pack.items:
        if label == slot_label(it.slot):
            scores[it.id] = Score(1000, 1)
        else:
            # No exclusions here: a merged slot (照片及身份证) names words another item excludes.
            scores[it.id] = _score(label, it.match.folders, ())
    return scores


def slot_items(folder: str, pack: Pack) -> tuple[str, ...]:
    """The items a slot folder is for: one (03-身份证), several when people merge slots the way the
    notice groups them (照片及身份证, 继续教育证书), none when it is not a slot folder."""
    scores = folder_scores(folder, pack)
    exact = [k for k, v in scores.items() if v.longest == 1000]
    if exact:
        return (exact[0],)
    ranked = sorted((k for k, v in scores.items() if v), key=lambda k: (-scores[k].longest, -scores[k].count))
    return tuple(ranked)


def slot_item_of(folder: str, pack: Pack) -> str | None:
    found = slot_items(folder, pack)
    return found[0] if found else None


def _name_scores(stem: str, pack: Pack) -> dict[str, Score]:
    return {it.id: _score(stem, it.match.names, it.match.exclude_names) for it in pack.items}


def norm_head(text: str, chars: int) -> str:
    """norm(text)[:chars] without normalising the whole text (a 12-page document for an 80-character
    title zone): normalise a raw prefix, longer until it gives more than `chars` characters."""
    size = chars * 2
    while True:
        head = norm(text[:size])
        if len(head) > chars or size >= len(text):
            return head[:chars]
        size *= 4


@dataclass(frozen=True)
class _NameEvidence:
    """What a file's path says: its years, its name words, and the item they point to (or the tie)."""

    years: tuple[int, ...]
    hay: str
    item: str | None
    ties: tuple[str, ...]


def _name_evidence(path: str, pack: Pack, items: dict[str, Item], in_slot: bool) -> _NameEvidence:
    parts_of_path = path.split("/")
    inner_folders = parts_of_path[1:-1] if in_slot else parts_of_path[:-1]
    years = years_in_name(parts_of_path[-1], pack.year) or years_in_name(" ".join(inner_folders), pack.year)
    # Sub-folders inside a slot (or a flat layout's only folder level) count like file-name words.
    hay = norm(" ".join([*inner_folders, parts_of_path[-1].rsplit(".", 1)[0]]))
    item, ties = _best(_name_scores(hay, pack), items, years)
    return _NameEvidence(years, hay, item, ties)


def path_candidates(path: str, pack: Pack, slot_set: tuple[str, ...] = ()) -> frozenset[str]:
    """Every item the slot folder and the name of a file at `path` could make it (what classify() would
    weigh before the file's content); empty when they do not settle it: outside a slot folder, a name
    that ties between items leaves the file to its text or its look."""
    name = _name_evidence(path, pack, {it.id: it for it in pack.items}, bool(slot_set))
    if not slot_set and name.item is None:
        return frozenset()
    return frozenset({*slot_set, *name.ties, *([name.item] if name.item else [])})


def _text_scores(text: str, pack: Pack, chars: int = TEXT_HEAD_CHARS) -> dict[str, Score]:
    head = norm_head(text, chars)
    return {it.id: _score(head, it.match.text, it.match.exclude_text) for it in pack.items}


def _parts(item: Item, path_words: str, text: str) -> frozenset[str]:
    if item.parts is None:
        return frozenset()
    body = norm_head(text, TEXT_HEAD_CHARS * 3)
    found = set()
    for part in item.parts.parts:
        m: Matcher = part.match
        if _score(path_words, m.names, m.exclude_names) or _score(body, m.text, m.exclude_text):
            found.add(part.id)
    return frozenset(found)


def classify(facts: FileFacts, pack: Pack, slot_set: tuple[str, ...] = ()) -> Classification:
    """`slot_set`: the items of the slot folder the file sits in (slot_items of the folder right below
    the applicant root; empty when the file is not in a slot folder)."""
    items = {it.id: it for it in pack.items}
    name = _name_evidence(facts.path, pack, items, bool(slot_set))
    name_years, name_hay, name_item, name_ties = name.years, name.hay, name.item, name.ties
    text = facts.text
    text_item, text_ties = (None, ())
    if text.strip():
        text_item, text_ties = _best(_text_scores(text, pack), items, name_years or years_in_text(text, pack.year))
    wordless = len(list(itertools.islice(_WORD_CHAR.finditer(text), 4))) < 4  # OCR reads "0" in a face: that is no text
    looked = _by_look(facts, pack) if wordless else None

    if slot_set:
        # 错传: the name or the title says clearly that this is another item, and nothing says it is the slot's.
        title_item = _best(_text_scores(text, pack, TITLE_ZONE_CHARS), items, name_years)[0] if text.strip() else None
        evidence = {name_item, title_item} - {None}
        if evidence and not evidence & set(slot_set) and not set(slot_set) & set(name_ties + text_ties):
            other = name_item or title_item
            return Classification(item=None, source="misfiled", slot_item=slot_set[0],
                                  candidates=(other,), years=_years(items[other], name_years, text, pack.year))
        item = _within(slot_set, (name_item, text_item, looked), items, name_years or years_in_text(text, pack.year))
        if item is None:
            return Classification(item=None, source="none", slot_item=slot_set[0], candidates=slot_set)
        source, slot_item = "slot", item
    elif name_item:
        item, source, slot_item = name_item, "name", None
    elif text_item:
        item, source, slot_item = text_item, "text", None
    elif looked:
        item, source, slot_item = looked, "look", None
    else:
        return Classification(item=None, source="none", candidates=tuple(sorted(set(name_ties + text_ties))))
    it = items[item]
    return Classification(item=item, parts=_parts(it, name_hay, text), years=_years(it, name_years, text, pack.year),
                          source=source, slot_item=slot_item)


def _within(slot_set: tuple[str, ...], evidence: tuple[str | None, ...], items: dict[str, Item],
            years: tuple[int, ...]) -> str | None:
    """Which of a slot's items a file is: the first piece of evidence that names one of them; in a
    merged slot, else the one whose required years hold the file's years; a single slot needs none."""
    for candidate in evidence:
        if candidate in slot_set:
            return candidate
    if len(slot_set) == 1:
        return slot_set[0]
    by_year = [k for k in slot_set if items[k].years and set(years) & set(items[k].years.required)]
    return by_year[0] if len(by_year) == 1 else None


def _by_look(facts: FileFacts, pack: Pack) -> str | None:
    image = facts.image
    if image is None or image.blank or image.paper_fraction is None or not image.height:
        return None
    low, high = pack.files.photo_aspect
    portrait_photo = low <= image.width / image.height <= high and image.paper_fraction <= pack.files.photo_max_paper_fraction
    matches = [it.id for it in pack.items if portrait_photo and "portrait-photo" in it.match.looks_like]
    return matches[0] if len(matches) == 1 else None


def _years(item: Item, name_years: tuple[int, ...], text: str, notice_year: int) -> tuple[int, ...]:
    if item.years is None:
        return ()
    return name_years or years_in_text(text, notice_year)
