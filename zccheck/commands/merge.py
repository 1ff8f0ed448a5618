"""zccheck merge REPORT.json...: join the JSON reports of `batch --shard K/N` runs into one report,
written in any format (json by default), with the exit code of the whole."""

from __future__ import annotations

import json
from pathlib import Path

from zccheck.commands.output import note, use_color, write_text
from zccheck.commands.reporting import exit_code
from zccheck.pack.loader import load_pack
from zccheck.report.formats import FORMATS, render
from zccheck.report.merge import MergeError, merge_documents


def run_merge(reports: list[Path], *, fmt: str = "json", output: str | None = None, lang: str = "zh",
              fail_on: str = "error", color: str = "auto", exports: dict[str, str | None] | None = None) -> int:
    """Exit 0/1 as `batch` would for the whole drive; 2 when the reports cannot be read or joined."""
    docs = []
    try:
        for path in reports:
            try:
                docs.append((str(path), json.loads(Path(path).read_text(encoding="utf-8-sig"))))
            except OSError as e:
                raise MergeError(f"{path}: cannot read the report: {e.strerror or e}") from None
            except ValueError as e:
                raise MergeError(f"{path}: not JSON: {e}") from None
        doc = merge_documents(docs)
    except MergeError as e:
        note(f"无法合并：{e}" if lang == "zh" else f"cannot merge: {e}")
        return 2
    pack = None
    try:
        pack = load_pack(doc["ruleset"]["id"])
    except Exception:  # a rule pack from a folder: short titles and the full table need it, JSON does not
        if FORMATS[fmt].needs_pack:
            raise
    outputs = [(fmt, output)] + [(f, t) for f, t in (exports or {}).items() if t]
    for f, target in outputs:
        write_text(render(f, doc, pack=pack, lang=lang, color=use_color(color) and target in (None, "-"),
                          fail_on=fail_on), target)
    return exit_code(doc, fail_on)
