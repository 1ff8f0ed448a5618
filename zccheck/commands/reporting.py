"""The end of every checking command (check, batch): apply the unit's policy (select / ignore,
waivers, baseline), build the report document once, write each requested format to stdout or its
file, put human notes on stderr, and turn the findings into the exit code.

Exit codes: 0 nothing at or above `fail_on`; 1 findings at or above it; 2 usage, configuration or
rule-pack errors (raised as ConfigError / PackError and mapped to 2 by zccheck.cli.main).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping, Sequence

from zccheck.commands.output import note, use_color, write_text
from zccheck.config import ConfigError, FailOn, Waiver, check_against_pack
from zccheck.content.mask import mask_text
from zccheck.models import ApplicantResult, Lang
from zccheck.pack.model import Pack
from zccheck.policy import (BaselineOutcome, WaiverOutcome, apply_baseline, apply_waivers, baseline_counter,
                            baseline_document, select_findings)
from zccheck.report.document import ReportDocument, SkippedEntry, build_document
from zccheck.report.formats import render


ColorChoice = Literal["auto", "always", "never"]


@dataclass
class ReportSettings:
    outputs: list[tuple[str, str | None]] = field(default_factory=lambda: [("table", None)])  # (format, file|None)
    lang: Lang = "zh"
    show_pii: bool = False
    color: ColorChoice = "auto"
    fail_on: FailOn = "error"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    waivers: tuple[Waiver, ...] = ()
    baseline: str | None = None  # fail only on findings not in this file
    write_baseline: str | None = None  # record today's findings here (and treat them as known)
    today: dt.date | None = None  # None: the real date (waiver expiry)
    config_path: str | None = None  # the .zccheck.yaml in use, for notes
    summary_on_stderr: bool = False  # say the verdict on stderr (when nothing goes to stdout)
    # Where applicant paths are relative to, for formats that locate files (sarif, github): `batch`
    # sets it to ROOT as given, since its applicant paths are relative to ROOT; `check` leaves None.
    location_root: str | None = None


def exit_code(doc: ReportDocument, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    s = doc["summary"]
    return 1 if s["error"] or (fail_on != "error" and s["warning"]) else 0


def _read_baseline(path: str):
    try:
        return baseline_counter(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as e:
        raise ConfigError(path, None, f"cannot read the baseline: {e.strerror or e}") from None
    except ValueError as e:  # JSONDecodeError is a ValueError
        raise ConfigError(path, None, f"not a zccheck baseline ({e})") from None


def apply_policy(results: list[ApplicantResult], pack: Pack, settings: ReportSettings
                 ) -> tuple[list[ApplicantResult], list[WaiverOutcome], BaselineOutcome | None]:
    check_against_pack(settings.waivers, {i.id for i in pack.items})
    results = select_findings(results, settings.select, settings.ignore, settings.per_path_ignores)
    results, outcomes = apply_waivers(results, settings.waivers, pack, settings.today)
    baseline = None
    if settings.write_baseline:
        text = json.dumps(baseline_document(results, pack, settings.today), ensure_ascii=False, indent=2) + "\n"
        Path(settings.write_baseline).write_text(text, encoding="utf-8")
        results, baseline = apply_baseline(results, baseline_counter(json.loads(text)))
    elif settings.baseline:
        results, baseline = apply_baseline(results, _read_baseline(settings.baseline))
    return results, outcomes, baseline


def policy_notes(outcomes: list[WaiverOutcome], baseline: BaselineOutcome | None, settings: ReportSettings) -> list[str]:
    zh = settings.lang != "en"
    notes = []
    for o in outcomes:
        w = o.waiver
        if o.status == "expired":
            notes.append(f"豁免已过期（{w.expires}，{w.source}，{w.target}）：不再生效，涉及 {o.matched} 个问题重新计入。请续期或改正材料。"
                         if zh else f"waiver expired on {w.expires} ({w.source}, {w.target}): no longer applied; "
                         f"{o.matched} finding(s) count again. Renew it or fix the material.")
        elif o.status == "unused":
            notes.append(f"豁免未匹配任何问题（{w.source}，{w.target}）：可能已过时，请删除。"
                         if zh else f"waiver matches nothing ({w.source}, {w.target}): probably stale; remove it.")
    if settings.write_baseline and baseline:
        notes.append(f"已写入基线 {settings.write_baseline}：{baseline.unchanged} 个问题。之后用 --baseline 只对新问题报错。"
                     if zh else f"baseline written to {settings.write_baseline}: {baseline.unchanged} finding(s). "
                     "Later runs with --baseline fail only on new ones.")
    elif baseline:
        notes.append(f"基线：新问题 {baseline.new} 个，已知 {baseline.unchanged} 个，已改正 {baseline.absent} 个。"
                     if zh else f"baseline: {baseline.new} new, {baseline.unchanged} known, {baseline.absent} fixed.")
        if baseline.absent:
            notes.append("基线中有已改正的问题，可用 --write-baseline 更新基线。" if zh
                         else "Some known findings are fixed: refresh the baseline with --write-baseline.")
    return notes


def summary_line(doc: ReportDocument, code: int, lang: str) -> str:
    s = doc["summary"]
    if lang == "en":
        return (f"zccheck: {s['applicants']} applicant(s), {s['pass']} pass, {s['fail']} fail; "
                f"{s['error']} error(s), {s['warning']} warning(s); exit {code}")
    return (f"zccheck：共 {s['applicants']} 人，{s['pass']} 人通过，{s['fail']} 人未通过；"
            f"{s['error']} 个错误，{s['warning']} 个提醒；退出码 {code}")


def finish(results: Iterable[ApplicantResult], pack: Pack, settings: ReportSettings,
           skipped: list[SkippedEntry] | None = None, pictures: Sequence[Mapping[str, Any]] | None = None) -> int:
    """`skipped`: what `batch` found and did not check as an applicant ({"path", "reason"}, in the
    report's language); the document's `skipped` list, which `check` leaves out. `pictures`: per
    applicant, in the results' order, the page pictures the HTML report shows (--thumbnails)."""
    results, outcomes, baseline = apply_policy(list(results), pack, settings)
    doc = build_document(results, pack, settings.lang, settings.show_pii)
    if skipped is not None:
        doc["skipped"] = skipped
    # Additive keys (the contract allows them): the waivers in force and the baseline's tally.
    if outcomes:
        doc["waivers"] = [o.describe() for o in outcomes]
    if baseline is not None:
        doc["baseline"] = {"file": Path(settings.baseline or settings.write_baseline or "").name, **baseline.describe()}
    if not settings.show_pii:
        for key in ("waivers", "skipped"):  # paths of folders named after people hold ID numbers
            if key in doc:
                doc[key] = json.loads(mask_text(json.dumps(doc[key], ensure_ascii=False)))
    for fmt, target in settings.outputs:
        color = use_color(settings.color) and target in (None, "-")
        write_text(render(fmt, doc, pack=pack, lang=settings.lang, color=color, fail_on=settings.fail_on,
                          root=settings.location_root, pictures=pictures), target)
    for line in policy_notes(outcomes, baseline, settings):
        note(line, show_pii=settings.show_pii)
    code = exit_code(doc, settings.fail_on)
    if settings.summary_on_stderr:
        note(summary_line(doc, code, settings.lang))
    return code
