"""Which pages their title alone places, for OCR that reads a page's top first (zccheck.scan.ocr_heading).

A page the path says nothing of (no slot folder, a name like 微信图片_….jpg) is placed by its title when it
has one (zccheck.classify.classifier.classify: the path first, then the title, then body phrases). When
that title names one item outright (no tie for the years to break) and the item's checks, years and parts
read no words (an achievement's 获奖证书: only its blank look is checked), the rest of the page's words
would change nothing: not its item, its years, its parts, nor a check. The title is read from the page's
first lines (zccheck.classify.heading.page_head), so the rule decides as soon as they are known.

When the profile names the applicant, a title that names an item whose words only the identity check reads
(a 公需 certificate, a 考核登记表) goes further: the page is read until it names the applicant and shows its year
(TitleThenNamed), which for a phone-photo folder is a tenth of its OCR.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import ClassVar, Mapping, Sequence

from zccheck.classify.classifier import title_evidence
from zccheck.classify.heading import SCAN_LINES, head_is_final, page_head
from zccheck.classify.years import has_year_label, years_in_text
from zccheck.pack.kinds import needs_text
from zccheck.pack.model import Pack
from zccheck.scan.ocr_heading import HeadingRule

# Part of every key under which a page read by this rule is cached: bump when what the rule decides changes
# (heading.py's title zone, classifier.py's title rule), so that no page read under the old rule is reused.
RULE_VERSION = "1"


@dataclass(frozen=True, eq=False)
class TitleSettles:
    """scan.ocr_heading.HeadingRule for one pack (pickled to OCR workers with the scan settings)."""

    pack: Pack
    wordless: frozenset[str]  # the items that need no words of their scans
    fingerprint: str
    lines: int = SCAN_LINES

    def __call__(self, lines: Sequence[str]) -> bool | None:
        text = "\n".join(lines)
        if len(lines) < self.lines and not head_is_final(text):
            return None
        return _title_item(text, self.pack) in self.wordless

    def next_pages(self, lines: Sequence[str]) -> HeadingRule | None:
        return None  # the file is its first page's item, which reads no words: its later pages are not read


def _title(text: str, pack: Pack, years: tuple[int, ...] = ()) -> tuple[str | None, tuple[str, ...]]:
    """(item, ties) of the page's title, as classify.classifier.classify weighs it (`years`: its year hint)."""
    return title_evidence(page_head(text), pack, {it.id: it for it in pack.items}, years)


def _title_item(text: str, pack: Pack, years: tuple[int, ...] = ()) -> str | None:
    """The item a page's title names outright, or with `years` to break a tie, else None."""
    item, ties = _title(text, pack, years)
    return item if not ties or years else None


def title_settles(pack: Pack) -> TitleSettles | None:
    """The rule for `pack`; None when no item both reads no words and has a title to be known by."""
    wordless = frozenset(it.id for it in pack.items if not needs_text(it) and it.match.titles)
    if not wordless:
        return None
    key = repr((RULE_VERSION, sorted(wordless),
                [(it.id, it.match.titles, it.match.exclude_titles, it.match.exclude_text) for it in pack.items]))
    return TitleSettles(pack, wordless, hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])


@dataclass(frozen=True, eq=False)
class DatedNamed:
    """scan.ocr_heading.HeadingRule for one applicant's scans whose path says their item but not their years (a
    flat folder's 公需科目证书.jpg; 扫描件1.jpg in the 公需 slot, which holds only that item), the item one whose
    words only the identity check reads: read until `named` (checks.identity's rule of the item) says the page
    names the applicant and nobody else and, the item having years, a year label (2016年度, （2016）) has been
    read — later lines could then change its years only by labelling another year, as they could only name
    someone else (the risk checks.identity's rule takes for a file its path settles). A page whose title names
    another item is read whole (a 专业科目 certificate in the 公需 slot is misfiled, and its body decides how).
    Each page of a scanned PDF is read so, for its own year."""

    pack: Pack
    item: str
    named: HeadingRule
    fingerprint: str
    lines: int = 10_000  # a page is read until it names the applicant, to its end if it never does
    # its item is known: a document names its holder and its year near its top (scan.ocr_heading.HeadingRule)
    settles_near_top: ClassVar[bool] = True

    def __call__(self, lines: Sequence[str]) -> bool | None:
        text = "\n".join(lines)
        if len(lines) < SCAN_LINES and not head_is_final(text):
            return None
        title, _ = _title(text, self.pack)
        if title is not None and title != self.item:
            return False
        undated = self.pack.item(self.item).years is not None and not has_year_label(text, self.pack.year)
        verdict = self.named(lines)
        return None if verdict is True and undated else verdict

    def next_pages(self, lines: Sequence[str]) -> HeadingRule | None:
        return self


