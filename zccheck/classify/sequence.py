"""Documents of several pages handed in one file a page: a page with no title of its own that
continues a document belongs to that document's item.

Phones, WeChat and scanners number what they save in the order it was taken (IMG_20210908_0007,
微信图片_20210912190236, Scan_0003, 扫描全能王 2021-09-08 10.15_3), and people photograph a document's
pages one after another. So within a folder and a naming family, files in that order are pages in
order. A page the classifier could not place, or placed only by a phrase of its body, joins the
document before it when it shows that it continues one (a page number past the first, a continued
table, a 附件 or 名单, a first line in the middle of a sentence) — or, having no evidence of its own
at all, simply because it follows it. It then counts for that item with that document's years and
parts: the back of a 2019 考核表 is 2019's, the 名单 of a 任职资格文件 is that 文件.
"""

from __future__ import annotations

import dataclasses
import re
from itertools import groupby

from zccheck.classify.classifier import body_phrases, first_page_text, labelled_phrases
from zccheck.classify.heading import continues_a_document, page_head
from zccheck.models import ClassifiedFile
from zccheck.pack.model import Pack

_DIGITS = re.compile(r"(\d+)")
# How a file was placed, from weakest to strongest: only these may be overruled by the sequence.
_WEAK_SOURCES = frozenset({"none", "tie", "text"})


def capture_order(path: str) -> tuple[str, str, tuple[tuple[int, str], ...]]:
    """(folder, naming family, natural order) of a file: IMG_0009 before IMG_0010, 微信图片_…236 before
    微信图片_…236(1) (WeChat's second save of the same second)."""
    folder, _, name = path.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    pieces = _DIGITS.split(stem.lower())
    family = "".join(p for i, p in enumerate(pieces) if i % 2 == 0 and p not in "()（）")
    natural = tuple((int(p), "") if i % 2 else (-1, p) for i, p in enumerate(pieces) if p)
    return folder, family, natural


# A form's later pages hold fields, not titles, and mention anything (…获自治区科学技术进步奖 in its
# 主要业绩 row): against the page before being a form, a page's own words count only when they stand at
# its top and say something: one phrase longer than this (公民身份号码 on an ID card's front), or two —
# or when two of them label its lines wherever they stand (摘要： and 关键词： on a paper's first page, below
# the journal's header, the title, the authors and their affiliations).
WEAK_PHRASE_CHARS = 3
OWN_WORDS_CHARS = 80
OWN_LABELS = 2


def _is_form(facts) -> bool:
    """A form (…登记表, …评审表, 表（续）): its pages after the first carry no title."""
    return any(c.rstrip("()（）续").endswith("表") for c in page_head(first_page_text(facts)).candidates)


def _continues(cf: ClassifiedFile, before: ClassifiedFile, opener: ClassifiedFile, pack: Pack) -> bool:
    """Whether `cf` continues the document `before` belongs to (`opener`: that document's first page)."""
    if before.cls.item is None or not cf.facts.usable or not cf.facts.has_text:
        return False
    if cf.cls.source not in _WEAK_SOURCES:
        return False
    if cf.cls.item == before.cls.item or cf.cls.source == "none":
        return True
    text = first_page_text(cf.facts)
    if continues_a_document(text, page_head(text)):
        return True
    if cf.cls.item is None or not _is_form(opener.facts):
        return False
    own = body_phrases(cf.facts, pack, cf.cls.item, OWN_WORDS_CHARS)
    return own.longest <= WEAK_PHRASE_CHARS and own.count < 2 \
        and labelled_phrases(cf.facts, pack, cf.cls.item) < OWN_LABELS


def follow_documents(files: list[ClassifiedFile], pack: Pack) -> list[ClassifiedFile]:
    """`files` with the pages that continue a document placed with it (slot folders need none of this:
    the slot already says the item)."""
    placed: dict[str, ClassifiedFile] = {}
    loose = sorted((cf for cf in files if cf.cls.slot_item is None and not cf.cls.ignored
                    and cf.cls.source != "misfiled"), key=lambda cf: capture_order(cf.facts.path))
    for _, family in groupby(loose, key=lambda cf: capture_order(cf.facts.path)[:2]):
        before: ClassifiedFile | None = None
        opener: ClassifiedFile | None = None
        for cf in family:
            if before is not None and opener is not None and _continues(cf, before, opener, pack):
                cf = _joined(cf, before, pack)
                placed[cf.facts.path] = cf
            else:
                opener = cf
            before = cf
    return [placed.get(cf.facts.path, cf) for cf in files]


def _joined(cf: ClassifiedFile, before: ClassifiedFile, pack: Pack) -> ClassifiedFile:
    item = pack.item(before.cls.item or "")
    own_item = cf.cls.item == before.cls.item
    years = cf.cls.years if (own_item and cf.cls.years) else before.cls.years if item.years else ()
    parts = cf.cls.parts if (own_item and cf.cls.parts) else before.cls.parts
    source = cf.cls.source if own_item else "continuation"
    return ClassifiedFile(cf.facts, dataclasses.replace(cf.cls, item=item.id, years=years, parts=parts, source=source,
                                                        candidates=()))
