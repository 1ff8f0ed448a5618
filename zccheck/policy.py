"""What a unit decides about findings, applied after checking and before reporting: which codes it
wants (select / ignore / per-path ignores), which findings it has accepted (waivers), and which it
already knew about (a baseline). Pure functions over ApplicantResult lists: no disk, no printing.

A waived or baselined finding stays in the report with `waived: true` (so the report remains a full
record) and stops counting towards the status and the exit code. `data.waiver` says who accepted it
and why; `data.baseline` is `unchanged` (known) or `new` whenever a baseline is in use.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Iterable

from zccheck.codes import CODES
from zccheck.config import Waiver
from zccheck.models import ApplicantResult, Finding, FindingIdentity, folder_name, identity
from zccheck.pack.model import Pack

BASELINE_FORMAT = 1


# --- selectors ------------------------------------------------------------------------------------

def matches(selector: str, code: str) -> bool:
    """A selector is a category (year-missing), a code (ZC201) or a code prefix (ZC2)."""
    sel = selector.strip()
    return CODES[code].category == sel or code.startswith(sel.upper())


def _glob(pattern: str, candidates: Iterable[str]) -> bool:
    p = pattern.lower()
    return any(fnmatch.fnmatchcase(c.lower(), p) for c in candidates if c)


def _path_candidates(result: ApplicantResult, f: Finding) -> list[str]:
    folder = folder_name(result.path)
    if f.file:
        base = f.file.rsplit("/", 1)[-1]
        return [f.file, base, f"{folder}/{f.file}", f"{result.path.rstrip('/')}/{f.file}"]
    return [folder, result.path]


def select_findings(results: Iterable[ApplicantResult], select: Iterable[str] = (), ignore: Iterable[str] = (),
                    per_path_ignores: Iterable[tuple[str, Iterable[str]]] = ()) -> list[ApplicantResult]:
    """Keep the findings that `select` names (all when empty), minus `ignore` and per-path ignores.
    Per-path globs are tried on the file inside the applicant, its name, `folder/file`, and for
    findings without a file on the applicant folder itself."""
    select, ignore = tuple(select), tuple(ignore)
    per_path = [(glob, tuple(sels)) for glob, sels in per_path_ignores]

    def keep(result: ApplicantResult, f: Finding) -> bool:
        if select and not any(matches(s, f.code) for s in select):
            return False
        if any(matches(s, f.code) for s in ignore):
            return False
        for glob, sels in per_path:
            if any(matches(s, f.code) for s in sels) and _glob(glob, _path_candidates(result, f)):
                return False
        return True

    return [replace(r, findings=tuple(f for f in r.findings if keep(r, f))) for r in results]


# --- waivers --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WaiverOutcome:
    waiver: Waiver
    status: str  # applied | expired | unused
    matched: int  # findings it covers (for an expired waiver: would have covered)

    def describe(self) -> dict[str, Any]:
        return {**self.waiver.describe(), "status": self.status, "matched": self.matched}


def _with_years(f: Finding, years: Iterable[int]) -> Finding:
    years = tuple(sorted(years))
    args = tuple((k, years if k == "years" else v) for k, v in f.args)
    data = tuple((k, years if k == "years" else v) for k, v in f.data)
    return replace(f, args=args, data=data)


def _target(w: Waiver, result: ApplicantResult, f: Finding, pack: Pack) -> bool:
    """Does the waiver name this finding (ignoring years, handled by `waive_one`)?"""
    if w.code and f.code != w.code:
        return False
    if w.category and CODES[f.code].category != w.category:
        return False
    if w.item and f.item != w.item:
        return False
    if w.applicant and w.applicant not in (result.name, folder_name(result.path), result.path):
        return False
    if w.files:
        if f.file:
            candidates = [f.file, f.file.rsplit("/", 1)[-1]]
        else:
            # A missing file has no name: the glob is tried on where it belongs (the item's slot and title).
            candidates = []
            if f.item:
                try:
                    item = pack.item(f.item)
                    candidates = [item.slot, item.title, item.title_en]
                except KeyError:
                    candidates = [f.item]
        if not any(_glob(g, candidates) for g in w.files):
            return False
    return True


def _split(w: Waiver, f: Finding) -> tuple[Finding | None, Finding | None]:
    """(waivable part, remaining part) of a finding for this waiver's years. A finding about several
    years is split, so waiving 2019 never hides a missing 2018."""
    if not w.years:
        return f, None
    years = f.data_dict().get("years")
    if not years:
        return None, f
    inside = sorted(set(years) & set(w.years))
    outside = sorted(set(years) - set(w.years))
    if not inside:
        return None, f
    if not outside:
        return f, None
    return _with_years(f, inside), _with_years(f, outside)


def _mark_waived(f: Finding, w: Waiver) -> Finding:
    info = {"reason": w.reason, "approved_by": w.approved_by, "expires": w.expires.isoformat(), "source": w.source}
    return replace(f, waived=True, data=tuple(sorted((*f.data, ("waiver", info)), key=lambda kv: kv[0])))


def apply_waivers(results: Iterable[ApplicantResult], waivers: Iterable[Waiver], pack: Pack,
                  today: dt.date | None = None) -> tuple[list[ApplicantResult], list[WaiverOutcome]]:
    """Mark the findings that active waivers cover. A waiver expiring today still applies today."""
    today = today or dt.date.today()
    waivers = list(waivers)
    counts = [0] * len(waivers)
    out: list[ApplicantResult] = []
    for result in results:
        findings: list[Finding] = []
        for original in result.findings:
            pending = [original]
            done: list[Finding] = []
            for i, w in enumerate(waivers):
                still: list[Finding] = []
                for f in pending:
                    if f.waived or not _target(w, result, f, pack):
                        still.append(f)
                        continue
                    part, rest = _split(w, f)
                    if part is None:
                        still.append(f)
                        continue
                    counts[i] += 1
                    if w.expires < today:
                        still.append(f)  # expired: counts again (and the note says so)
                    else:
                        done.append(_mark_waived(part, w))
                        if rest is not None:
                            still.append(rest)
                        continue
                pending = still
            findings.extend(done + pending)
        out.append(replace(result, findings=tuple(findings)))
    outcomes = [WaiverOutcome(w, "expired" if w.expires < today else ("applied" if n else "unused"), n)
                for w, n in zip(waivers, counts)]
    return out, outcomes


# --- baseline -------------------------------------------------------------------------------------

def finding_identity(result: ApplicantResult, f: Finding) -> FindingIdentity:
    return identity(result.path, f.code, f.item, f.file, f.data_dict().get("years"))


def baseline_document(results: Iterable[ApplicantResult], pack: Pack, today: dt.date | None = None) -> dict[str, Any]:
    """Today's unwaived findings, counted per identity (the same identity can occur more than once)."""
    from zccheck import __version__

    counter: Counter = Counter()
    for r in results:
        for f in r.findings:
            if not f.waived:
                counter[finding_identity(r, f)] += 1
    entries = [{"applicant": a, "code": c, "item": i or None, "file": fn or None, "years": list(y), "count": n}
               for (a, c, i, fn, y), n in sorted(counter.items())]
    return {"zccheck_baseline": BASELINE_FORMAT, "tool_version": __version__, "ruleset": pack.id,
            "created": (today or dt.date.today()).isoformat(), "findings": entries}


