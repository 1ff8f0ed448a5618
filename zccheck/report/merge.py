"""Join report documents (one per shard of a drive, `zccheck batch --shard K/N --format json`) into
one: the same ruleset, every applicant once, in path order, the totals recomputed."""

from __future__ import annotations

import json
from typing import Any, cast

from zccheck.report.document import ReportDocument


class MergeError(ValueError):
    """Reports that cannot be joined: not zccheck JSON, another schema version or rule pack, or one
    applicant with two different results."""


def _summary(applicants: list[dict[str, Any]]) -> dict[str, int]:
    return {"applicants": len(applicants), "pass": sum(a["status"] == "pass" for a in applicants),
            "fail": sum(a["status"] == "fail" for a in applicants),
            "error": sum(a["counts"]["error"] for a in applicants),
            "warning": sum(a["counts"]["warning"] for a in applicants),
            "info": sum(a["counts"]["info"] for a in applicants)}


def merge_documents(docs: list[tuple[str, dict[str, Any]]]) -> ReportDocument:
    """`docs`: (name for messages, document). The first document gives tool and ruleset."""
    if not docs:
        raise MergeError("nothing to merge")
    first_name, first = docs[0]
    by_path: dict[str, tuple[str, dict[str, Any]]] = {}
    skipped: dict[str, dict[str, Any]] = {}
    for name, doc in docs:
        if not isinstance(doc, dict) or doc.get("tool", {}).get("name") != "zccheck" or "applicants" not in doc:
            raise MergeError(f"{name}: not a zccheck JSON report (zccheck batch --format json)")
        if doc.get("schema_version") != first.get("schema_version"):
            raise MergeError(f"{name}: schema_version {doc.get('schema_version')!r}, "
                             f"but {first_name} has {first.get('schema_version')!r}")
        if doc.get("ruleset", {}).get("id") != first.get("ruleset", {}).get("id"):
            raise MergeError(f"{name}: rule pack {doc.get('ruleset', {}).get('id')!r}, "
                             f"but {first_name} has {first.get('ruleset', {}).get('id')!r}")
        for a in doc["applicants"]:
            seen = by_path.get(a["path"])
            if seen is not None and json.dumps(seen[1], sort_keys=True) != json.dumps(a, sort_keys=True):
                raise MergeError(f"applicant {a['path']!r} is in {seen[0]} and in {name} with different results")
            by_path.setdefault(a["path"], (name, a))
        for s in doc.get("skipped") or ():
            skipped.setdefault(s["path"], s)
    applicants = [by_path[p][1] for p in sorted(by_path)]
    merged = {"schema_version": first["schema_version"], "tool": first["tool"], "ruleset": first["ruleset"],
              "applicants": applicants, "summary": _summary(applicants)}
    if skipped:
        merged["skipped"] = [skipped[p] for p in sorted(skipped)]
    return cast(ReportDocument, merged)  # each part checked above; the contract's shape
