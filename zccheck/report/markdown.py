"""--format markdown: GitHub-flavoured Markdown for CI job summaries ($GITHUB_STEP_SUMMARY) and
merge-request comments. A summary table, then per applicant the verdict, its findings (waived and
baseline-known ones folded away) and the item checklist in a <details> block."""

from __future__ import annotations

from typing import Any

from zccheck.report.document import FindingDocument, ReportDocument

ICON = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}
ITEM_ICON = {"ok": "✅", "missing": "❌", "incomplete": "❌", "needs-review": "❓", "not-applicable": "➖"}
L = {
    "zh": {"title": "zccheck 职称申报材料检查", "applicants": "申报人", "pass": "通过", "fail": "未通过",
           "errors": "错误", "warnings": "提醒", "info": "提示", "waived": "已豁免", "none": "没有问题。",
           "sev": "级别", "code": "代码", "item": "材料", "file": "文件", "message": "说明",
           "items": "材料清单", "status": "状态", "files": "文件", "waivers": "豁免",
           "known": "基线已知", "reason": "原因", "approved_by": "批准", "expires": "有效期至", "state": "情况",
           "applied": "生效", "expired": "已过期", "unused": "未匹配（可删除）", "matched": "匹配",
           "baseline": "基线", "new": "新问题", "unchanged": "已知", "absent": "已改正"},
    "en": {"title": "zccheck professional-title application check", "applicants": "applicants", "pass": "pass",
           "fail": "fail", "errors": "errors", "warnings": "warnings", "info": "info", "waived": "waived",
           "none": "No findings.", "sev": "severity", "code": "code", "item": "item", "file": "file",
           "message": "message", "items": "checklist", "status": "status", "files": "files", "waivers": "waivers",
           "known": "known (baseline)", "reason": "reason", "approved_by": "approved by", "expires": "expires",
           "state": "state", "applied": "applied", "expired": "expired", "unused": "matches nothing (remove)",
           "matched": "matched", "baseline": "baseline", "new": "new", "unchanged": "known", "absent": "fixed"},
}


def cell(value: Any) -> str:
    """A table cell: pipes escaped, HTML neutralised, one line."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ").strip()


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return out


def _where(f: FindingDocument) -> str:
    if not f.get("file"):
        return ""
    return f"`{f['file']}`" + (f" p.{f['page']}" if f.get("page") else "")


def _finding_rows(findings: list[FindingDocument], item_titles: dict[str, str]) -> list[list[Any]]:
    return [[f"{ICON[f['severity']]} {f['severity']}", f"`{f['code']}`", item_titles.get(f.get("item") or "", f.get("item") or ""),
             _where(f), f["message"]] for f in findings]


def render(doc: ReportDocument, lang: str = "zh", **_: Any) -> str:
    t = L["en" if lang == "en" else "zh"]
    s = doc["summary"]
    out = [f"## {t['title']}", "", f"{doc['ruleset']['title']}", ""]
    out += _table([t["applicants"], t["pass"], t["fail"], t["errors"], t["warnings"], t["info"]],
                  [[s["applicants"], s["pass"], s["fail"], s["error"], s["warning"], s["info"]]])
    if doc.get("baseline"):
        b = doc["baseline"]
        out += ["", f"**{t['baseline']}** `{cell(b['file'])}`: {t['new']} {b['new']}, {t['unchanged']} {b['unchanged']}, "
                    f"{t['absent']} {b['absent']}"]
    for a in doc["applicants"]:
        verdict = f"✅ {t['pass']}" if a["status"] == "pass" else f"❌ {t['fail']}"
        who = " ".join(cell(x) for x in (a.get("name"), a.get("series"), a.get("title")) if x)
        c = a["counts"]
        out += ["", f"### {verdict} — `{cell(a['path'])}`" + (f" ({who})" if who else ""), "",
                f"{c['error']} {t['errors']}, {c['warning']} {t['warnings']}, {c['info']} {t['info']}", ""]
        titles = {it["id"]: it["title"] for it in a["items"]}
        active = [f for f in a["findings"] if not f.get("waived")]
        waived = [f for f in a["findings"] if f.get("waived")]
        header = [t["sev"], t["code"], t["item"], t["file"], t["message"]]
        out += _table(header, _finding_rows(active, titles)) if active else [t["none"]]
        if waived:
            rows = _finding_rows(waived, titles)
            for row, f in zip(rows, waived):
                w = (f.get("data") or {}).get("waiver")
                row[-1] = f"{f['message']} — " + (f"{t['waived']}: {w['reason']} ({w['approved_by']}, {w['expires']})"
                                                  if w else t["known"])
            out += ["", f"<details><summary>{t['waived']}: {len(waived)}</summary>", ""]
            out += _table(header, rows) + ["", "</details>"]
        out += ["", f"<details><summary>{t['items']}</summary>", ""]
        out += _table([t["status"], t["item"], t["files"]],
                      [[f"{ITEM_ICON.get(it['status'], '')} {it['status']}", it["title"], ", ".join(it["files"])] for it in a["items"]])
        out += ["", "</details>"]
    if doc.get("waivers"):
        out += ["", f"### {t['waivers']}", ""]
        out += _table([t["state"], t["code"], t["reason"], t["approved_by"], t["expires"], t["matched"], "source"],
                      [[t[w["status"]], w.get("code") or w.get("category"), w["reason"], w["approved_by"], w["expires"],
                        w["matched"], w.get("source", "")] for w in doc["waivers"]])
    return "\n".join(out) + "\n"
