"""The end of every checking command (check, batch): build the report document once, write each
requested format to stdout or its file, and turn the findings into the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from zccheck.commands.output import use_color, write_text
from zccheck.models import ApplicantResult
from zccheck.pack.model import Pack
from zccheck.report.document import build_document
from zccheck.report.formats import render


@dataclass
class ReportSettings:
    outputs: list[tuple[str, str | None]] = field(default_factory=lambda: [("table", None)])  # (format, file|None)
    lang: str = "zh"
    show_pii: bool = False
    color: str = "auto"
    fail_on: str = "error"  # error | warning | never


def exit_code(doc: dict, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    keys = ("error",) if fail_on == "error" else ("error", "warning")
    return 1 if any(doc["summary"][k] for k in keys) else 0


def finish(results: Iterable[ApplicantResult], pack: Pack, settings: ReportSettings) -> int:
    doc = build_document(list(results), pack, settings.lang, settings.show_pii)
    for fmt, target in settings.outputs:
        color = use_color(settings.color) and target in (None, "-")
        write_text(render(fmt, doc, pack=pack, lang=settings.lang, color=color), target)
    return exit_code(doc, settings.fail_on)
