"""--format summary (the default of `zccheck batch`): one line per applicant — who, series, title,
✓/✗, errors, warnings and what is missing in a few words — then the totals."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from zccheck.pack.model import Pack
from zccheck.report.document import ReportDocument
from zccheck.report.summary_rows import labels, summary_rows


def render(doc: ReportDocument, pack: Pack | None = None, lang: str = "zh", color: bool = False,
           width: int | None = None, **_: Any) -> str:
    t = labels(lang)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, color_system="standard" if color else None,
                      width=width or 120, highlight=False, emoji=False)
    table = Table(show_lines=False, pad_edge=False, expand=False)
    table.add_column(t["applicants"], overflow="fold")
    table.add_column(t["series"], overflow="fold")
    table.add_column(t["title"], overflow="fold")
    table.add_column(t["status"], justify="center", no_wrap=True)
    table.add_column(t["error"], justify="right", no_wrap=True)
    table.add_column(t["warning"], justify="right", no_wrap=True)
    table.add_column(t["missing"], overflow="fold", ratio=1)
    for row in summary_rows(doc, pack, lang):
        who = row.path if not row.name or row.name in row.path else f"{row.path}（{row.name}）"
        style = "green" if row.status == "pass" else "red"
        table.add_row(who, row.series, row.title, Text(row.mark, style=style),
                      Text(str(row.errors), style="red" if row.errors else ""),
                      Text(str(row.warnings), style="yellow" if row.warnings else ""), row.missing)
    console.print(table)
    s = doc["summary"]
    console.print(f"{s['applicants']} applicants: {s['pass']} pass, {s['fail']} fail; "
                  f"{s['error']} errors, {s['warning']} warnings" if lang == "en" else
                  f"共 {s['applicants']} 人：{s['pass']} 人通过，{s['fail']} 人未通过；"
                  f"{s['error']} 个错误，{s['warning']} 个提醒")
    skipped = doc.get("skipped") or []
    for entry in skipped:
        console.print(Text(f"{t['skipped']}: {entry['path']} — {entry['reason']}", style="yellow"))
    return buffer.getvalue()
