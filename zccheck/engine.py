"""One applicant, end to end: list the files (folder or .zip) → scan them (workers, cache, time
limit) → classify → check → an ApplicantResult. Data flows one way; only scanning reads the disk."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable, Iterable

from zccheck.checks.context import ItemContext
from zccheck.checks.eligibility import eligibility_findings
from zccheck.checks.identity import named_rules
from zccheck.checks.file_health import check_classification, check_duplicates, check_file
from zccheck.checks.parts import any_one_completes, check_parts
from zccheck.checks.presence import check_presence
from zccheck.checks.profile_id import profile_id_findings
from zccheck.checks.registry import CHECK_KINDS
from zccheck.checks.year_coverage import check_years
from zccheck.classify.classifier import classify, path_evidence, slot_items
from zccheck.classify.heading_rule import dated_named, title_settles, title_then_named
from zccheck.classify.sequence import follow_documents
from zccheck.codes import severity_of
from zccheck.content.idcard import find_ids, normalize_id
from zccheck.models import ApplicantResult, CheckOptions, Classification, ClassifiedFile, FileFacts, Finding, ItemResult, finding
from zccheck.pack.model import Pack
from zccheck.profile import load_profile
from zccheck.scan import inputs, plan
from zccheck.scan.cache import FactsCache
from zccheck.scan.inputs import ApplicantInput
from zccheck.scan.ocr_cascade import quick_knows
from zccheck.scan.plan import ReadingRules, file_time_limit, scan_settings
from zccheck.scan.runner import ScanTask, scan_in_workers, scan_inline
from zccheck.scan.scanner import ScanSettings

# What the classifier knows of paths, handed to the scanning layer (which may not import it).


def _slot_test(pack: Pack) -> Callable[[str], bool]:
    return lambda folder: bool(slot_items(folder, pack))


def _slots_of_paths(pack: Pack) -> Callable[[str], tuple[str, ...]]:
    slots: dict[str, tuple[str, ...]] = {}  # which items each top-level folder is a slot for, once each

    def slot_set(path: str) -> tuple[str, ...]:
        top = path.split("/", 1)[0] if "/" in path else ""
        if top and top not in slots:
            slots[top] = slot_items(top, pack)
        return slots.get(top, ())
    return slot_set


def list_applicant(path: Path, display: str, pack: Pack,
                   time_limit: float = CheckOptions.file_timeout) -> ApplicantInput:
    """One applicant's files, profile and folders (zccheck.scan.inputs), wrapper folders told by the classifier;
    `time_limit` is a file's (file_time_limit)."""
    return inputs.list_applicant(path, display, pack, _slot_test(pack), time_limit)


def plan_looks(tasks: list[ScanTask], pack: Pack, ocr: bool = False,
               rules: ReadingRules | None = None) -> list[ScanTask]:
    """The tasks with their looks planned (zccheck.scan.plan) from the items their paths could be."""
    slot_set = _slots_of_paths(pack)
    return plan.plan_looks(tasks, pack, lambda path: path_evidence(path, pack, slot_set(path)), ocr, rules)


def reading_rules(inp: ApplicantInput, pack: Pack, options: CheckOptions) -> ReadingRules:
    """With OCR, this applicant's rules for reading a page only until it names them (checks.identity): a file
    its path settles as such an item, one its path places as one but whose years are in its words, and one the
    path says nothing of whose title places it (classify.heading_rule)."""
    if not options.ocr:
        return ReadingRules()
    profile, _ = load_profile(inp.profile[0], inp.profile[1], pack, {"series": options.series, "title": options.title})
    named = named_rules(pack, profile)
    one_part_enough = {item.id: parts for item in pack.items if (parts := any_one_completes(item, profile))}
    parted = {item_id: rule for item_id, rule in named.items()
              if pack.item(item_id).parts is not None and pack.item(item_id).years is None}
    own_id = normalize_id(str(profile.get("id_number") or ""))
    return ReadingRules(settled=named, loose=title_then_named(pack, named), undated=dated_named(pack, named),
                        thorough=not quick_knows(str(profile.get("name") or "")), one_part_enough=one_part_enough,
                        parted=parted,
                        own_id=own_id if find_ids(own_id) == [own_id] else None)


def slot_map(inp: ApplicantInput, pack: Pack) -> dict[str, tuple[str, ...]]:
    """Which items each top-level folder is a slot for, worked out once per applicant."""
    return {folder: slot_items(folder, pack)
            for folder in {*(f for f in inp.folders if "/" not in f),
                           *(t.path.split("/", 1)[0] for t in inp.tasks if "/" in t.path)}}


