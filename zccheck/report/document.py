"""The report document: the contract's JSON shape (../shared/contract/report-v1.schema.json), built
once from results; every output format renders this document. ID numbers are masked here, in one
place, so no format can leak one."""

from __future__ import annotations

from typing import Any, Iterable, TypedDict, cast

from zccheck import __version__
from zccheck.codes import CODES, Category, Severity, severity_of
from zccheck.content.mask import mask_text
from zccheck.models import ApplicantResult, ApplicantStatus, ItemStatus
from zccheck.pack.model import Pack
from zccheck.report.messages import eligibility_reason, item_title, render_message

SCHEMA_VERSION = "1"


# --- the document's shape (the contract, key for key) --------------------------------------------

class Tool(TypedDict):
    name: str
    version: str


class Ruleset(TypedDict):
    id: str
    title: str
    version: str


class Counts(TypedDict):
    error: int
    warning: int
    info: int


# "pass" is a keyword: the functional form.
Summary = TypedDict("Summary", {"applicants": int, "pass": int, "fail": int, "error": int, "warning": int, "info": int})


class FindingDocument(TypedDict):
    code: str
    category: Category
    severity: Severity
    item: str | None
    file: str | None
    page: int | None
    message: str
    data: dict[str, Any]
    waived: bool


class ItemDocument(TypedDict):
    id: str
    title: str
    status: ItemStatus
    files: list[str]


class EligibilityDocument(TypedDict):
    status: str  # eligible | ineligible | needs-review | profile-error (zccheck.checks.eligibility)
    route: str | None
    required_years: int | None
    actual_years: int | None
    actual_months: int | None
    counted_from: str | None
    counted_until: str | None
    reason: str  # in the report's language


class ApplicantDocument(TypedDict):
    path: str
    name: str | None
    series: str | None
    title: str | None
    status: ApplicantStatus
    counts: Counts
    items: list[ItemDocument]
    findings: list[FindingDocument]
    eligibility: EligibilityDocument | None
    files: list[str]


class SkippedEntry(TypedDict):
    path: str
    reason: str


class _Additions(TypedDict, total=False):
    """Keys the contract allows beside the required ones: what `batch` did not check, the waivers in
    force, the baseline's tally."""

    skipped: list[SkippedEntry]
    waivers: list[dict[str, Any]]
    baseline: dict[str, Any]


class ReportDocument(_Additions):
    schema_version: str
    tool: Tool
    ruleset: Ruleset
    applicants: list[ApplicantDocument]
    summary: Summary


# --- building it ---------------------------------------------------------------------------------


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        return [_mask(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _eligibility(result: ApplicantResult, pack: Pack, lang: str) -> EligibilityDocument | None:
    o = result.eligibility
    if o is None:
        return None
    reason = eligibility_reason(o.reason, pack.eligibility, lang)
    return {"status": o.status, "route": o.route, "required_years": o.required_years, "actual_years": o.actual_years,
            "actual_months": o.actual_months, "counted_from": o.counted_from, "counted_until": o.counted_until,
            "reason": reason}


def applicant_document(result: ApplicantResult, pack: Pack, lang: str) -> ApplicantDocument:
    findings: list[FindingDocument] = []
    for f in result.findings:
        entry: FindingDocument = {
            "code": f.code, "category": CODES[f.code].category, "severity": severity_of(f), "item": f.item,
            "file": f.file, "page": f.page, "message": render_message(f, pack, lang), "data": _jsonable(f.data_dict()),
            "waived": f.waived,
        }
        findings.append(entry)
    c = result.counts()
    counts: Counts = {"error": c["error"], "warning": c["warning"], "info": c["info"]}
    return {
        "path": result.path, "name": result.name, "series": result.series, "title": result.title,
        "status": result.status, "counts": counts,
        "items": [{"id": it.id, "title": item_title(pack, it.id, lang), "status": it.status, "files": list(it.files)}
                  for it in result.items],
        "findings": findings,
        "eligibility": _eligibility(result, pack, lang),
        "files": list(result.files),
    }


def build_document(results: Iterable[ApplicantResult], pack: Pack, lang: str = "zh",
                   show_pii: bool = False) -> ReportDocument:
    applicants = [applicant_document(r, pack, lang) for r in results]
    summary: Summary = {"applicants": len(applicants), "pass": sum(a["status"] == "pass" for a in applicants),
                        "fail": sum(a["status"] == "fail" for a in applicants),
                        "error": sum(a["counts"]["error"] for a in applicants),
                        "warning": sum(a["counts"]["warning"] for a in applicants),
                        "info": sum(a["counts"]["info"] for a in applicants)}
    doc: ReportDocument = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "zccheck", "version": __version__},
        "ruleset": {"id": pack.id, "title": pack.title, "version": pack.version},
        "applicants": applicants,
        "summary": summary,
    }
    return doc if show_pii else cast(ReportDocument, _mask(doc))
