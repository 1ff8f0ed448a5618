"""A page's own title, and the cues that a page continues the document before it.

A document is what its title says, not what its body mentions: a 承诺书 that promises to tell the
truth about one's 专业技术职务任职资格 is still a 承诺书. Official documents (GB/T 9704) put a red
header (发文机关 + 文件), a 文号 (新人社职字〔2016〕12号), 附件 labels and page numbers around the
title; forms put their title in the first row; certificates put it first. So the heading is the
first title-like line of the first page once those are set aside, joined with the next one or two
when a title wraps or stands under the issuer's name.

A page with no title of its own that shows a page number past the first, a continued table, a
附件/名单, or starts in the middle of prose continues some document: the sequence pass decides which.
These are conventions of Chinese documents in general, not of one notice, so they live here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Lines around a title that are not the title (each tried on a line with its whitespace removed).
_NOT_TITLE = (
    # the red header: 新疆维吾尔自治区人力资源和社会保障厅文件
    re.compile(r"^.{2,30}(?:厅|局|委员会|委|部|院|政府|办公室|办公厅|中心|学校|大学|学院|研究所|所|公司|集团)文件$"),
    # 文号: 新人社职字〔2016〕12号, 科发人字[2021]8号
    re.compile(r"^[\u4e00-\u9fff]{0,10}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*(?:第\s*)?\d+\s*号$"),
    re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]?$"),
    re.compile(r"^(?:第\s*\d+\s*页.*|共\s*\d+\s*页.*|[-—–]\s*\d+\s*[-—–]|\d+\s*/\s*\d+|page\s*\d+.*)$", re.I),
    re.compile(r"^(?:机密|秘密|绝密|特急|加急|急件|平急|签发人.*|(?:证书)?编号.*|(?:证书|登记|专利|发明专利|注册)号.*|no\.?\s*\w+|[★▲●]+.*)$", re.I),
    re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$"),
    # a number field above the title: 项目编号：2019D01A42, 合同编号：…, 登记号：…
    re.compile(r"^[\u4e00-\u9fff]{0,6}(?:编号|编码|登记号|批准号|文号|密级)[:：].*$"),
)
# A section heading inside a document (二、学术水平, （三）, 3.) is no document title; past the first
# section it says the page continues a document.
_SECTION = re.compile(r"^(?:(?P<zh>[一二三四五六七八九十]{1,3})[、.．]|[（(](?P<paren>[一二三四五六七八九十\d]{1,3})[)）]"
                      r"|(?P<num>\d{1,2})[、.．](?!\d))")
_ZH_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
# A sentence or a filled-in field is body text, not a title.
_SENTENCE = re.compile(r"[，,。；;！!？?]")
_FIELD = re.compile(r"[:：]\s*\S")
MAX_TITLE_CHARS = 44
HEADING_LINES = 3  # a title wraps to two lines, or stands under its issuer's name
SCAN_LINES = 8  # how far down the page a title may start (photos catch desk edges, stamps, noise)

# A page number past the first: 第2页 共3页, 2/3, - 2 -, Page 2.
_PAGE_NUMBER = re.compile(
    r"第\s*(?P<a>\d{1,3})\s*页|(?<![\d./-])(?P<b>\d{1,3})\s*/\s*\d{1,3}(?![\d./-])|^[-—–]\s*(?P<c>\d{1,3})\s*[-—–]$"
    r"|^page\s*(?P<d>\d{1,3})", re.I | re.M)
_CONTINUED = re.compile(r"续表|[（(]续[)）]|接上页|续上页")
_LIST_PAGE = re.compile(r"名\s*单|附\s*件|^序\s*号", re.M)
MIN_PROSE_CHARS = 16
# A centred title too long for one line leaves its last character alone on the next (关于…任职资格的公 / 示):
# that line is the title's end, not noise, when the line above is a title long enough to have wrapped.
MIN_WRAPPED_TITLE_CHARS = 8


def _clean(line: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", line))


def _lines(text: str, limit: int) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = _clean(raw)
        if line:
            lines.append(line)
            if len(lines) >= limit:
                break
    return lines


def _is_noise(line: str) -> bool:
    return len(_CJK.findall(line)) < 2 or any(p.match(line) for p in _NOT_TITLE)


def _is_title_like(line: str) -> bool:
    return (len(line) <= MAX_TITLE_CHARS and not _SENTENCE.search(line) and not _FIELD.search(line)
            and not _SECTION.match(line))


def _section_number(line: str) -> int | None:
    m = _SECTION.match(line)
    if not m:
        return None
    number = m.group("zh") or m.group("paren") or m.group("num")
    if number.isdigit():
        return int(number)
    return _ZH_NUMBERS.get(number[-1], 0) + (10 if len(number) > 1 and number[0] == "十" else 0)


@dataclass(frozen=True)
class PageHead:
    """The title candidates of a page, shortest first (line 1, lines 1–2, lines 1–3), lower-cased;
    empty when the page opens with body text. `opens_with_prose`: its first line is a sentence."""

    candidates: tuple[str, ...]
    opens_with_prose: bool


def _heading_lines(text: str) -> list[str]:
    """The first lines of a page with the noise set aside and a wrapped title's lone last character put
    back at the end of its line."""
    lines: list[str] = []
    for line in _lines(text, SCAN_LINES):
        if (lines and len(line) == 1 and _CJK.match(line) and len(lines[-1]) >= MIN_WRAPPED_TITLE_CHARS
                and _is_title_like(lines[-1])):
            lines[-1] += line
        elif not _is_noise(line):
            lines.append(line)
    return lines


def page_head(text: str) -> PageHead:
    lines = _heading_lines(text)
    if not lines:
        return PageHead((), False)
    first = lines[0]
    prose = len(first) >= MIN_PROSE_CHARS and bool(_SENTENCE.search(first))
    candidates: list[str] = []
    joined = ""
    for line in lines[:HEADING_LINES]:
        if not _is_title_like(line):
            break
        joined += line
        candidates.append(joined.lower())
    return PageHead(tuple(candidates), prose)


def head_is_final(text: str) -> bool:
    """Whether lines after these could no longer change page_head(text): the title zone is read (its
    first lines, noise set aside), or a line that is no title has ended it."""
    raw = _lines(text, SCAN_LINES)
    if len(raw) >= SCAN_LINES:
        return True
    lines = [line for line in raw if not _is_noise(line)]
    return len(lines) >= HEADING_LINES or any(not _is_title_like(line) for line in lines)


def page_number(text: str) -> int | None:
    """The page number a page shows (第2页, 2/3, - 2 -), if any: the largest plausible one, read from its
    first and last lines, where headers and footers stand."""
    lines = [_clean(x) for x in text.splitlines() if x.strip()]
    edge = "\n".join(lines[:3] + lines[-3:])
    found = [int(n) for m in _PAGE_NUMBER.finditer(edge) for n in m.groups() if n]
    return max(found) if found else None


def continues_a_document(text: str, head: PageHead | None = None) -> bool:
    """Whether a page shows that it continues a document: a page number past the first, a continued
    table, a 附件 or 名单 of the document before it, or a first line in the middle of prose."""
    head = head or page_head(text)
    number = page_number(text)
    if number is not None and number >= 2:
        return True
    top = _lines(text, 4)
    section = _section_number(top[0]) if top else None
    if section is not None and section >= 2:
        return True
    joined = "\n".join(top)
    return bool(_CONTINUED.search(joined) or _LIST_PAGE.search(joined)) or head.opens_with_prose