def classify_files(inp: ApplicantInput, facts: dict[str, FileFacts], pack: Pack,
                   slots_of: dict[str, tuple[str, ...]] | None = None) -> list[ClassifiedFile]:
    """Every listed file classified (OS junk as ignored), the pages that continue a document placed with
    it, in path order: what evaluate checks, and what `zccheck bundle` files into the upload slots.
    `inp` as inputs.settle_refused left it; `slots_of` from slot_map."""
    slots_of = slot_map(inp, pack) if slots_of is None else slots_of
    classified: list[ClassifiedFile] = []
    for task in inp.tasks:
        f = facts[task.path]
        top = task.path.split("/", 1)[0] if "/" in task.path else ""
        classified.append(ClassifiedFile(f, classify(f, pack, slots_of.get(top, ()))))
    for rel in inp.ignored:
        classified.append(ClassifiedFile(FileFacts(path=rel, size=0, sha256="", kind="ignored"),
                                         Classification(item=None, ignored=True)))
    classified = follow_documents(classified, pack)
    classified.sort(key=lambda cf: cf.facts.path)
    return classified


def evaluate(inp: ApplicantInput, facts: dict[str, FileFacts], pack: Pack, options: CheckOptions) -> ApplicantResult:
    """Classify and check one applicant's scanned files. Pure: no disk, no clock."""
    inp = inputs.settle_refused(inp, facts)  # members refused while read are the archive's findings
    overrides = {"series": options.series, "title": options.title}
    profile, findings = load_profile(inp.profile[0], inp.profile[1], pack, overrides)
    findings = [*inp.findings, *findings]
    slots_of = slot_map(inp, pack)
    classified = classify_files(inp, facts, pack, slots_of)

    for cf in classified:
        findings.extend(check_file(pack, cf, file_time_limit(options)))
        findings.extend(check_classification(pack, cf))
    findings.extend(check_duplicates([cf for cf in classified if not cf.cls.ignored]))

    # Scans nobody could read (no text, no OCR) that matched nothing: they may be any missing item — but a
    # blank one holds none, and each page at most one (ZC411 when more are missing than there are pages).
    unread = [cf for cf in classified if cf.cls.item is None and cf.cls.source == "none" and cf.facts.usable
              and cf.facts.is_scan and not cf.facts.has_text and not _all_blank(cf)]
    unidentified_scans = [cf.facts.path for cf in unread]
    undecided = tuple(cf for cf in classified if cf.cls.item is None and cf.cls.source == "tie" and cf.facts.usable)
    items: list[ItemResult] = []
    for item in pack.items:
        files = [cf for cf in classified if cf.cls.item == item.id]
        slots = [f for f in inp.folders if "/" not in f and item.id in slots_of[f]]
        status, item_findings = check_presence(pack, profile, item, files, slots, unidentified_scans, undecided)
        if status is None:
            statuses = []
            for check in (check_parts(pack, profile, item, files), check_years(pack, item, files)):
                statuses.append(check[0])
                item_findings.extend(check[1])
            usable = tuple(cf for cf in files if cf.facts.usable)
            for spec in item.checks:
                ctx = ItemContext(pack, item, profile, usable, spec, options.ocr)
                item_findings.extend(CHECK_KINDS[spec.kind].run(ctx))
            status = "incomplete" if "incomplete" in statuses else "needs-review" if "needs-review" in statuses else "ok"
            # What the reviewers would send back (a placeholder, no seal, a short publicity) leaves the item not ok.
            if status == "ok" and any(severity_of(f) == "error" for f in item_findings):
                status = "incomplete"
        findings.extend(item_findings)
        items.append(ItemResult(item.id, status, tuple(cf.facts.path for cf in files)))

    findings.extend(_too_few_scans(unread, findings))
    findings.extend(profile_id_findings(profile, pack))
    outcome, eligibility = eligibility_findings(profile, pack)
    findings.extend(eligibility)
    return ApplicantResult(
        path=inp.display, name=profile.get("name"), series=profile.get("series"), title=profile.get("title"),
        items=tuple(items), findings=tuple(_ordered(findings, pack)),
        files=tuple(sorted([cf.facts.path for cf in classified] + ([inp.profile[1]] if inp.profile[1] else [])
                           + inp.problem_files + inp.tool_files)),
        eligibility=outcome,
    )


