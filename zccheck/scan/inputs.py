"""One applicant's inputs, listed before anything is scanned: the files of a folder (walked without
following links out of it) or of a .zip (listed in place), each a ScanTask; the profile's bytes; the
slot folders; what is ignored (OS junk), left alone (the tool's own files) or refused (links, unsafe
archive members), each refusal a finding. A single wrapper folder named after the applicant is stripped.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from zccheck.models import Finding, finding
from zccheck.pack.model import Pack
from zccheck.profile import MAX_PROFILE_BYTES
from zccheck.scan import archive
from zccheck.scan.filetype import ARCHIVE_KINDS, kind_label, sniff, sniff_file
from zccheck.scan.runner import ScanTask
from zccheck.scan.source import escape_unprintable as _shown
from zccheck.scan.source import Entry, list_folder

# Whether a top-level folder name is the slot folder of some item (01-承诺书/): the classifier knows.
IsSlot = Callable[[str], bool]

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


def _is_ignored(name: str, pack: Pack) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in pack.files.ignore_names)


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
        if e.problem:
            detail = _ENTRY_PROBLEM_TEXT.get(e.problem, e.problem)
            if e.problem == "inaccessible" and e.detail:
                detail = f"{detail} ({e.detail})"
            inp.findings.append(finding("ZC308", None, rel, detail=detail, data={"problem": e.problem}))
            if not e.is_dir:
                inp.problem_files.append(rel)
            continue
        _add_file(inp, rel, pack, partial(_disk_task, e), partial(_read_small, e.location))
    return inp


def _disk_task(e: Entry, rel: str) -> ScanTask:
    return ScanTask(key=rel, path=rel, location=e.location, size=e.size,
                    signature=f"{e.location}|{e.size}|{e.mtime_ns}|{e.inode}")


def _member_task(data: bytes, rel: str) -> ScanTask:
    return ScanTask(key=rel, path=rel, data=data, size=len(data))


def _profile_head(data: bytes) -> bytes:
    return data[:MAX_PROFILE_BYTES + 1]  # one byte more than a profile may have: load_profile tells


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


def list_applicant_zip(path: Path, display: str, pack: Pack, is_slot: IsSlot) -> ApplicantInput:
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
                        files.append((_shown(f"{member.path}/{inner.path}"), partial(nested.read, inner)))
                continue
            files.append((_shown(member.path), partial(reader.read, member)))  # names never reach a terminal raw
        prefix = _strip_wrapper([p for p, _ in files], is_slot)
        inp.folders = [f[len(prefix):] for f in inp.folders if f.startswith(prefix) and f != prefix.rstrip("/")]
        for rel, read in files:
            rel = rel[len(prefix):] if rel.startswith(prefix) else rel
            try:
                data = read()
            except archive.ArchiveError as e:
                kind = getattr(e, "kind", "corrupt")
                inp.findings.append(_archive_problem(archive.ArchiveProblem(rel, kind, str(e)), path.name))
                continue
            _add_file(inp, rel, pack, partial(_member_task, data), partial(_profile_head, data))
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
def _read_head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(2048)
    except OSError:
        return b""


def list_applicant_file(path: Path, display: str, head: bytes) -> ApplicantInput:
    kind = sniff(head, path.name) if head else "unknown"
    zh, en = _NOT_ZIP_ADVICE["archive" if kind in ARCHIVE_KINDS else "file"]
    inp = ApplicantInput(display)
    inp.findings.append(finding("ZC304", None, path.name, kind=kind_label(kind), advice=zh,
                                advice_en=en, data={"format": kind}))
    return inp


def list_applicant(path: Path, display: str, pack: Pack, is_slot: IsSlot) -> ApplicantInput:
    """One applicant's inputs: a folder, a .zip, or a file that is neither (one finding with advice).
    `is_slot` says whether a folder name is a slot of some item (the classifier's knowledge, passed in)."""
    if path.is_file():
        head = _read_head(path)
        if head and sniff_file(path) != "zip" and path.suffix.lower() != ".zip":
            return list_applicant_file(path, display, head)
        return list_applicant_zip(path, display, pack, is_slot)
    return list_applicant_folder(path, display, pack, is_slot)
