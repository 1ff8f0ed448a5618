"""Which pages their title alone places, for OCR that reads a page's top first (zccheck.scan.ocr_heading).

A page the path says nothing of (no slot folder, a name like 微信图片_….jpg) is placed by its title when it
has one (zccheck.classify.classifier.classify: the path first, then the title, then body phrases). When
that title names one item outright (no tie for the years to break) and the item's checks, years and parts
read no words (an achievement's 获奖证书: only its blank look is checked), the rest of the page's words
would change nothing: not its item, its years, its parts, nor a check. The title is read from the page's
first lines (zccheck.classify.heading.page_head), so the rule decides as soon as they are known.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Sequence

from zccheck.classify.classifier import title_evidence
from zccheck.classify.heading import SCAN_LINES, head_is_final, page_head
from zccheck.pack.kinds import needs_text
from zccheck.pack.model import Pack

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
        item, ties = title_evidence(page_head(text), self.pack, {it.id: it for it in self.pack.items}, ())
        return item is not None and not ties and item in self.wordless


def title_settles(pack: Pack) -> TitleSettles | None:
    """The rule for `pack`; None when no item both reads no words and has a title to be known by."""
    wordless = frozenset(it.id for it in pack.items if not needs_text(it) and it.match.titles)
    if not wordless:
        return None
    key = repr((RULE_VERSION, sorted(wordless),
                [(it.id, it.match.titles, it.match.exclude_titles, it.match.exclude_text) for it in pack.items]))
    return TitleSettles(pack, wordless, hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])
