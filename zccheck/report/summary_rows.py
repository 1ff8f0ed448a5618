"""One summary row per applicant, read from the report document: the words and marks that the batch
summary table, the spreadsheet, the CSV and the HTML page share, so every format says the same thing
in the same words. Renderers only lay these out; nothing here decides a status."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from zccheck.pack.model import Pack
from zccheck.report.document import ApplicantDocument, ReportDocument

# Item status → the mark people see (✓ fine, ✗ to fix, ？ to look at, – does not apply).
ITEM_MARKS = {"ok": "✓", "missing": "✗", "incomplete": "✗", "needs-review": "？", "not-applicable": "–"}
STATUS_MARKS = {"pass": "✓", "fail": "✗"}

LABELS = {
    "zh": {"path": "申报人路径", "name": "姓名", "series": "系列", "title": "申报职称", "status": "结论",
           "error": "错误", "warning": "提醒", "info": "提示", "missing": "缺少或不全", "pass": "通过", "fail": "未通过",
           "code": "代码", "category": "类别", "severity": "严重程度", "item": "材料", "file": "文件", "page": "页",
           "message": "说明", "waived": "已豁免", "applicants": "申报人", "summary": "汇总", "matrix": "材料矩阵",
           "findings": "问题清单", "none": "无", "more": "等 {n} 项", "years": "缺 {years} 年度",
           "parts": "缺{parts}", "skipped": "未检查", "skipped_sheet": "未检查", "reason": "原因"},
    "en": {"path": "applicant path", "name": "name", "series": "series", "title": "title", "status": "verdict",
           "error": "errors", "warning": "warnings", "info": "info", "missing": "missing or incomplete",
           "pass": "pass", "fail": "fail", "code": "code", "category": "category", "severity": "severity",
           "item": "material", "file": "file", "page": "page", "message": "message", "waived": "waived",
           "applicants": "applicants", "summary": "Summary", "matrix": "Matrix", "findings": "Findings",
           "none": "none", "more": "+{n} more", "years": "years {years} missing", "parts": "no {parts}",
           "skipped": "not checked", "skipped_sheet": "Not checked", "reason": "reason"},
}
SEVERITY_WORDS = {"zh": {"error": "错误", "warning": "提醒", "info": "提示"},
                  "en": {"error": "error", "warning": "warning", "info": "info"}}

_SLOT_PREFIX = re.compile(r"^\d+[-_.、 ]*")
MAX_MISSING_WORDS = 4


def labels(lang: str) -> dict[str, str]:
    return LABELS["en" if lang == "en" else "zh"]


def short_item_title(item_id: str, title: str, pack: Pack | None, lang: str) -> str:
    """A column-width name for an item: its slot folder's words (承诺书, 免冠照片) when the pack is at hand."""
    if pack is not None and lang != "en":
        try:
            slot = pack.item(item_id).slot
        except KeyError:
            slot = ""
        if slot:
            return _SLOT_PREFIX.sub("", slot) or title
    return title


def _part_title(pack: Pack | None, item_id: str, part_id: str, lang: str) -> str:
    if pack is None:
        return part_id
    try:
        rule = pack.item(item_id).parts
    except KeyError:
        return part_id
    for part in (rule.parts if rule else ()):
        if part.id == part_id:
            return part.title_en if lang == "en" else re.sub(r"（.*?）", "", part.title)
    return part_id


def item_columns(doc: ReportDocument, pack: Pack | None, lang: str) -> list[tuple[str, str]]:
    """(item id, short title) for the matrix, in the pack's order as the document lists them."""
    seen: dict[str, str] = {}
    for a in doc["applicants"]:
        for it in a["items"]:
            seen.setdefault(it["id"], short_item_title(it["id"], it["title"], pack, lang))
    if pack is not None:
        order = {item.id: i for i, item in enumerate(pack.items)}
        return sorted(seen.items(), key=lambda kv: order.get(kv[0], len(order)))
    return list(seen.items())


def missing_words(a: ApplicantDocument, pack: Pack | None, lang: str) -> str:
    """What is missing, in a few words: 照片；公需科目培训证书（2014-2020）缺 2016 年度 …"""
    t = labels(lang)
    years: dict[str, list[int]] = {}
    parts: dict[str, list[str]] = {}
    for f in a["findings"]:
        item = f.get("item")
        if f.get("waived") or not item:
            continue
        if f["category"] == "year-missing":
            years.setdefault(item, []).extend(f["data"].get("years", []))
        elif f["category"] == "incomplete":
            parts.setdefault(item, []).extend(f["data"].get("parts", []))
    words = []
    sep = "、" if lang != "en" else ", "
    for it in a["items"]:
        if it["status"] not in ("missing", "incomplete"):
            continue
        word = short_item_title(it["id"], it["title"], pack, lang)
        detail = []
        if parts.get(it["id"]):
            names = sep.join(dict.fromkeys(_part_title(pack, it["id"], p, lang) for p in parts[it["id"]]))
            detail.append(t["parts"].format(parts=names))
        if years.get(it["id"]):
            detail.append(t["years"].format(years=sep.join(str(y) for y in sorted(set(years[it["id"]])))))
        words.append(word + (f" {'，'.join(detail)}" if lang != "en" else f" ({'; '.join(detail)})") if detail else word)
    if not words:
        return ""
    shown = words[:MAX_MISSING_WORDS]
    text = ("；" if lang != "en" else "; ").join(shown)
    if len(words) > len(shown):
        text += " " + t["more"].format(n=len(words))
    return text


@dataclass(frozen=True)
class SummaryRow:
    path: str
    name: str
    series: str
    title: str
    status: str  # pass | fail
    mark: str  # ✓ | ✗
    errors: int
    warnings: int
    infos: int
    missing: str


def summary_rows(doc: ReportDocument, pack: Pack | None, lang: str) -> list[SummaryRow]:
    rows = []
    for a in doc["applicants"]:
        c = a["counts"]
        rows.append(SummaryRow(a["path"], a.get("name") or "", a.get("series") or "", a.get("title") or "",
                               a["status"], STATUS_MARKS[a["status"]], c["error"], c["warning"], c["info"],
                               missing_words(a, pack, lang)))
    return rows


def summary_headers(lang: str) -> list[str]:
    t = labels(lang)
    return [t["path"], t["name"], t["series"], t["title"], t["status"], t["error"], t["warning"], t["info"], t["missing"]]


def summary_values(row: SummaryRow, lang: str) -> list[Any]:
    t = labels(lang)
    return [row.path, row.name, row.series, row.title, f"{row.mark} {t[row.status]}", row.errors, row.warnings,
            row.infos, row.missing]


def skipped_entries(doc: ReportDocument) -> list[tuple[str, str]]:
    """What `batch` found under the drive and did not check as an applicant (the document's `skipped`):
    (path, why), for the exports to list next to the applicants."""
    return [(s["path"], s["reason"]) for s in doc.get("skipped") or ()]


def skipped_headers(lang: str) -> list[str]:
    t = labels(lang)
    return [t["path"], t["reason"]]


def skipped_summary_values(path: str, reason: str, lang: str) -> list[Any]:
    """A skipped entry in the summary's columns (the CSV has one table): marked – 未检查, the reason
    where an applicant's row says what is missing, no counts."""
    return [path, "", "", "", f"{ITEM_MARKS['not-applicable']} {labels(lang)['skipped']}", "", "", "", reason]
