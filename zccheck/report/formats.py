"""The registry of text output formats: name → render(doc, pack=..., lang=..., color=...) -> str.
Every format renders the same report document (zccheck.report.document)."""

from __future__ import annotations

from typing import Any, Callable

from zccheck.report import json_format, table
from zccheck.report import github, junit, markdown, sarif

Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "table": table.render,
    "json": json_format.render,
    "sarif": sarif.render,  # SARIF 2.1.0
    "junit": junit.render,  # JUnit XML: a testsuite per applicant, a testcase per item
    "github": github.render,  # GitHub Actions annotations
    "markdown": markdown.render,  # job summaries, merge-request comments
}


def render(fmt: str, doc: dict[str, Any], **kwargs: Any) -> str:
    return FORMATS[fmt](doc, **kwargs)
