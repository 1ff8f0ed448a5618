"""Which item a file is. Evidence in order of trust: the slot folder it sits in, its name, the
document's own title (the heading of its first page), phrases of its text, its look.

A real folder is either laid out in slot folders (01-承诺书/…) or flat with messy names; both work.
A document is what its title says, not what its body mentions: body phrases only decide when no
title names an item. Among items, the longest matching name word wins (身份证照片: 身份证 beats
照片); in a title, the word nearest its end (the head noun of a Chinese title: …任职资格申报诚信承诺书
is a 承诺书). A tie goes to the item whose required years contain the file's years (继续教育2021 →
专业科目, 继续教育2018 → 公需科目); a tie nothing breaks is said, never guessed.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

from zccheck.classify.heading import PageHead, page_head
from zccheck.classify.years import years_in_name, years_in_text
from zccheck.models import Classification, ClassificationSource, FileFacts
from zccheck.pack.model import Item, Matcher, Pack

_SLOT_PREFIX = re.compile(r"^[\s\d０-９一二三四五六七八九十、.．_\-—()（）\[\]【】]+")
_WORD_CHAR = re.compile(r"\w")
TEXT_HEAD_CHARS = 400  # body phrases are read near the top of a page, where a document says what it is


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
        by_year = [k for k in leaders if set(years) & _required_years(items[k])]
        if len(by_year) == 1:
            return by_year[0], tuple(leaders)
    if len(leaders) == 1:
        return leaders[0], ()
    return None, tuple(sorted(leaders))


def _required_years(item: Item) -> set[int]:
    return set(item.years.required) if item.years else set()


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
    notice groups them (照片及身份证, 继续教育证书), none when it is not a slot folder.

    Sibling slots share words (专业科目培训证书 and 公需科目培训证书 both say 培训证书; 推荐单位审核意见
    and 推荐单位公示 both say 推荐单位): an item that the folder names only by a word another matching
    item also has is not the folder's, when some item is named by a word of its own."""
    scores = folder_scores(folder, pack)
    exact = [k for k, v in scores.items() if v.longest == 1000]
    if exact:
        return (exact[0],)
    ranked = sorted((k for k, v in scores.items() if v), key=lambda k: (-scores[k].longest, -scores[k].count))
    label = slot_label(folder)
    matched = {k: {w for w in _norm_words(pack.item(k).match.folders) if w in label} for k in ranked}

    def own_words(k: str) -> set[str]:
        others = set().union(*(words for j, words in matched.items() if j != k))
        return {w for w in matched[k] if not any(w in o or o in w for o in others)}

    distinct = [k for k in ranked if own_words(k)]
    return tuple(distinct or ranked)


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


@dataclass(frozen=True)
class PathEvidence:
    """What a file's slot folder and name say before its content is read (scan.plan plans the looks by it)."""

    could_be: frozenset[str]  # every item they could make it (what classify() would weigh before the
    # content); empty when they do not settle it: outside a slot folder, a name that ties between items
    # leaves the file to its text or its look
    settled: str | None  # the item it is whatever its words say, its years in its path too (see below)
    in_slot: bool = False  # it sits in a slot folder: the sequence pass, which reads words, never moves it
    undated: str | None = None  # the item it is whatever its words say but its title, its years in its words
    # the item in parts its name names (whatever its words say), and the parts the name names of it
    parted: str | None = None
    named_parts: frozenset[str] = frozenset()


