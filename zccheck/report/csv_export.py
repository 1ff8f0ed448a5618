"""--csv FILE: the summary, one row per applicant, as UTF-8 with a byte-order mark — without the BOM,
Excel on Chinese Windows reads a CSV as GBK and shows 姓名 as mojibake. What `batch` found and did not
check follows the applicants, one row each, marked "– 未检查" with the reason in the last column.
Rendered from the report document (ID numbers already masked). The findings, one per row, are in the
.xlsx and the JSON."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from zccheck.pack.model import Pack
from zccheck.report.document import ReportDocument
from zccheck.report.summary_rows import (
    skipped_entries,
    skipped_summary_values,
    summary_headers,
    summary_rows,
    summary_values,
)

BOM = "\ufeff"


def render(doc: ReportDocument, pack: Pack | None = None, lang: str = "zh", **_: Any) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # CRLF: what Excel writes and expects
    writer.writerow(summary_headers(lang))
    for row in summary_rows(doc, pack, lang):
        writer.writerow([formula_safe(v) for v in summary_values(row, lang)])
    for path, reason in skipped_entries(doc):
        writer.writerow([formula_safe(v) for v in skipped_summary_values(path, reason, lang)])
    return BOM + buffer.getvalue()


def formula_safe(value: Any) -> Any:
    """A cell that starts with = + - @ is a formula to Excel: a file named '=HYPERLINK(…)' must stay text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write(doc: ReportDocument, target: str | Path, pack: Pack | None = None, lang: str = "zh") -> None:
    Path(target).write_bytes(render(doc, pack=pack, lang=lang).encode("utf-8"))
