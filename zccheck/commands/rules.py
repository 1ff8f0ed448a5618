"""zccheck rules list | show PACK | validate DIR | test PACK | new NAME."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from zccheck.commands.output import note, write_text
from zccheck.engine import check_applicant
from zccheck.models import CheckOptions
from zccheck.pack import fixtures
from zccheck.pack.loader import available_packs, load_pack, packs_root, read_pack, resolve_pack_dir
from zccheck.pack.model import Pack
from zccheck.pack.scaffold import scaffold
from zccheck.pack.schema import PackError
from zccheck.pack.show import render
from zccheck.report.document import build_document


def pack_summary(pack: Pack) -> dict:
    return {"id": pack.id, "version": pack.version, "title": pack.title, "issuer": pack.issuer,
            "date": pack.date.isoformat(), "path": pack.path, "extends": list(pack.extends),
            "submission_window": {"start": pack.window_start.isoformat(), "end": pack.window_end.isoformat()}
            if pack.window_start and pack.window_end else None,
            "series": [{"name": s.name, "titles": [{"name": t.name, "level": t.level} for t in s.titles]} for s in pack.series],
            "items": [{"id": i.id, "title": i.title, "provider": i.provider, "clause": i.clause, "slot": i.slot,
                       "when": {k: list(v) for k, v in i.when.clauses} if i.when else None,
                       "parts": {"mode": i.parts.mode, "list": [p.id for p in i.parts.parts]} if i.parts else None,
                       "years": list(i.years.required) if i.years else None,
                       "limits": {k: list(v) if isinstance(v, tuple) else v for k, v in i.limits} or None,
                       "checks": [c.kind for c in i.checks]} for i in pack.items]}


def _window(pack: Pack) -> str:
    return f"{pack.window_start} – {pack.window_end}" if pack.window_start and pack.window_end else "（通知未规定）"


def run_list(fmt: str) -> int:
    packs = [load_pack(str(p)) for p in available_packs()]
    if fmt == "json":
        write_text(json.dumps([pack_summary(p) for p in packs], ensure_ascii=False, indent=2) + "\n", None)
        return 0
    console = Console(highlight=False)
    table = Table("id", "规则包 / notice", "申报时间 / window", "材料 / items")
    for p in packs:
        table.add_row(p.id, p.title, _window(p), str(len(p.items)))
    console.print(table)
    return 0


def _limits_text(limits: tuple) -> str:
    shown = []
    for key, value in limits:
        if key == "formats":
            shown.append("/".join(value))
        elif key == "max_kb":
            shown.append(f"≤{value:g}KB")
        elif key == "max_files":
            shown.append(f"≤{value}个")
        elif key == "min_files":
            shown.append(f"≥{value}个")
        elif key == "suggest_px":
            shown.append(f"建议{value[0]}×{value[1]}")
    return " ".join(shown)


def run_show(name: str, fmt: str) -> int:
    """yaml (default): the merged documents with each value's origin; table: the items; json: a summary."""
    if fmt == "yaml":
        load_pack(name)  # validates: an invalid pack is an error, not a listing
        write_text(render(read_pack(name)), None)
        return 0
    pack = load_pack(name)
    if fmt == "json":
        write_text(json.dumps(pack_summary(pack), ensure_ascii=False, indent=2) + "\n", None)
        return 0
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    console.print(f"[bold]{pack.id}[/bold] {pack.title}\n{pack.issuer} {pack.date}  申报时间 {_window(pack)}")
    for s in pack.series:
        console.print(f"  {s.name}：" + ("、".join(f"{t.name}（{t.level}）" for t in s.titles) or "（通知未列职称）"))
    table = Table("id", "材料", "提供", "条款", "适用", "部分", "年度", "上传要求", "检查")
    for i in pack.items:
        table.add_row(i.id, i.title, pack.provider(i.provider).title, i.clause,
                      "；".join(f"{k}={'/'.join(map(str, v))}" for k, v in i.when.clauses) if i.when else "总是",
                      (("全部:" if i.parts.mode == "all" else "任一:") + "、".join(p.title for p in i.parts.parts)) if i.parts else "",
                      i.years.label if i.years else "", _limits_text(i.limits), "、".join(c.kind for c in i.checks))
    console.print(table)
    return 0


def run_validate(directory: str) -> int:
    load_pack.cache_clear()
    pack = load_pack(directory)
    extends = f", extends {' → '.join(Path(p).name for p in pack.extends)}" if pack.extends else ""
    cases = fixtures.find_cases(Path(pack.path))
    for case in cases:  # their YAML too: a broken case is found before `rules test` runs
        fixtures.load_case(case)
    write_text(f"OK: {pack.id} ({len(pack.items)} items, {len(pack.series)} series, {len(cases)} test cases{extends})\n",
               None)
    return 0