def _all_blank(cf: ClassifiedFile) -> bool:
    """A scan that is blank on every page (a white photo, an empty page): it holds no material."""
    if cf.facts.image is not None and cf.facts.kind != "pdf":
        return cf.facts.image.blank is True
    return bool(cf.facts.pages) and all(page.blank is True for page in cf.facts.pages)


def _too_few_scans(unread: list[ClassifiedFile], findings: list[Finding]) -> list[Finding]:
    """More items "maybe among the unrecognised scans" (ZC410) than those scans have pages: the rest are
    surely missing, and the folder must not pass on warnings alone (ZC411)."""
    maybe = [f.item for f in findings if f.code == "ZC410" and f.item]
    pages = sum(max(cf.facts.page_count, 1) for cf in unread)
    if len(maybe) <= pages:
        return []
    return [finding("ZC411", None, unread[0].facts.path if unread else None, count=len(maybe), items=maybe,
                    pages=pages, short=len(maybe) - pages,
                    data={"items": maybe, "pages": pages, "missing_at_least": len(maybe) - pages})]


def _ordered(findings: Iterable[Finding], pack: Pack) -> list[Finding]:
    order = {it.id: i for i, it in enumerate(pack.items)}
    unique = list(dict.fromkeys(findings))  # identical findings (same code, file, args) once
    return sorted(unique, key=lambda f: (order.get(f.item or "", -1), f.file or "", f.page or 0, f.code))


def scan_applicant(inp: ApplicantInput, pack: Pack, options: CheckOptions, cache: FactsCache | None,
                   jobs: int) -> dict[str, FileFacts]:
    settings = scan_settings(pack, options, title_settles(pack))
    facts: dict[str, FileFacts] = {}
    todo = plan.reading_order(lookup_all(cache, inp.tasks, settings, pack, facts, reading_rules(inp, pack, options)))
    runner = scan_in_workers(todo, settings, jobs, file_time_limit(options)) if jobs > 0 else scan_inline(todo, settings)
    for task, result in runner:
        facts[task.path] = result
        if cache is not None:
            cache.put(task.signature, result, task.cache_tag(settings))
    return facts


def lookup_all(cache: FactsCache | None, tasks: list[ScanTask], settings: ScanSettings, pack: Pack,
               found: dict[str, FileFacts], rules: ReadingRules | None = None) -> list[ScanTask]:
    """Facts of `tasks` from the cache into `found`; returns the tasks left to scan, their looks planned
    (`rules`: see reading_rules).
    Facts of a whole look serve every task; those of a blank-only look, or of a read top first, only a
    task planned so, and the plan is made for the misses alone."""
    misses: list[ScanTask] = []
    shas: list[str | None] = []
    whole = settings.whole_tag(rules is not None and rules.thorough)
    for task in tasks:
        sha = _content_key(cache, task)
        cached = cache.facts_for(sha, whole) if cache is not None and sha else None
        if cached is None:
            misses.append(task)
            shas.append(sha)
        else:
            found[task.path] = dataclasses.replace(cached, path=task.path)
    todo = []
    for task, sha in zip(plan_looks(misses, pack, settings.ocr, rules), shas):
        tag = task.cache_tag(settings)  # the whole look's was looked up above
        cached = cache.facts_for(sha, tag) if cache is not None and sha and tag != whole else None
        if cached is None:
            todo.append(task)
        else:
            found[task.path] = dataclasses.replace(cached, path=task.path)
    return todo


def _content_key(cache: FactsCache | None, task: ScanTask) -> str | None:
    """The file's content hash as the cache knows it, by its signature (a file's stat; a member's archive
    stat, index, CRC and size): nothing is read here. None when unknown (never read, or no cache)."""
    if cache is None or not task.signature:
        return None
    return cache.sha_for(task.signature)


def check_applicant(path: Path, pack: Pack, options: CheckOptions, *, display: str | None = None,
                    jobs: int = 1, cache: FactsCache | None = None) -> ApplicantResult:
    inp = list_applicant(path, display or str(path), pack, file_time_limit(options))
    facts = scan_applicant(inp, pack, options, cache, jobs)
    return evaluate(inp, facts, pack, options)


__all__ = ["check_applicant", "classify_files", "evaluate", "list_applicant", "lookup_all", "plan_looks", "scan_applicant",
           "slot_map"]
