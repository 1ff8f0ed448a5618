"""One applicant, end to end: list the files (folder or .zip) → scan them (workers, cache, time
limit) → classify → check → an ApplicantResult. Data flows one way; only scanning reads the disk."""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from zccheck.checks.context import ItemContext
from zccheck.checks.file_health import check_classification, check_duplicates, check_file
from zccheck.checks.parts import check_parts
from zccheck.checks.presence import check_presence
from zccheck.checks.registry import CHECK_KINDS
from zccheck.checks.year_coverage import check_years
from zccheck.codes import severity_of
from zccheck.classify.classifier import classify, path_candidates, slot_items
from zccheck.eligibility_check import eligibility_findings, profile_id_findings
from zccheck.models import ApplicantResult, CheckOptions, Classification, ClassifiedFile, FileFacts, Finding, ItemResult, finding
from zccheck.pack.model import Item, Pack
from zccheck.profile import load_profile
from zccheck.scan import archive
from zccheck.scan.cache import FactsCache
from zccheck.scan.runner import ScanTask, scan_in_workers, scan_inline
from zccheck.scan.scanner import ScanSettings
from zccheck.scan.source import escape_unprintable as _shown
from zccheck.scan.source import list_folder

MAX_PROFILE_BYTES = 256 * 1024
_ENTRY_PROBLEM_TEXT = {
    "link-outside": "是指向文件夹外的链接，未读取 / a link leaving the folder, not followed",
    "link-dir": "是指向文件夹的链接，未跟随 / a link to a folder, not followed",
    "link-broken": "是失效或循环的链接，未跟随 / a dangling or looping link, not followed",
    "inaccessible": "无法读取 / cannot be read",
    "permission": "没有读取权限 / permission denied",
    "not-regular": "不是普通文件 / not a regular file",
    "too-many": "文件数量过多，其余文件未检查 / too many files, the rest was not checked",
    "too-deep": "文件夹层级过深，未继续读取 / folders nested too deep, not read further",
}


@dataclass
class ApplicantInput:
    """Everything listed for one applicant, before scanning."""

    display: str
    tasks: list[ScanTask] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # listing problems (links, archive refusals)
    profile: tuple[bytes | None, str | None] = (None, None)
    ignored: list[str] = field(default_factory=list)
    tool_files: list[str] = field(default_factory=list)
    problem_files: list[str] = field(default_factory=list)  # files not scanned (links, no permission): reported, counted


# OCR reads a page in about 1 s on 2 cores, but loading its models and a busy machine cost more:
# with OCR on, a file may take this much longer per page OCR may read before it counts as hung.
OCR_SECONDS_PER_PAGE = 15.0


def file_time_limit(options: CheckOptions) -> float:
    return options.file_timeout + (OCR_SECONDS_PER_PAGE * ScanSettings.ocr_max_pages if options.ocr else 0.0)


def scan_settings(pack: Pack, options: CheckOptions) -> ScanSettings:
    return ScanSettings(max_file_bytes=int(pack.files.max_file_mb * 1024 * 1024),
                        accepted_kinds=pack.files.accepted_kinds, ocr=options.ocr, ocr_cache=options.use_cache)


def _is_ignored(name: str, pack: Pack) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in pack.files.ignore_names)


def _strip_wrapper(paths: list[str], pack: Pack) -> str:
    """A zip or folder often wraps everything in one folder named after the applicant (张三/01-承诺书/…):
    that folder is not a slot. Returns the prefix to strip ('' when there is none)."""
    tops = {p.split("/", 1)[0] for p in paths}
    if len(tops) == 1 and all("/" in p for p in paths):
        top = next(iter(tops))
        if not slot_items(top, pack):
            return top + "/"
    return ""


def _add_file(inp: ApplicantInput, rel: str, pack: Pack, make_task: Callable[[str], ScanTask],
              read_small: Callable[[], bytes | None]) -> None:
    name = rel.rsplit("/", 1)[-1]
    if _is_ignored(name, pack) or any(_is_ignored(part, pack) for part in rel.split("/")[:-1]):
        inp.ignored.append(rel)
    elif "/" not in rel and name in pack.files.profile_names:
        if inp.profile[0] is None:
            inp.profile = (read_small(), rel)
        else:
            inp.tool_files.append(rel)
    elif "/" not in rel and name in pack.files.tool_files:
        inp.tool_files.append(rel)
    else:
        inp.tasks.append(make_task(rel))


