"""清单.xlsx and 清单.csv in OUT: every source file, and what became of it — its item, where it went, what
was done (copied, re-encoded, converted, rotated, merged, 待确认, skipped), why, and its size before and
after. Written the way the reports are (zccheck.report.csv_export, xlsx_export): the CSV in UTF-8 with a
byte-order mark so Excel opens it, a cell starting with = + - @ kept as text, cells of the workbook
written as strings; ID numbers masked in every cell."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zccheck.commands.bundle_words import ACTIONS, HEADERS, SHEET
from zccheck.content.mask import mask_text
from zccheck.pack.loader import BUNDLE_MANIFEST
from zccheck.report.csv_export import BOM
from zccheck.report.csv_export import formula_safe
from zccheck.report.xlsx_export import column_widths

XLSX_NAME, CSV_NAME = BUNDLE_MANIFEST


@dataclass(frozen=True)
class Row:
    source: str  # the file's path in the applicant folder or .zip
    item: str  # the material's title ('' when none)
    target: str  # where it went, relative to OUT ('' when nowhere)
    action: str  # a key of bundle_words.ACTIONS
    reason: str = ""
    size_before: int | None = None
    size_after: int | None = None


def values(row: Row, lang: str) -> list[Any]:
    lang = "en" if lang == "en" else "zh"
    return [mask_text(row.source), mask_text(row.item), mask_text(row.target), ACTIONS[lang][row.action],
            mask_text(row.reason), "" if row.size_before is None else row.size_before,
            "" if row.size_after is None else row.size_after]


def render_csv(rows: list[Row], lang: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # CRLF: what Excel writes and expects
    writer.writerow(HEADERS["en" if lang == "en" else "zh"])
    for row in rows:
        writer.writerow([formula_safe(v) for v in values(row, lang)])
    return BOM + buffer.getvalue()


def render_xlsx(rows: list[Row], lang: str) -> bytes:
    import xlsxwriter

    lang = "en" if lang == "en" else "zh"
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    try:
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "top"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        sheet = workbook.add_worksheet(SHEET[lang])
        headers = HEADERS[lang]
        table = [values(row, lang) for row in rows]
        sheet.write_row(0, 0, headers, header)
        for r, cells in enumerate(table, start=1):
            for c, value in enumerate(cells):
                if isinstance(value, int):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value), wrap)
        for c, width in enumerate(column_widths([headers, *table], maximum=80)):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(table), 1), len(headers) - 1)
    finally:
        workbook.close()
    return buffer.getvalue()


def write_manifest(rows: list[Row], folder: Path, lang: str) -> None:
    (folder / CSV_NAME).write_bytes(render_csv(rows, lang).encode("utf-8"))
    (folder / XLSX_NAME).write_bytes(render_xlsx(rows, lang))