# --- rules test ------------------------------------------------------------------------------------


def run_case(case: fixtures.Case, pack: Pack) -> fixtures.Outcome:
    """Check the case's folder (made in a temporary directory) in-process and compare."""
    opts = case.options
    options = CheckOptions(lang=opts.get("lang", "zh"), ocr=bool(opts.get("ocr", False)), use_cache=False,
                           series=opts.get("series"), title=opts.get("title"))
    with tempfile.TemporaryDirectory(prefix="zccheck-case-") as tmp:
        folder = fixtures.materialise(case, Path(tmp) / case.name, pack.files.profile_name)
        result = check_applicant(folder, pack, options, display=case.name, jobs=0)
    doc = build_document([result], pack, options.lang)
    applicant = doc["applicants"][0]
    found = [dict(f) for f in applicant["findings"]]
    items: dict[str, str] = {i["id"]: i["status"] for i in applicant["items"]}
    return fixtures.compare(case, found, applicant["status"], items)


MAX_SHOWN = 12  # differences shown per kind and case: the first ones tell what went wrong


def _report(outcome: fixtures.Outcome, label: str, verbose: bool) -> list[str]:
    mark = "PASSED" if outcome.passed else "ERROR" if outcome.error else "FAILED"
    lines = [f"{label} {mark}"]
    if outcome.error:
        lines.append(f"    {outcome.error}")
    for label_, found in (("expected, not found", outcome.missing), ("found, not expected", outcome.unexpected)):
        lines += [f"    {label_}: {fixtures.brief(f)}" for f in found[:MAX_SHOWN]]
        if len(found) > MAX_SHOWN:
            lines.append(f"    … {len(found) - MAX_SHOWN} more {label_}")
    lines += [f"    {x}" for x in outcome.other]
    if verbose and outcome.passed and outcome.case.description:
        lines.append(f"    {outcome.case.description}")
    return lines


def run_test(name: str, case_filter: str | None = None, verbose: bool = False) -> int:
    """Every case of the pack's tests/: one line each (PASSED / FAILED with what differs), a summary,
    exit 1 when a case failed, 2 when the pack or a case file is invalid."""
    load_pack.cache_clear()
    pack = load_pack(name)
    directory = Path(pack.path)
    cases = [c for c in fixtures.find_cases(directory) if not case_filter or case_filter in c.name]
    started = time.monotonic()
    write_text(f"rules test {pack.id}: {len(cases)} case{'s' if len(cases) != 1 else ''} in "
               f"{directory / 'tests'}\n", None)
    outcomes = []
    for folder in cases:
        try:
            case = fixtures.load_case(folder)
        except PackError as e:
            outcome = fixtures.Outcome(fixtures.Case(folder.name, folder), error=str(e))
        else:
            outcome = run_case(case, pack)
        outcomes.append(outcome)
        write_text("\n".join(_report(outcome, f"{pack.id}/tests/{folder.name}", verbose)) + "\n", None)
    failed = sum(not o.passed for o in outcomes)
    seconds = time.monotonic() - started
    parts = [f"{failed} failed"] if failed else []
    parts.append(f"{len(outcomes) - failed} passed")
    write_text(f"{'=' * 20} {', '.join(parts)} in {seconds:.2f}s {'=' * 20}\n", None)
    if not cases:
        note(f"{pack.id} 没有测试用例（tests/<用例>/expected.yaml）/ no test cases (tests/<case>/expected.yaml)")
    if any(o.error for o in outcomes):
        return 2
    return 1 if failed else 0


# --- rules new -------------------------------------------------------------------------------------


def run_new(target: str, source: str | None, extends: str | None) -> int:
    folder = Path(target)
    if folder.exists() and any(folder.iterdir()):
        note(f"{folder} 已存在且不为空 / {folder} exists and is not empty")
        return 2
    if source and extends:
        note("--from 与 --extends 只能选一个 / give --from or --extends, not both")
        return 2
    base = resolve_pack_dir(source or extends) if (source or extends) else None
    parent = None
    if extends and base is not None:
        # Written so that it resolves from the new pack: a bundled pack by its id, any other by its path.
        bundled = base.resolve().parent == packs_root().resolve()
        parent = base.name if bundled else os.path.relpath(base.resolve(), folder.resolve())
    written = scaffold(folder, copy_from=base if source else None, extends=parent, extends_dir=base)
    load_pack.cache_clear()
    pack = load_pack(str(folder))
    note(f"已建立规则包 {pack.id}：{len(written)} 个文件于 {folder} / wrote {len(written)} files.\n"
         f"下一步 / next: 编辑 {folder}/items.yaml（说明见 rules/README.md），然后 zccheck rules test {folder}")
    return 0
