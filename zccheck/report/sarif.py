"""--format sarif: SARIF 2.1.0 (OASIS), for GitHub code scanning, GitLab and IDE viewers.

Every zccheck code is a rule (title, help text, default level, category) so `ruleIndex` is stable
across runs. A finding on a file is located at `applicant path/file`; a finding without a file
(a missing material, a missing year) at the applicant's folder (`path/`). URIs are percent-encoded:
the names are Chinese. Waived findings carry an accepted external suppression with the waiver's
reason; with a baseline each result has `baselineState`. Stale or expired waivers become tool
configuration notifications.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from zccheck.codes import CODES
from zccheck.models import identity
from zccheck.report.document import ApplicantDocument, FindingDocument, ReportDocument

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule_name(title_en: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", title_en)) or "Rule"


def _rules(lang: str) -> list[dict[str, Any]]:
    rules = []
    for code in CODES.values():
        title = code.title_en if lang == "en" else code.title_zh
        help_text = code.help_en if lang == "en" else code.help_zh
        rules.append({
            "id": code.code,
            "name": _rule_name(code.title_en),
            "shortDescription": {"text": title},
            "fullDescription": {"text": help_text},
            "help": {"text": f"{help_text}\n\nzccheck explain {code.code}",
                     "markdown": f"**{title}** (`{code.category}`)\n\n{help_text}\n\n`zccheck explain {code.code}`"},
            "defaultConfiguration": {"level": LEVEL[code.severity]},
            "properties": {"category": code.category, "tags": ["zccheck", code.category]},
        })
    return rules


def artifact_uri(applicant_path: str, file: str | None) -> str:
    """applicant path + "/" + file, percent-encoded; absolute paths become file:// URIs."""
    raw = applicant_path
    if "\\" in raw or re.match(r"^[A-Za-z]:", raw):
        raw = PureWindowsPath(raw).as_posix()
    raw = raw.rstrip("/") or "."
    full = f"{raw}/{file}" if file else f"{raw}/"
    if PurePosixPath(raw).is_absolute() or re.match(r"^[A-Za-z]:/", raw):
        prefix = "file://" if full.startswith("/") else "file:///"
        return prefix + quote(full, safe="/:")
    return quote(full, safe="/")


def located_path(applicant_path: str, root: str | None) -> str:
    """A batch's applicant paths are relative to its ROOT: join them so locations resolve."""
    if not root or PurePosixPath(applicant_path.replace("\\", "/")).is_absolute():
        return applicant_path
    return f"{root.rstrip('/')}/{applicant_path}"


def _result(a: ApplicantDocument, f: FindingDocument, index: dict[str, int], root: str | None = None) -> dict[str, Any]:
    data = f.get("data") or {}
    uri = artifact_uri(located_path(a["path"], root), f.get("file"))
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri}}}
    if f.get("file") is None:
        location["message"] = {"text": f"applicant folder {a['path']}"}
    key = identity(a["path"], f["code"], f.get("item"), f.get("file"), data.get("years"))
    result: dict[str, Any] = {
        "ruleId": f["code"],
        "ruleIndex": index[f["code"]],
        "level": LEVEL[f["severity"]],
        "message": {"text": f["message"]},
        "locations": [location],
        "partialFingerprints": {"zccheckIdentity/v1": "|".join([*key[:4], ",".join(map(str, key[4]))])},
        "properties": {"category": f["category"], "item": f.get("item"), "page": f.get("page"),
                       "applicant": a["path"], "applicantName": a.get("name"), "data": data},
    }
    if f.get("waived"):
        waiver = data.get("waiver") or {}
        suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
        if waiver:
            suppression["justification"] = f"{waiver.get('reason', '')} ({waiver.get('approved_by', '')}, " \
                                            f"until {waiver.get('expires', '')})"
        elif data.get("baseline"):
            suppression["justification"] = "known finding (baseline)"
        result["suppressions"] = [suppression]
    if data.get("baseline") in ("new", "unchanged"):
        result["baselineState"] = data["baseline"]
    return result


def _notifications(doc: ReportDocument, lang: str) -> list[dict[str, Any]]:
    out = []
    for w in doc.get("waivers") or ():
        if w["status"] == "applied":
            continue
        text = (f"waiver {w.get('code') or w.get('category')} ({w.get('source')}) "
                + (f"expired on {w['expires']}; {w['matched']} finding(s) count again" if w["status"] == "expired"
                   else "matches no finding; remove it if it is stale"))
        out.append({"level": "warning" if w["status"] == "expired" else "note", "message": {"text": text},
                    "descriptor": {"id": f"waiver-{w['status']}"}})
    return out


def render(doc: ReportDocument, lang: str = "zh", root: str | None = None, **_: Any) -> str:
    rules = _rules(lang)
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = [_result(a, f, index, root) for a in doc["applicants"] for f in a["findings"]]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    notifications = _notifications(doc, lang)
    if notifications:
        invocation["toolConfigurationNotifications"] = notifications
    run = {
        "tool": {"driver": {"name": "zccheck", "version": doc["tool"]["version"],
                            "semanticVersion": doc["tool"]["version"],
                            "language": "zh-CN" if lang == "zh" else "en-US", "rules": rules}},
        "automationDetails": {"id": f"zccheck/{doc['ruleset']['id']}/"},
        "invocations": [invocation],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"ruleset": doc["ruleset"], "summary": doc["summary"]},
    }
    sarif = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
