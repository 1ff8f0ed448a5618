"""--xlsx FILE: the workbook HR passes around. Three sheets, Chinese headers (English with --lang en):

- 汇总 / Summary: one row per applicant (path, name, series, title, ✓/✗, counts, what is missing);
- 材料矩阵 / Matrix: applicants × items, ✓ ✗ ？ – colour-coded;
- 问题清单 / Findings: one row per finding, with an autofilter;
- 未检查 / Not checked (only when there is any): what `batch` found and did not check, with why.

Every sheet has a frozen header row. Rendered from the report document (ID numbers already masked)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zccheck.pack.model import Pack
from zccheck.report.document import ApplicantDocument, FindingDocument, ReportDocument
from zccheck.report.summary_rows import (
    ITEM_MARKS,
    SEVERITY_WORDS,
    item_columns,
    labels,
    skipped_entries,
    skipped_headers,
    summary_headers,
    summary_rows,
    summary_values,
)

_FILLS = {"✓": ("#C6EFCE", "#006100"), "✗": ("#FFC7CE", "#9C0006"), "？": ("#FFEB9C", "#9C5700"),
          "–": ("#EDEDED", "#7F7F7F")}
SHEET_KEYS = ("summary", "matrix", "findings")


def findings_headers(lang: str) -> list[str]:
    t = labels(lang)
    return [t["path"], t["name"], t["code"], t["category"], t["severity"], t["item"], t["file"], t["page"],
            t["message"], t["waived"]]


def finding_values(a: ApplicantDocument, f: FindingDocument, item_titles: dict[str, str], lang: str) -> list[Any]:
    t = labels(lang)
    return [a["path"], a.get("name") or "", f["code"], f["category"], SEVERITY_WORDS[lang if lang == "en" else "zh"][f["severity"]],
            item_titles.get(f["item"] or "", f["item"] or ""), f["file"] or "", f.get("page") or "", f["message"],
            t["waived"] if f.get("waived") else ""]


def column_widths(rows: list[list[Any]], minimum: int = 6, maximum: int = 60) -> list[int]:
    widths: list[int] = []
    for row in rows:
        for i, value in enumerate(row):
            text = str(value)
            width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # CJK characters are two columns wide
            if i >= len(widths):
                widths.append(minimum)
            widths[i] = min(maximum, max(widths[i], width + 2))
    return widths


def render(doc: ReportDocument, pack: Pack | None = None, lang: str = "zh", **_: Any) -> bytes:
    """The workbook as bytes (the format registry writes them to the --output file)."""
    buffer = io.BytesIO()
    _build(doc, buffer, pack, lang)
    return buffer.getvalue()


def write(doc: ReportDocument, target: str | Path, pack: Pack | None = None, lang: str = "zh") -> None:
    Path(target).write_bytes(render(doc, pack=pack, lang=lang))


def _build(doc: ReportDocument, target: io.BytesIO, pack: Pack | None, lang: str) -> None:
    import xlsxwriter  # here, not at the top: every command imports the format registry, few write a workbook

    lang = "en" if lang == "en" else "zh"
    workbook = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    try:
        styles = _Styles(
            header=workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "top"}),
            wrap=workbook.add_format({"text_wrap": True, "valign": "top"}),
            marks={m: workbook.add_format({"bg_color": bg, "font_color": fg, "align": "center", "border": 1})
                   for m, (bg, fg) in _FILLS.items()},
        )
        _summary_sheet(workbook, styles, doc, pack, lang)
        columns = item_columns(doc, pack, lang)
        _matrix_sheet(workbook, styles, doc, columns, lang)
        _findings_sheet(workbook, styles, doc, dict(columns), lang)
        _skipped_sheet(workbook, styles, doc, lang)
    finally:
        workbook.close()


@dataclass(frozen=True)
class _Styles:
    header: Any
    wrap: Any
    marks: dict[str, Any]


def _summary_sheet(workbook: Any, styles: _Styles, doc: ReportDocument, pack: Pack | None, lang: str) -> None:
    """汇总 / Summary"""
    sheet = workbook.add_worksheet(labels(lang)["summary"])
    headers = summary_headers(lang)
    values = [summary_values(row, lang) for row in summary_rows(doc, pack, lang)]
    sheet.write_row(0, 0, headers, styles.header)
    for r, row in enumerate(values, start=1):
        for c, value in enumerate(row):
            if c == 4:
                sheet.write_string(r, c, value, styles.marks[value[0]])
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value), styles.wrap)
    for c, width in enumerate(column_widths([headers, *values])):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(values), 1), len(headers) - 1)


def _matrix_sheet(workbook: Any, styles: _Styles, doc: ReportDocument, columns: list[tuple[str, str]],
                  lang: str) -> None:
    """材料矩阵 / Matrix"""
    t = labels(lang)
    sheet = workbook.add_worksheet(t["matrix"])
    sheet.write_row(0, 0, [t["path"], t["name"], t["status"]] + [title for _, title in columns], styles.header)
    for r, a in enumerate(doc["applicants"], start=1):
        sheet.write_string(r, 0, a["path"])
        sheet.write_string(r, 1, a.get("name") or "")
        verdict = "✓" if a["status"] == "pass" else "✗"
        sheet.write_string(r, 2, verdict, styles.marks[verdict])
        statuses = {it["id"]: it["status"] for it in a["items"]}
        for c, (item_id, _) in enumerate(columns, start=3):
            status = statuses.get(item_id)
            if status is not None:
                mark = ITEM_MARKS[status]
                sheet.write_string(r, c, mark, styles.marks[mark])
    sheet.set_column(0, 0, min(40, max([12] + [len(a["path"]) * 2 for a in doc["applicants"]])))
    sheet.set_column(1, 2, 8)
    sheet.set_column(3, 3 + max(len(columns) - 1, 0), 7)
    sheet.set_row(0, 90, workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                              "valign": "top", "align": "center"}))
    sheet.freeze_panes(1, 3)


def _findings_sheet(workbook: Any, styles: _Styles, doc: ReportDocument, titles: dict[str, str], lang: str) -> None:
    """问题清单 / Findings"""
    sheet = workbook.add_worksheet(labels(lang)["findings"])
    headers = findings_headers(lang)
    rows = [finding_values(a, f, titles, lang) for a in doc["applicants"] for f in a["findings"]]
    sheet.write_row(0, 0, headers, styles.header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value), styles.wrap)
    for c, width in enumerate(column_widths([headers, *rows], maximum=80)):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)


def _skipped_sheet(workbook: Any, styles: _Styles, doc: ReportDocument, lang: str) -> None:
    """未检查 / Not checked: only when there is any."""
    skipped = [list(entry) for entry in skipped_entries(doc)]
    if not skipped:
        return
    sheet = workbook.add_worksheet(labels(lang)["skipped_sheet"])
    headers = skipped_headers(lang)
    sheet.write_row(0, 0, headers, styles.header)
    for r, row in enumerate(skipped, start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value, styles.wrap)
    for c, width in enumerate(column_widths([headers, *skipped], maximum=80)):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
