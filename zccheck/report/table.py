"""--format table (the default): per applicant, the items grouped by who provides them (申报人 /
推荐单位 / 主管单位 / 其他) with ✓ ✗ ？, then the findings, then a one-line verdict."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from zccheck.pack.model import Pack
from zccheck.report.document import ApplicantDocument, ReportDocument

STATUS_MARK = {"ok": ("✓", "green"), "missing": ("✗", "red"), "incomplete": ("✗", "red"),
               "needs-review": ("？", "yellow"), "not-applicable": ("–", "dim")}
SEVERITY_MARK = {"error": ("✗", "red"), "warning": ("！", "yellow"), "info": ("·", "dim")}
L = {
    "zh": {"item": "材料", "files": "文件", "status": "状态", "findings": "问题与提示", "none": "（无）",
           "pass": "通过", "fail": "未通过", "verdict": "结论", "errors": "个错误", "warnings": "个提醒",
           "eligibility": "申报资格", "applicant": "申报人", "not_applicable": "不适用",
           "review": "仍需人工查看", "waived": "（已豁免）", "code": "代码", "msg": "说明"},
    "en": {"item": "material", "files": "files", "status": "status", "findings": "findings", "none": "(none)",
           "pass": "PASS", "fail": "FAIL", "verdict": "verdict", "errors": "errors", "warnings": "warnings",
           "eligibility": "eligibility", "applicant": "applicant", "not_applicable": "not applicable",
           "review": "still to look at", "waived": "(waived)", "code": "code", "msg": "message"},
}
_ELIGIBILITY = {"zh": {"eligible": "符合", "ineligible": "不符合", "needs-review": "需人工核查", "profile-error": "信息有误"},
                "en": {"eligible": "eligible", "ineligible": "not eligible", "needs-review": "needs review",
                       "profile-error": "profile error"}}


def _provider_title(pack: Pack, provider_id: str, lang: str) -> str:
    p = pack.provider(provider_id)
    return p.title_en if lang == "en" else p.title


def _render_applicant(console: Console, a: ApplicantDocument, pack: Pack, lang: str) -> None:
    t = L[lang]
    header = f"{a['path']}"
    who = " ".join(x for x in (a.get("name"), a.get("series"), a.get("title")) if x)
    console.print(Text(header + (f"  ({who})" if who else ""), style="bold"))
    items = {it["id"]: it for it in a["items"]}
    for provider in pack.providers:
        rows = [items[i.id] for i in pack.items if i.provider == provider.id and i.id in items]
        if not rows:
            continue
        table = Table(title=_provider_title(pack, provider.id, lang), title_justify="left", show_lines=False,
                      expand=False, pad_edge=False)
        table.add_column(t["status"], justify="center", no_wrap=True)
        table.add_column(t["item"])
        table.add_column(t["files"])
        for it in rows:
            mark, style = STATUS_MARK[it["status"]]
            files = "\n".join(it["files"]) if it["files"] else (t["not_applicable"] if it["status"] == "not-applicable" else "—")
            table.add_row(Text(mark, style=style), it["title"], files)
        console.print(table)
    e = a.get("eligibility")
    if e:
        label = _ELIGIBILITY[lang].get(e["status"], e["status"])
        reason = e.get("reason") or e.get(f"reason_{lang}", "")  # reason_zh / reason_en: reports of earlier versions
        style = {"eligible": "green", "ineligible": "red"}.get(e["status"], "yellow")
        console.print(Text.assemble((f"{t['eligibility']}: ", "bold"), (label, style), f"  {reason}"))
    console.print(Text(t["findings"], style="bold"))
    if not a["findings"]:
        console.print(f"  {t['none']}")
    for f in a["findings"]:
        mark, style = SEVERITY_MARK[f["severity"]]
        line = Text("  ")
        line.append(mark, style=style)
        line.append(f" {f['code']} ", style="dim")
        line.append(f["message"])
        if f.get("waived"):
            line.append(" " + t["waived"], style="dim")
        console.print(line)
    c = a["counts"]
    verdict = t["pass"] if a["status"] == "pass" else t["fail"]
    style = "bold green" if a["status"] == "pass" else "bold red"
    tail = f"  {c['error']} {t['errors']}, {c['warning']} {t['warnings']}"
    if a["status"] == "pass" and c["warning"]:
        tail += f"（{t['review']}）" if lang == "zh" else f" ({t['review']})"
    console.print(Text.assemble((f"{t['verdict']}: ", "bold"), (verdict, style), tail))
    console.print()


def render(doc: ReportDocument, pack: Pack | None = None, lang: str = "zh", color: bool = False,
           width: int | None = None, **_: Any) -> str:
    if pack is None:
        raise ValueError("the table format needs the rule pack (item titles, providers)")
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, color_system="standard" if color else None,
                      width=width or 110, highlight=False, emoji=False)
    for a in doc["applicants"]:
        _render_applicant(console, a, pack, lang)
    if len(doc["applicants"]) > 1:
        s = doc["summary"]
        console.print(f"{s['applicants']} applicants: {s['pass']} pass, {s['fail']} fail" if lang == "en"
                      else f"共 {s['applicants']} 人：{s['pass']} 人通过，{s['fail']} 人未通过")
    return buffer.getvalue()
