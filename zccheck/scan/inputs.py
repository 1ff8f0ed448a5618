"""One applicant's inputs, listed before anything is scanned: the files of a folder (walked without
following links out of it) or of a .zip (listed in place), each a ScanTask; the profile's bytes; the
slot folders; what is ignored (OS junk), left alone (the tool's own files) or refused (links, unsafe
archive members), each refusal a finding. A single wrapper folder named after the applicant is stripped.

Of a .zip, this process reads the central directory and the profile, nothing else: the workers read the
members (zccheck.scan.runner), and a zip inside the zip is listed in a process of its own. A member
refused while a worker read it becomes its finding here too (`settle_refused`).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, TypeVar

from zccheck.models import CheckOptions, FileFacts, Finding, finding
from zccheck.pack.model import Pack
from zccheck.profile import MAX_PROFILE_BYTES
from zccheck.scan import archive
from zccheck.scan.filetype import ARCHIVE_KINDS, sniff, sniff_file
from zccheck.scan.runner import ScanTask, run_limited
from zccheck.scan.source import escape_unprintable as _shown
from zccheck.scan.source import Entry, list_folder

# Whether a top-level folder name is the slot folder of some item (01-承诺书/): the classifier knows.
IsSlot = Callable[[str], bool]
_T = TypeVar("_T")

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


def _is_ignored(name: str, pack: Pack) -> bool:
    """Whether `name` matches one of the pack's ignore_names (shell patterns, as fnmatch: case-blind where
    the system's file names are)."""
    return _ignore_pattern(pack.files.ignore_names).match(os.path.normcase(name)) is not None