def baseline_counter(doc: Any) -> Counter:
    """Parse a baseline document; ValueError on anything that is not one."""
    if not isinstance(doc, dict) or doc.get("zccheck_baseline") != BASELINE_FORMAT or not isinstance(doc.get("findings"), list):
        raise ValueError('expected {"zccheck_baseline": 1, "findings": [...]}')
    counter: Counter = Counter()
    for e in doc["findings"]:
        try:
            key = identity(e["applicant"], e["code"], e.get("item"), e.get("file"), e.get("years") or ())
            counter[key] += int(e.get("count", 1))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ValueError(f"bad baseline entry: {e!r}") from None
    return counter


@dataclass(frozen=True)
class BaselineOutcome:
    new: int
    unchanged: int
    absent: int  # known findings that no longer occur (fixed): time to rewrite the baseline

    def describe(self) -> dict[str, int]:
        return {"new": self.new, "unchanged": self.unchanged, "absent": self.absent}


def apply_baseline(results: Iterable[ApplicantResult], known: Counter) -> tuple[list[ApplicantResult], BaselineOutcome]:
    """Known findings become waived (`data.baseline: unchanged`); the rest are `new` and count.
    A finding about several years is split: with 2019 known, a new missing 2018 alone is `new`."""
    remaining = Counter(known)
    new = unchanged = 0
    out = []

    def known_part(key: tuple) -> tuple[int, ...] | None:
        if remaining[key] > 0:
            remaining[key] -= 1
            return key[4]
        years = set(key[4])
        if not years:
            return None
        covered: set[int] = set()
        for other, n in remaining.items():
            if n > 0 and other[:4] == key[:4] and other[4] and set(other[4]) <= years - covered:
                remaining[other] -= 1
                covered |= set(other[4])
        return tuple(sorted(covered)) or None

    for r in results:
        findings = []
        for f in r.findings:
            if f.waived:
                findings.append(f)
                continue
            key = finding_identity(r, f)
            part = known_part(key)
            if part is not None and set(part) != set(key[4]):
                findings.append(replace(_with_years(f, part), waived=True, data=(*_with_years(f, part).data,
                                                                                  ("baseline", "unchanged"))))
                rest = _with_years(f, set(key[4]) - set(part))
                findings.append(replace(rest, data=(*rest.data, ("baseline", "new"))))
                unchanged, new = unchanged + 1, new + 1
            elif part is not None:
                unchanged += 1
                findings.append(replace(f, waived=True, data=(*f.data, ("baseline", "unchanged"))))
            else:
                new += 1
                findings.append(replace(f, data=(*f.data, ("baseline", "new"))))
        out.append(replace(r, findings=tuple(findings)))
    return out, BaselineOutcome(new, unchanged, sum(v for v in remaining.values() if v > 0))
