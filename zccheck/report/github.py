"""--format github: GitHub Actions workflow commands, one annotation per finding
(`::error file=…,title=…::message`), chosen automatically when GITHUB_ACTIONS=true and no format is
given. Waived and baseline-known findings are left out (they were accepted); stale or expired waivers
are warnings; a final `::notice` line sums up, so the output is never empty.
"""

from __future__ import annotations

from typing import Any

from zccheck.report.document import ReportDocument

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, message: str, **props: str) -> str:
    text = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v)
    return f"::{kind}{(' ' + text) if text else ''}::{escape_data(message)}"


def render(doc: ReportDocument, lang: str = "zh", root: str | None = None, **_: Any) -> str:
    from zccheck.report.sarif import located_path

    lines = []
    for a in doc["applicants"]:
        folder = located_path(a["path"], root).replace("\\", "/").rstrip("/")
        for f in a["findings"]:
            if f.get("waived"):
                continue
            file = f"{folder}/{f['file']}" if f.get("file") else folder
            lines.append(_command(COMMAND[f["severity"]], f["message"], file=file,
                                  title=f"{f['code']} {f['category']}" + (f" ({a['name']})" if a.get("name") else "")))
    for w in doc.get("waivers") or ():
        if w["status"] == "expired":
            lines.append(_command("warning", f"waiver expired on {w['expires']}: {w['matched']} finding(s) count again "
                                             f"({w.get('code') or w.get('category')}, {w.get('source')})",
                                  title="zccheck waiver expired"))
        elif w["status"] == "unused":
            lines.append(_command("warning", f"waiver matches no finding: remove it if stale "
                                             f"({w.get('code') or w.get('category')}, {w.get('source')})",
                                  title="zccheck stale waiver"))
    s = doc["summary"]
    waived = sum(1 for a in doc["applicants"] for f in a["findings"] if f.get("waived"))
    if lang == "en":
        summary = (f"{s['applicants']} applicant(s): {s['pass']} pass, {s['fail']} fail; "
                   f"{s['error']} error(s), {s['warning']} warning(s), {waived} waived")
    else:
        summary = (f"共 {s['applicants']} 人：{s['pass']} 人通过，{s['fail']} 人未通过；"
                   f"{s['error']} 个错误，{s['warning']} 个提醒，{waived} 个已豁免")
    lines.append(_command("notice", summary, title="zccheck"))
    return "\n".join(lines) + "\n"