@lru_cache(maxsize=8)
def _ignore_pattern(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # One expression for all patterns: every file and every folder of a drive is tried against them (a
    # pattern at a time, fnmatch took a sixth of a re-run's time on an unchanged drive).
    return re.compile("|".join(fnmatch.translate(os.path.normcase(p)) for p in patterns) or r"(?!)")


def _strip_wrapper(paths: list[str], is_slot: IsSlot) -> str:
    """A zip or folder often wraps everything in one folder named after the applicant (张三/01-承诺书/…):
    that folder is not a slot. Returns the prefix to strip ('' when there is none)."""
    tops = {p.split("/", 1)[0] for p in paths}
    if len(tops) == 1 and all("/" in p for p in paths):
        top = next(iter(tops))
        if not is_slot(top):
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
    """The profile's bytes, one more than the profile may have, so that load_profile can tell it is too large."""
    try:
        with open(path, "rb") as f:
            return f.read(MAX_PROFILE_BYTES + 1)
    except OSError:
        return None


def list_applicant_folder(root: Path, display: str, pack: Pack, is_slot: IsSlot) -> ApplicantInput:
    listing = list_folder(root)
    inp = ApplicantInput(display)
    good = [e for e in listing.entries if e.problem is None]
    prefix = _strip_wrapper([e.path for e in good], is_slot)
    inp.folders = [f[len(prefix):] for f in listing.folders if f.startswith(prefix) and f != prefix.rstrip("/")]
    for e in listing.entries:
        rel = e.path[len(prefix):] if e.path.startswith(prefix) else e.path
        if e.problem:  # worded when reporting (PHRASES link-outside, permission, ...), with the system's words
            detail = e.detail if e.problem == "inaccessible" else ""
            inp.findings.append(finding("ZC308", None, rel, problem=e.problem, detail=detail, data={"problem": e.problem}))
            if not e.is_dir:
                inp.problem_files.append(rel)
            continue
        _add_file(inp, rel, pack, partial(_disk_task, e), partial(_read_small, e.location))
    return inp


def _disk_task(e: Entry, rel: str) -> ScanTask:
    return ScanTask(key=rel, path=rel, location=e.location, size=e.size,
                    signature=f"{e.location}|{e.size}|{e.mtime_ns}|{e.inode}")


def _member_task(ref: archive.MemberRef, rel: str) -> ScanTask:
    return ScanTask(key=rel, path=rel, member=ref, size=ref.member.size, signature=ref.signature)


def _in_child(function: Callable[..., _T], args: tuple, time_limit: float) -> _T:
    """`function(*args)` where a decompression bomb or a parser loop cannot hurt: in a process of its own,
    under the workers' limits. Running out of time or memory there is the archive's limit."""
    try:
        return run_limited(function, args, time_limit)
    except (TimeoutError, ChildProcessError, MemoryError) as e:
        detail = "timed out" if isinstance(e, TimeoutError) else "out of memory"
        raise archive.ArchiveLimitError(detail, kind="too-large") from None


def _member_head(reader: archive.ZipReader, ref: archive.MemberRef, time_limit: float) -> bytes:
    """The profile's bytes, one more than a profile may have (load_profile tells): read here when the
    member lies in the archive itself, in a process of its own when in a zip inside it."""
    if len(ref.chain) == 1:
        return reader.read(ref.member, MAX_PROFILE_BYTES + 1)
    return _in_child(archive.read_member, (ref, MAX_PROFILE_BYTES + 1), time_limit)


def _archive_problem(problem: archive.ArchiveProblem, archive_name: str, prefix: str = "") -> Finding:
    """ZC310 for the archive as a whole, ZC309 for a member; the problem is worded when reporting (PHRASES)."""
    if problem.path is None or problem.kind in ("too-many-members", "ratio", "too-large"):
        return finding("ZC310", None, _shown(prefix + (problem.path or archive_name)), problem=problem.kind,
                       data={"problem": problem.kind})
    return finding("ZC309", None, _shown(prefix + problem.path), problem=problem.kind, data={"problem": problem.kind})


def list_applicant_zip(path: Path, display: str, pack: Pack, is_slot: IsSlot,
                       time_limit: float = CheckOptions.file_timeout) -> ApplicantInput:
    inp = ApplicantInput(display)
    try:
        reader = archive.ZipReader(str(path))
    except archive.ArchiveError as e:
        inp.findings.append(finding("ZC301", None, path.name, detail=str(e)[:120]))
        return inp
    with reader:
        files: list[tuple[str, archive.MemberRef]] = []
        for problem in reader.listing.problems:
            inp.findings.append(_archive_problem(problem, path.name))
        for member in reader.listing.members:
            if member.is_dir:
                inp.folders.append(_shown(member.path))
                continue
            ref = reader.ref(member)
            if member.path.lower().endswith(".zip"):
                try:
                    nested = _in_child(archive.nested_listing, (ref,), time_limit)
                except archive.ArchiveError as e:
                    inp.findings.append(finding("ZC309", None, _shown(member.path), problem=getattr(e, "kind", "corrupt"),
                                                detail=str(getattr(e, "detail", e))[:120]))
                    continue
                for problem in nested.problems:
                    inp.findings.append(_archive_problem(problem, member.path, member.path + "/"))
                for inner in nested.members:
                    if inner.is_dir:
                        inp.folders.append(_shown(f"{member.path}/{inner.path}"))
                    else:
                        files.append((_shown(f"{member.path}/{inner.path}"), ref.inside(inner)))
                continue
            files.append((_shown(member.path), ref))  # names never reach a terminal raw
        prefix = _strip_wrapper([p for p, _ in files], is_slot)
        inp.folders = [f[len(prefix):] for f in inp.folders if f.startswith(prefix) and f != prefix.rstrip("/")]
        for rel, ref in files:
            rel = rel[len(prefix):] if rel.startswith(prefix) else rel
            try:  # only the profile is read here
                _add_file(inp, rel, pack, partial(_member_task, ref), partial(_member_head, reader, ref, time_limit))
            except archive.ArchiveError as e:
                kind = getattr(e, "kind", "corrupt")
                inp.findings.append(_archive_problem(archive.ArchiveProblem(rel, kind, str(e)), path.name))
    _count_refused(inp)
    return inp


def _count_refused(inp: ApplicantInput) -> None:
    """Refused members (unsafe names, encrypted, unreadable) are files of the applicant too: counted once."""
    listed = {t.path for t in inp.tasks} | set(inp.ignored) | set(inp.tool_files) | {inp.profile[1]} | set(inp.problem_files)
    for f in inp.findings:
        if f.code == "ZC309" and f.file and f.file not in listed:
            inp.problem_files.append(f.file)
            listed.add(f.file)


def settle_refused(inp: ApplicantInput, facts: dict[str, FileFacts]) -> ApplicantInput:
    """`inp` with the members its workers refused while reading them (a CRC error, data past its declared
    size) no longer files to classify but the archive's findings, as if refused when listed."""
    refused = [t for t in inp.tasks if facts[t.path].problem == "refused"]
    if not refused:
        return inp
    settled = dataclasses.replace(inp, tasks=[t for t in inp.tasks if facts[t.path].problem != "refused"],
                                  findings=list(inp.findings), problem_files=list(inp.problem_files))
    for task in refused:
        problem = archive.ArchiveProblem(task.path, facts[task.path].problem_detail or "corrupt", "")
        settled.findings.append(_archive_problem(problem, ""))
    _count_refused(settled)
    return settled


def _read_head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(2048)
    except OSError:
        return b""


def list_applicant_file(path: Path, display: str, head: bytes) -> ApplicantInput:
    """An applicant given as a file that is not a zip (.rar, .7z, a lone PDF): one clear finding, never "damaged"."""
    kind = sniff(head, path.name) if head else "unknown"
    inp = ApplicantInput(display)
    inp.findings.append(finding("ZC304", None, path.name, kind=kind,
                                advice="archive-not-zip" if kind in ARCHIVE_KINDS else "not-a-folder", data={"format": kind}))
    return inp


def list_applicant(path: Path, display: str, pack: Pack, is_slot: IsSlot,
                   time_limit: float = CheckOptions.file_timeout) -> ApplicantInput:
    """One applicant's inputs: a folder, a .zip, or a file that is neither (one finding with advice).
    `is_slot` says whether a folder name is a slot of some item (the classifier's knowledge, passed in);
    `time_limit` is a file's, for listing a zip inside the zip."""
    if path.is_file():
        head = _read_head(path)
        if head and sniff_file(path) != "zip" and path.suffix.lower() != ".zip":
            return list_applicant_file(path, display, head)
        return list_applicant_zip(path, display, pack, is_slot, time_limit)
    return list_applicant_folder(path, display, pack, is_slot)
