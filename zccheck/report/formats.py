"""The output formats: one registry, text and binary formats alike (pip-audit's format enum). Every
format renders the same report document (zccheck.report.document) through one protocol; `--format`,
`--output FORMAT=FILE` and `merge --format` take their names from here, and a test holds every name to
a renderer that returns what the format says (text, or bytes for xlsx)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Mapping, Protocol, Sequence, get_args

from zccheck.pack.model import Pack
from zccheck.report import (
    batch_summary,
    csv_export,
    github,
    html_export,
    json_format,
    junit,
    markdown,
    sarif,
    table,
    xlsx_export,
)
from zccheck.report.document import ReportDocument

FormatName = Literal["table", "json", "sarif", "junit", "github", "markdown", "summary", "csv", "html", "xlsx"]
FORMAT_NAMES: tuple[FormatName, ...] = get_args(FormatName)


class Renderer(Protocol):
    """Renders the report document. Each format reads the options it needs and ignores the others:
    `pack` for titles (None when merging reports of a pack that is not at hand), `lang`, `color` (ANSI
    styles, only when writing to a terminal), `fail_on` (the threshold a format may show), `root` (where
    applicant paths are relative to, for formats that locate files), `pictures` (per applicant, in the
    document's order: file name → its page pictures; only formats that show pictures read it)."""

    def __call__(self, doc: ReportDocument, /, *, pack: Pack | None, lang: str, color: bool, fail_on: str,
                 root: str | None, pictures: Sequence[Mapping[str, Any]] | None) -> str | bytes: ...


@dataclass(frozen=True)
class OutputFormat:
    name: FormatName
    render: Renderer
    binary: bool = False  # bytes, not text: written as they are
    needs_pack: bool = False  # cannot render without the rule pack (item titles, providers)


FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("table", table.render, needs_pack=True),
    OutputFormat("json", json_format.render),
    OutputFormat("sarif", sarif.render),  # SARIF 2.1.0
    OutputFormat("junit", junit.render),  # JUnit XML: a testsuite per applicant, a testcase per item
    OutputFormat("github", github.render),  # GitHub Actions annotations
    OutputFormat("markdown", markdown.render),  # job summaries, merge-request comments
    OutputFormat("summary", batch_summary.render),  # one line per applicant: the default of `zccheck batch`
    OutputFormat("csv", csv_export.render),  # UTF-8 with BOM, for Excel
    OutputFormat("html", html_export.render),  # one self-contained page
    OutputFormat("xlsx", xlsx_export.render, binary=True),  # a workbook: write it to a file
)}


def render(fmt: str, doc: ReportDocument, *, pack: Pack | None = None, lang: str = "zh", color: bool = False,
           fail_on: str = "error", root: str | None = None,
           pictures: Sequence[Mapping[str, Any]] | None = None) -> str | bytes:
    """`doc` in format `fmt` (a name in FORMATS): text, or bytes for a binary format."""
    return FORMATS[fmt].render(doc, pack=pack, lang=lang, color=color, fail_on=fail_on, root=root, pictures=pictures)
