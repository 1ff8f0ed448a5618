"""--xlsx FILE: the workbook HR passes around. Three sheets, Chinese headers (English with --lang en):

- 汇总 / Summary: one row per applicant (path, name, series, title, ✓/✗, counts, what is missing);
- 材料矩阵 / Matrix: applicants × items, ✓ ✗ ？ – colour-coded;
- 问题清单 / Findings: one row per finding, with an autofilter.

Every sheet has a frozen header row. Rendered from the report document (ID numbers already masked)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from zccheck.pack.model import Pack
from zccheck.report.summary_rows import (ITEM_MARKS, SEVERITY_WORDS, item_columns, labels, summary_headers,
                                         summary_rows, summary_values)

_FILLS = {"✓": ("#C6EFCE", "#006100"), "✗": ("#FFC7CE", "#9C0006"), "？": ("#FFEB9C", "#9C5700"),
          "–": ("#EDEDED", "#7F7F7F")}
SHEET_KEYS = ("summary", "matrix", "findings")


def findings_headers(lang: str) -> list[str]:
    t = labels(lang)
    return [t["path"], t["name"], t["code"], t["category"], t["severity"], t["item"], t["file"], t["page"],
            t["message"], t["waived"]]


def finding_values(a: dict[str, Any], f: dict[str, Any], item_titles: dict[str, str], lang: str) -> list[Any]:
    t = labels(lang)
    return [a["path"], a.get("name") or "", f["code"], f["category"], SEVERITY_WORDS[lang if lang == "en" else "zh"][f["severity"]],
            item_titles.get(f["item"] or "", f["item"] or ""), f["file"] or "", f.get("page") or "", f["message"],
            t["waived"] if f.get("waived") else ""]


def _widths(rows: list[list[Any]], minimum: int = 6, maximum: int = 60) -> list[int]:
    widths: list[int] = []
    for row in rows:
        for i, value in enumerate(row):
            text = str(value)
            width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # CJK characters are two columns wide
            if i >= len(widths):
                widths.append(minimum)
            widths[i] = min(maximum, max(widths[i], width + 2))
    return widths


def render(doc: dict[str, Any], pack: Pack | None = None, lang: str = "zh", **_: Any) -> bytes:
    """The workbook as bytes (the format registry writes them to the --output file)."""
    buffer = io.BytesIO()
    _build(doc, buffer, pack, lang)
    return buffer.getvalue()


def write(doc: dict[str, Any], target: str | Path, pack: Pack | None = None, lang: str = "zh") -> None:
    Path(target).write_bytes(render(doc, pack=pack, lang=lang))


def _build(doc: dict[str, Any], target: io.BytesIO, pack: Pack | None, lang: str) -> None:
    import xlsxwriter  # here, not at the top: every command imports the format registry, few write a workbook

    lang = "en" if lang == "en" else "zh"
    t = labels(lang)
    workbook = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    try:
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "top"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        marks = {m: workbook.add_format({"bg_color": bg, "font_color": fg, "align": "center", "border": 1})
                 for m, (bg, fg) in _FILLS.items()}

        # 汇总 / Summary
        sheet = workbook.add_worksheet(t["summary"])
        headers = summary_headers(lang)
        values = [summary_values(row, lang) for row in summary_rows(doc, pack, lang)]
        sheet.write_row(0, 0, headers, header)
        for r, row in enumerate(values, start=1):
            for c, value in enumerate(row):
                if c == 4:
                    sheet.write_string(r, c, value, marks[value[0]])
                elif isinstance(value, int):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value), wrap)
        for c, width in enumerate(_widths([headers, *values])):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(values), 1), len(headers) - 1)

        # 材料矩阵 / Matrix
        sheet = workbook.add_worksheet(t["matrix"])
        columns = item_columns(doc, pack, lang)
        sheet.write_row(0, 0, [t["path"], t["name"], t["status"]] + [title for _, title in columns], header)
        for r, a in enumerate(doc["applicants"], start=1):
            sheet.write_string(r, 0, a["path"])
            sheet.write_string(r, 1, a.get("name") or "")
            verdict = "✓" if a["status"] == "pass" else "✗"
            sheet.write_string(r, 2, verdict, marks[verdict])
            statuses = {it["id"]: it["status"] for it in a["items"]}
            for c, (item_id, _) in enumerate(columns, start=3):
                status = statuses.get(item_id)
                if status is not None:
                    mark = ITEM_MARKS[status]
                    sheet.write_string(r, c, mark, marks[mark])
        sheet.set_column(0, 0, min(40, max([12] + [len(a["path"]) * 2 for a in doc["applicants"]])))
        sheet.set_column(1, 2, 8)
        sheet.set_column(3, 3 + max(len(columns) - 1, 0), 7)
        sheet.set_row(0, 90, workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                                  "valign": "top", "align": "center"}))
        sheet.freeze_panes(1, 3)

        # 问题清单 / Findings
        sheet = workbook.add_worksheet(t["findings"])
        headers = findings_headers(lang)
        titles = dict(columns)
        rows = [finding_values(a, f, titles, lang) for a in doc["applicants"] for f in a["findings"]]
        sheet.write_row(0, 0, headers, header)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, int):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value), wrap)
        for c, width in enumerate(_widths([headers, *rows], maximum=80)):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
    finally:
        workbook.close()