def _read_small(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read(MAX_PROFILE_BYTES)
    except OSError:
        return None


def list_applicant_folder(root: Path, display: str, pack: Pack) -> ApplicantInput:
    listing = list_folder(root)
    inp = ApplicantInput(display)
    good = [e for e in listing.entries if e.problem is None]
    prefix = _strip_wrapper([e.path for e in good], pack)
    inp.folders = [f[len(prefix):] for f in listing.folders if f.startswith(prefix) and f != prefix.rstrip("/")]
    for e in listing.entries:
        rel = e.path[len(prefix):] if e.path.startswith(prefix) else e.path
        if e.problem:
            detail = _ENTRY_PROBLEM_TEXT.get(e.problem, e.problem)
            if e.problem == "inaccessible" and e.detail:
                detail = f"{detail} ({e.detail})"
            inp.findings.append(finding("ZC308", None, rel, detail=detail, data={"problem": e.problem}))
            if not e.is_dir:
                inp.problem_files.append(rel)
            continue
        _add_file(inp, rel, pack,
                  lambda r, e=e: ScanTask(key=r, path=r, location=e.location, size=e.size,
                                          signature=f"{e.location}|{e.size}|{e.mtime_ns}|{e.inode}"),
                  lambda e=e: _read_small(e.location))
    return inp


_ARCHIVE_PROBLEM_TEXT = {
    "unsafe-path": "路径不安全（绝对路径、含 .. 或链接），已拒绝 / unsafe path refused",
    "encrypted": "已加密 / encrypted",
    "corrupt": "压缩包已损坏 / the archive is damaged",
    "unsupported-compression": "不支持的压缩方式 / unsupported compression method",
    "nested-too-deep": "压缩包嵌套超过一层，未读取 / archive nested more than one level",
    "too-many-members": "文件数量超过上限 / too many members",
    "too-large": "解压后总大小超过上限 / too large when unpacked",
    "ratio": "压缩比异常，疑似 zip 炸弹 / compression ratio of a zip bomb",
}


def _archive_problem(problem: archive.ArchiveProblem, archive_name: str, prefix: str = "") -> Finding:
    detail = _ARCHIVE_PROBLEM_TEXT.get(problem.kind, problem.kind)
    if problem.path is None or problem.kind in ("too-many-members", "ratio", "too-large"):
        return finding("ZC310", None, _shown(prefix + (problem.path or archive_name)), detail=detail,
                       data={"problem": problem.kind})
    return finding("ZC309", None, _shown(prefix + problem.path), detail=detail, data={"problem": problem.kind})


def list_applicant_zip(path: Path, display: str, pack: Pack) -> ApplicantInput:
    inp = ApplicantInput(display)
    try:
        reader = archive.ZipReader(str(path))
    except archive.ArchiveError as e:
        inp.findings.append(finding("ZC301", None, path.name, detail=str(e)[:120]))
        return inp
    with reader:
        files: list[tuple[str, Callable[[], bytes]]] = []
        for problem in reader.listing.problems:
            inp.findings.append(_archive_problem(problem, path.name))
        for member in reader.listing.members:
            if member.is_dir:
                inp.folders.append(_shown(member.path))
                continue
            if member.path.lower().endswith(".zip"):
                try:
                    nested = reader.open_nested(member)
                except archive.ArchiveError as e:
                    inp.findings.append(finding("ZC309", None, _shown(member.path),
                                                detail=str(getattr(e, "detail", e))[:120]))
                    continue
                for problem in nested.listing.problems:
                    inp.findings.append(_archive_problem(problem, member.path, member.path + "/"))
                for inner in nested.listing.members:
                    if inner.is_dir:
                        inp.folders.append(_shown(f"{member.path}/{inner.path}"))
                    else:
                        files.append((_shown(f"{member.path}/{inner.path}"), lambda n=nested, i=inner: n.read(i)))
                continue
            files.append((_shown(member.path), lambda m=member: reader.read(m)))  # names never reach a terminal raw
        prefix = _strip_wrapper([p for p, _ in files], pack)
        inp.folders = [f[len(prefix):] for f in inp.folders if f.startswith(prefix) and f != prefix.rstrip("/")]
        for rel, read in files:
            rel = rel[len(prefix):] if rel.startswith(prefix) else rel
            try:
                data = read()
            except archive.ArchiveError as e:
                kind = getattr(e, "kind", "corrupt")
                inp.findings.append(_archive_problem(archive.ArchiveProblem(rel, kind, str(e)), path.name))
                continue
            _add_file(inp, rel, pack, lambda r, d=data: ScanTask(key=r, path=r, data=d, size=len(d)),
                      lambda d=data: d[:MAX_PROFILE_BYTES])
    # Refused members (unsafe names, encrypted, unreadable) are files of the applicant too: counted once.
    listed = {t.path for t in inp.tasks} | set(inp.ignored) | set(inp.tool_files) | {inp.profile[1]}
    for f in inp.findings:
        if f.code == "ZC309" and f.file and f.file not in listed:
            inp.problem_files.append(f.file)
            listed.add(f.file)
    return inp


# An applicant given as a file that is not a zip (.rar, .7z, a lone PDF): one clear finding, never "damaged".
_NOT_ZIP_ADVICE = {
    "archive": ("zccheck 只能读取 ZIP 压缩包：请解压为文件夹，或重新压缩为 .zip 后再检查。",
                "zccheck reads only ZIP archives: extract it to a folder, or re-compress it as .zip, and check again."),
    "file": ("请检查申报人的文件夹或 .zip 压缩包，而不是单个文件。",
             "Check an applicant's folder or .zip archive, not a single file."),
}
ARCHIVE_KINDS = frozenset({"zip", "rar", "7z"})


def _read_head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(2048)
    except OSError:
        return b""


def list_applicant_file(path: Path, display: str, pack: Pack, head: bytes) -> ApplicantInput:
    from zccheck.checks.file_health import _KIND_LABELS
    from zccheck.scan.filetype import sniff

    kind = sniff(head, path.name) if head else "unknown"
    zh, en = _NOT_ZIP_ADVICE["archive" if kind in ARCHIVE_KINDS else "file"]
    inp = ApplicantInput(display)
    inp.findings.append(finding("ZC304", None, path.name, kind=_KIND_LABELS.get(kind, kind.upper()), advice=zh,
                                advice_en=en, data={"format": kind}))
    return inp


def list_applicant(path: Path, display: str, pack: Pack) -> ApplicantInput:
    if path.is_file():
        from zccheck.scan.filetype import sniff_file

        head = _read_head(path)
        if head and sniff_file(path) != "zip" and path.suffix.lower() != ".zip":
            return list_applicant_file(path, display, pack, head)
        return list_applicant_zip(path, display, pack)
    return list_applicant_folder(path, display, pack)


def _needs_whole_look(item: Item) -> bool:
    """A seal to find, or a photo to recognise by its look: the scan is looked at whole."""
    return bool(item.match.looks_like) or any(CHECK_KINDS[spec.kind].looks_at_whole_image for spec in item.checks)


def plan_looks(tasks: list[ScanTask], pack: Pack) -> list[ScanTask]:
    """The files to scan, those whose scans need only the blank look marked: every item their slot
    folder and name could make them needs nothing more. A file the path says nothing of, or that may be
    a sealed or a photo item, is looked at whole. (Content cannot move a scan to another item: without
    OCR it has no text.) Done for cache misses only: a re-run of an unchanged drive never pays for it."""
    whole = {it.id for it in pack.items if _needs_whole_look(it)}
    slots: dict[str, tuple[str, ...]] = {}
    planned = []
    for task in tasks:
        top = task.path.split("/", 1)[0] if "/" in task.path else ""
        if top and top not in slots:
            slots[top] = slot_items(top, pack)
        candidates = path_candidates(task.path, pack, slots.get(top, ()))
        planned.append(dataclasses.replace(task, blank_only=bool(candidates) and not candidates & whole))
    return planned


def evaluate(inp: ApplicantInput, facts: dict[str, FileFacts], pack: Pack, options: CheckOptions) -> ApplicantResult:
    """Classify and check one applicant's scanned files. Pure: no disk, no clock."""
    overrides = {"series": options.series, "title": options.title}
    profile, findings = load_profile(inp.profile[0], inp.profile[1], pack, overrides)
    findings = [*inp.findings, *findings]
    # Which items each top-level folder is a slot for, worked out once per applicant.
    slots_of = {folder: slot_items(folder, pack)
                for folder in {*(f for f in inp.folders if "/" not in f),
                               *(t.path.split("/", 1)[0] for t in inp.tasks if "/" in t.path)}}
    classified: list[ClassifiedFile] = []
    for task in inp.tasks:
        f = facts[task.path]
        top = task.path.split("/", 1)[0] if "/" in task.path else None
        classified.append(ClassifiedFile(f, classify(f, pack, slots_of.get(top, ()))))
    for rel in inp.ignored:
        classified.append(ClassifiedFile(FileFacts(path=rel, size=0, sha256="", kind="ignored"),
                                         Classification(item=None, ignored=True)))
    classified.sort(key=lambda cf: cf.facts.path)

    for cf in classified:
        findings.extend(check_file(pack, cf, file_time_limit(options)))
        findings.extend(check_classification(pack, cf))
    findings.extend(check_duplicates([cf for cf in classified if not cf.cls.ignored]))

    # Scans nobody could read (no text, no OCR) that matched nothing: they may be any missing item.
    unidentified_scans = [cf.facts.path for cf in classified
                          if cf.cls.item is None and cf.cls.source == "none" and cf.facts.usable
                          and cf.facts.is_scan and not cf.facts.has_text]
    items: list[ItemResult] = []
    for item in pack.items:
        files = [cf for cf in classified if cf.cls.item == item.id]
        slots = [f for f in inp.folders if "/" not in f and item.id in slots_of[f]]
        status, item_findings = check_presence(pack, profile, item, files, slots, unidentified_scans)
        if status is None:
            statuses = []
            for check in (check_parts(pack, profile, item, files), check_years(pack, item, files)):
                statuses.append(check[0])
                item_findings.extend(check[1])
            usable = tuple(cf for cf in files if cf.facts.usable)
            for spec in item.checks:
                ctx = ItemContext(pack, item, profile, usable, spec, options.ocr)
                item_findings.extend(CHECK_KINDS[spec.kind].run(ctx))
            status = next((s for s in ("incomplete", "needs-review") if s in statuses), "ok")
            # What the reviewers would send back (a placeholder, no seal, a short publicity) leaves the item not ok.
            if status == "ok" and any(severity_of(f) == "error" for f in item_findings):
                status = "incomplete"
        findings.extend(item_findings)
        items.append(ItemResult(item.id, status, tuple(cf.facts.path for cf in files)))

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


def _ordered(findings: Iterable[Finding], pack: Pack) -> list[Finding]:
    order = {it.id: i for i, it in enumerate(pack.items)}
    unique = list(dict.fromkeys(findings))  # identical findings (same code, file, args) once
    return sorted(unique, key=lambda f: (order.get(f.item or "", -1), f.file or "", f.page or 0, f.code))


def scan_applicant(inp: ApplicantInput, pack: Pack, options: CheckOptions, cache: FactsCache | None,
                   jobs: int) -> dict[str, FileFacts]:
    settings = scan_settings(pack, options)
    facts: dict[str, FileFacts] = {}
    todo = lookup_all(cache, inp.tasks, settings, pack, facts)
    runner = scan_in_workers(todo, settings, jobs, file_time_limit(options)) if jobs > 0 else scan_inline(todo, settings)
    for task, result in runner:
        facts[task.path] = result
        if cache is not None:
            cache.put(task.signature, result, settings.tag_for(task.blank_only))
    return facts


def lookup_all(cache: FactsCache | None, tasks: list[ScanTask], settings: ScanSettings, pack: Pack,
               found: dict[str, FileFacts]) -> list[ScanTask]:
    """Facts of `tasks` from the cache into `found`; returns the tasks left to scan, their looks planned.
    Facts of a whole look serve every task; those of a blank-only look only a task planned so, and the
    plan is made for the misses alone."""
    misses: list[ScanTask] = []
    shas: list[str | None] = []
    for task in tasks:
        sha = _content_key(cache, task)
        cached = cache.facts_for(sha, settings.cache_tag) if cache is not None and sha else None
        if cached is None:
            misses.append(task)
            shas.append(sha)
        else:
            found[task.path] = dataclasses.replace(cached, path=task.path)
    todo = []
    for task, sha in zip(plan_looks(misses, pack), shas):
        cached = cache.facts_for(sha, settings.tag_for(True)) if cache is not None and sha and task.blank_only else None
        if cached is None:
            todo.append(task)
        else:
            found[task.path] = dataclasses.replace(cached, path=task.path)
    return todo


def _content_key(cache: FactsCache | None, task: ScanTask) -> str | None:
    """The file's content hash as the cache knows it: by stat signature for files on disk, by hashing
    the bytes of archive members; None when unknown (never read, or no cache)."""
    if cache is None:
        return None
    sha = cache.sha_for(task.signature) if task.signature else None
    if sha is None and task.data is not None:
        sha = hashlib.sha256(task.data).hexdigest()
    return sha


def check_applicant(path: Path, pack: Pack, options: CheckOptions, *, display: str | None = None,
                    jobs: int = 1, cache: FactsCache | None = None) -> ApplicantResult:
    inp = list_applicant(path, display or str(path), pack)
    facts = scan_applicant(inp, pack, options, cache, jobs)
    return evaluate(inp, facts, pack, options)


__all__ = ["ApplicantInput", "check_applicant", "evaluate", "list_applicant", "scan_applicant"]