def dated_named(pack: Pack, named: Mapping[str, HeadingRule]) -> dict[str, DatedNamed]:
    """DatedNamed for each item of `named` (checks.identity.named_rules) that has no parts."""
    rules = {}
    for item_id, rule in named.items():
        if pack.item(item_id).parts is not None:
            continue
        key = repr((RULE_VERSION, "dated", item_id, rule.fingerprint))
        rules[item_id] = DatedNamed(pack, item_id, rule, hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])
    return rules


@dataclass(frozen=True, eq=False)
class TitleThenNamed:
    """scan.ocr_heading.HeadingRule for the pages of one applicant that the path says nothing of, when the
    profile names the applicant: what TitleSettles settles, and also a page whose title names an item whose
    words only the identity check reads (a 公需 certificate, a 考核登记表's front), read then as DatedNamed reads
    a page its path places as that item (`by_title`: its rule for each such item). A title two such items share
    (培训证明) is told apart by the page's year label, as classify.classifier breaks the tie with its year hint.
    The title makes the page the item whatever its body says (a loose file's title comes before its body), the
    item has no parts to tell, and a page placed by its title is never moved by its neighbours (classify.sequence).

    Unlike a page TitleSettles settles, such a page settles only itself: the later pages of its file (a
    scanned PDF of several certificates) are read under that item's DatedNamed, each for its own year — and a
    later page titled otherwise (an award merged into the same PDF) is read whole, as it was."""

    pack: Pack
    wordless: frozenset[str]
    by_title: Mapping[str, DatedNamed]
    fingerprint: str
    lines: int = 10_000  # a named page is read until it names the applicant, to its end if it never does

    def __call__(self, lines: Sequence[str]) -> bool | None:
        text = "\n".join(lines)
        if len(lines) < SCAN_LINES and not head_is_final(text):
            return None
        item, waiting = self._item(text)
        if waiting:
            return None
        if item in self.wordless:
            return True
        rule = self.by_title.get(item or "")
        return rule(lines) if rule is not None else False

    def next_pages(self, lines: Sequence[str]) -> HeadingRule | None:
        item, _ = self._item("\n".join(lines))
        return self.by_title.get(item or "")  # None for a wordless title: the file is that item

    def _item(self, text: str) -> tuple[str | None, bool]:
        """The item the page's title places it as, and whether a tie of `by_title` items waits for the year."""
        item, ties = _title(text, self.pack)
        if not ties:
            return item, False
        if not set(ties) <= set(self.by_title):
            return None, False
        if not has_year_label(text, self.pack.year):
            return None, True
        return _title_item(text, self.pack, years_in_text(text, self.pack.year)), False


def title_then_named(pack: Pack, named: Mapping[str, HeadingRule]) -> TitleThenNamed | None:
    """The rule for `pack` and one applicant's `named` rules (checks.identity.named_rules); None when no item
    may be read until named (no name or ID number in the profile): TitleSettles alone then."""
    title = title_settles(pack)
    wordless = title.wordless if title is not None else frozenset()
    by_title = {item_id: rule for item_id, rule in dated_named(pack, named).items() if pack.item(item_id).match.titles}
    if not by_title:
        return None
    # "then-named-2": its later pages are read under the first page's DatedNamed (5ea9754), not under it
    key = repr((RULE_VERSION, "then-named-2", title.fingerprint if title is not None else "",
                sorted((item_id, rule.fingerprint) for item_id, rule in by_title.items())))
    return TitleThenNamed(pack, wordless, by_title, hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])