def path_evidence(path: str, pack: Pack, slot_set: tuple[str, ...] = ()) -> PathEvidence:
    """`slot_set`: the items of the slot folder the file sits in. `settled`: its name names one item, of its
    slot folder's when it is in one (classify takes the name's item then, and the name's years over the
    text's); None when the text could change the item, its years or its parts (an item in parts: a scan may
    hold a part its name does not say)."""
    items = {it.id: it for it in pack.items}
    name = _name_evidence(path, pack, items, bool(slot_set))
    if not slot_set and name.item is None:
        return PathEvidence(frozenset(), None)
    could_be = frozenset({*slot_set, *name.ties, *([name.item] if name.item else [])})
    settled = name.item if name.item and not name.ties and (not slot_set or name.item in slot_set) else None
    # A slot of one item holds a file whose name names no item (扫描件1.jpg) as that item, unless the file's
    # title names another (misfiled): its item is known once its title is read (heading_rule.DatedNamed).
    placed = settled or (slot_set[0] if len(slot_set) == 1 and name.item is None else None)
    undated = None
    if placed and items[placed].parts is None and items[placed].years is not None and not name.years:
        undated = placed
    parted = settled if settled and items[settled].parts is not None else None
    named_parts = _parts(items[parted], name.hay, "") if parted else frozenset()
    if settled and (items[settled].parts is not None or (items[settled].years is not None and not name.years)):
        settled = None
    return PathEvidence(could_be, settled, bool(slot_set), undated, parted, named_parts)


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


@dataclass(frozen=True)
class _TitleScore:
    """Where an item's title word ends in a heading (nearer the end is the head noun), and its length."""

    end: int
    length: int

    def __bool__(self) -> bool:
        return self.length > 0


def _title_score(heading: str, item: Item) -> _TitleScore:
    m = item.match
    if any(x in heading for x in _norm_words(m.exclude_titles + m.exclude_text)):
        return _TitleScore(0, 0)
    best = _TitleScore(0, 0)
    for word in _norm_words(m.titles):
        at = heading.rfind(word)
        if at >= 0:
            best = max(best, _TitleScore(at + len(word), len(word)), key=lambda t: (t.end, t.length))
    return best


def title_evidence(head: PageHead | None, pack: Pack, items: dict[str, Item],
                   years: tuple[int, ...]) -> tuple[str | None, tuple[str, ...]]:
    """The item a page's own title names, (item, ties) as _best: the shortest heading candidate that
    names any item decides (a title on one line is not overruled by the line under it)."""
    for heading in head.candidates if head else ():
        scores = {it.id: _title_score(heading, it) for it in pack.items}
        live = {k: v for k, v in scores.items() if v}
        if live:
            top = max((v.end, v.length) for v in live.values())
            leaders = {k: Score(1, 1) for k, v in live.items() if (v.end, v.length) == top}
            return _best(leaders, items, years)
    return None, ()


def _settled_by_body(tied: tuple[str, ...], text_scores: dict[str, Score], items: dict[str, Item],
                     years: tuple[int, ...]) -> tuple[str | None, tuple[str, ...]]:
    """A title tie broken by body phrases, among the tied items only (the body never brings in another)."""
    item, _ = _best({k: text_scores.get(k, Score(0, 0)) for k in tied}, items, years)
    return (item, ()) if item else (None, tied)


def body_phrases(facts: FileFacts, pack: Pack, item_id: str, chars: int = TEXT_HEAD_CHARS) -> Score:
    """`item_id`'s text phrases in the first `chars` characters of the file: the longest one's length and
    how many (公民身份号码 says more than 论文; 摘要 with 关键词 more than either)."""
    return _text_scores(facts.text, pack, chars)[item_id] if facts.has_text else Score(0, 0)


def labelled_phrases(facts: FileFacts, pack: Pack, item_id: str) -> int:
    """How many of `item_id`'s text phrases label a line of the file's first page (摘要：…, 关键词：…, 中图分类号：…
    on a paper's first page, below its journal's header, title and authors): words a page says of itself
    wherever on it they stand, where a phrase in running text (…获自治区科学技术进步奖) may be about anything."""
    phrases = _norm_words(pack.item(item_id).match.text)
    labels: set[str] = set()
    for line in first_page_text(facts).splitlines():
        line = norm(line)
        labels.update(p for p in phrases if line.startswith(p) and line[len(p):len(p) + 1] == ":")
    return len(labels)


def first_page_text(facts: FileFacts) -> str:
    """The text of a file's first page with any text (an image's OCR text; a PDF's first read page)."""
    texts = facts.page_texts()
    return texts[0][1] if texts else ""


