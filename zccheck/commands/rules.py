"""zccheck rules list | show PACK | validate DIR."""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.table import Table

from zccheck.commands.output import write_text
from zccheck.pack.loader import available_packs, load_pack
from zccheck.pack.model import Pack


def pack_summary(pack: Pack) -> dict:
    return {"id": pack.id, "version": pack.version, "title": pack.title, "issuer": pack.issuer,
            "date": pack.date.isoformat(), "path": pack.path,
            "submission_window": {"start": pack.window_start.isoformat(), "end": pack.window_end.isoformat()},
            "series": [{"name": s.name, "titles": [{"name": t.name, "level": t.level} for t in s.titles]} for s in pack.series],
            "items": [{"id": i.id, "title": i.title, "provider": i.provider, "clause": i.clause, "slot": i.slot,
                       "when": {k: list(v) for k, v in i.when.clauses} if i.when else None,
                       "parts": {"mode": i.parts.mode, "list": [p.id for p in i.parts.parts]} if i.parts else None,
                       "years": list(i.years.required) if i.years else None,
                       "checks": [c.kind for c in i.checks]} for i in pack.items]}


def run_list(fmt: str) -> int:
    packs = [load_pack(str(p)) for p in available_packs()]
    if fmt == "json":
        write_text(json.dumps([pack_summary(p) for p in packs], ensure_ascii=False, indent=2) + "\n", None)
        return 0
    console = Console(highlight=False)
    table = Table("id", "规则包 / notice", "申报时间 / window", "材料 / items")
    for p in packs:
        table.add_row(p.id, p.title, f"{p.window_start} – {p.window_end}", str(len(p.items)))
    console.print(table)
    return 0


def run_show(name: str, fmt: str) -> int:
    pack = load_pack(name)
    if fmt == "json":
        write_text(json.dumps(pack_summary(pack), ensure_ascii=False, indent=2) + "\n", None)
        return 0
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    console.print(f"[bold]{pack.id}[/bold] {pack.title}\n{pack.issuer} {pack.date}  申报时间 {pack.window_start} – {pack.window_end}")
    for s in pack.series:
        console.print(f"  {s.name}：" + "、".join(f"{t.name}（{t.level}）" for t in s.titles))
    table = Table("id", "材料", "提供", "条款", "适用", "部分", "年度", "检查")
    for i in pack.items:
        table.add_row(i.id, i.title, pack.provider(i.provider).title, i.clause,
                      "；".join(f"{k}={'/'.join(map(str, v))}" for k, v in i.when.clauses) if i.when else "总是",
                      (("全部:" if i.parts.mode == "all" else "任一:") + "、".join(p.title for p in i.parts.parts)) if i.parts else "",
                      i.years.label if i.years else "", "、".join(c.kind for c in i.checks))
    console.print(table)
    return 0


def run_validate(directory: str) -> int:
    load_pack.cache_clear()
    pack = load_pack(directory)
    write_text(f"OK: {pack.id} ({len(pack.items)} items, {len(pack.series)} series)\n", None)
    return 0
