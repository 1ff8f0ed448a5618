"""The registry of text output formats: name → render(doc, pack=..., lang=..., color=...) -> str.
Every format renders the same report document (zccheck.report.document)."""

from __future__ import annotations

from typing import Any, Callable

from zccheck.report import json_format, table

Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "table": table.render,
    "json": json_format.render,
}


def render(fmt: str, doc: dict[str, Any], **kwargs: Any) -> str:
    return FORMATS[fmt](doc, **kwargs)