def classify(facts: FileFacts, pack: Pack, slot_set: tuple[str, ...] = ()) -> Classification:
    """`slot_set`: the items of the slot folder the file sits in (slot_items of the folder right below
    the applicant root; empty when the file is not in a slot folder)."""
    items = {it.id: it for it in pack.items}
    name = _name_evidence(facts.path, pack, items, bool(slot_set))
    text = facts.text
    has_text = bool(text.strip())
    year_hint = name.years or (years_in_text(text, pack.year) if has_text else ())
    title_item, title_ties = title_evidence(page_head(first_page_text(facts)) if has_text else None, pack, items,
                                            year_hint)
    text_scores = _text_scores(text, pack) if has_text else {}
    text_item, text_ties = _best(text_scores, items, year_hint) if has_text else (None, ())
    if title_item is None and title_ties:
        # The title's words tie (继续教育学时证明): the body may still say which of the tied items it is.
        title_item, title_ties = _settled_by_body(title_ties, text_scores, items, year_hint)
    wordless = len(list(itertools.islice(_WORD_CHAR.finditer(text), 4))) < 4  # OCR reads "0" in a face: that is no text
    looked = _by_look(facts, pack) if wordless else None

    if slot_set:
        # 错传: the name or the title says clearly that this is another item (sibling slots share words:
        # a 公需 certificate in the 专业科目 folder), and neither they nor the text name one of the slot's.
        decisive = [x for x, ties in ((name.item, name.ties), (title_item, title_ties)) if x and not ties]
        # (A phrase of one of the slot's items anywhere near its top: a document that says what the slot
        # asks for, among other things, is not misfiled.)
        if decisive and not set(decisive) & set(slot_set) and not any(text_scores.get(k) for k in slot_set):
            other = decisive[0]
            return Classification(item=None, source="misfiled", slot_item=slot_set[0],
                                  candidates=(other,), years=_years(items[other], name.years, text, pack.year))
        source: ClassificationSource
        slot_item: str | None
        item = _within(slot_set, (*decisive, name.item, title_item, text_item, looked), items, year_hint)
        if item is None:
            return Classification(item=None, source="none", slot_item=slot_set[0], candidates=slot_set)
        source, slot_item = "slot", item
    elif name.item:
        item, source, slot_item = name.item, "name", None
    elif title_item:
        item, source, slot_item = title_item, "title", None
    elif title_ties:
        return Classification(item=None, source="tie", candidates=title_ties)
    elif text_item:
        item, source, slot_item = text_item, "text", None
    elif looked:
        item, source, slot_item = looked, "look", None
    else:
        ties = tuple(sorted(set(name.ties + text_ties)))
        return Classification(item=None, source="tie" if ties else "none", candidates=ties)
    it = items[item]
    return Classification(item=item, parts=_parts(it, name.hay, text), years=_years(it, name.years, text, pack.year),
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
    by_year = [k for k in slot_set if set(years) & _required_years(items[k])]
    return by_year[0] if len(by_year) == 1 else None


def _by_look(facts: FileFacts, pack: Pack) -> str | None:
    image = facts.image
    if image is None or image.blank or image.paper_fraction is None or not image.height:
        return None
    low, high = pack.files.photo_aspect
    # Not a page of paper: little near-white — or, when OCR read the image and found no words at all, a
    # white-background ID photo (白底证件照), which is as white as paper but holds no text.
    not_paper = image.paper_fraction <= pack.files.photo_max_paper_fraction or image.ocr_text is not None
    portrait_photo = low <= image.width / image.height <= high and not_paper
    matches = [it.id for it in pack.items if portrait_photo and "portrait-photo" in it.match.looks_like]
    return matches[0] if len(matches) == 1 else None


def _years(item: Item, name_years: tuple[int, ...], text: str, notice_year: int) -> tuple[int, ...]:
    if item.years is None:
        return ()
    return name_years or years_in_text(text, notice_year)
