"""The registry of text output formats: name → render(doc, pack=..., lang=..., color=...) -> str.
Every format renders the same report document (zccheck.report.document)."""

from __future__ import annotations

from typing import Any, Callable

from zccheck.report import batch_summary, csv_export, html_export, json_format, table, xlsx_export
from zccheck.report import github, junit, markdown, sarif

Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "table": table.render,
    "json": json_format.render,
    "sarif": sarif.render,  # SARIF 2.1.0
    "junit": junit.render,  # JUnit XML: a testsuite per applicant, a testcase per item
    "github": github.render,  # GitHub Actions annotations
    "markdown": markdown.render,  # job summaries, merge-request comments
    "summary": batch_summary.render,  # one line per applicant: the default of `zccheck batch`
    "csv": csv_export.render,  # UTF-8 with BOM, for Excel
    "html": html_export.render,  # one self-contained page
    "xlsx": xlsx_export.render,  # bytes, not text: write it to a file
}


def render(fmt: str, doc: dict[str, Any], **kwargs: Any) -> str:
    return FORMATS[fmt](doc, **kwargs)
