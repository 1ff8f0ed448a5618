"""An applicant's folder on disk, walked without following links out of it: its files and folders, and
each entry that cannot be read, with why (a .zip is listed by zccheck.scan.archive). Nothing is written."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_ENTRIES = 50_000  # a tree with more files than this is cut off with a finding, never walked forever
MAX_DEPTH = 64


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the applicant root, '/'-separated, printable
    size: int
    location: str  # absolute path on disk, or "zip:<archive>::<member index>"
    problem: str | None = None  # link-outside | link-dir | link-broken | permission | inaccessible | not-regular | too-many | too-deep
    detail: str = ""
    mtime_ns: int = 0
    inode: int = 0
    is_dir: bool = False  # a problem with a folder (not listable, too deep), not with one file


@dataclass(frozen=True)
class Listing:
    root: str
    entries: tuple[Entry, ...]
    folders: tuple[str, ...]  # every folder below the root, relative


# C0/C1 control characters (an ESC in a name would drive the reader's terminal) and bidi overrides
# (which make 'gpj.exe' read as 'exe.jpg') are shown escaped, never raw.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_unprintable(name: str) -> str:
    """`name` with control characters and bidi overrides shown as \\xNN / \\uNNNN (zip member names too)."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                            name)


def printable_name(raw: str) -> str:
    """File names that are not valid UTF-8 on disk (GBK names copied from Windows) arrive with
    surrogate escapes: decode them as GB18030 so 身份证.jpg stays readable, else show the bad bytes as
    \\xNN. Control characters are escaped too, so a name can never inject anything into a report."""
    try:
        raw.encode("utf-8")
        return escape_unprintable(raw)
    except UnicodeEncodeError:
        data = os.fsencode(raw)
        try:
            return escape_unprintable(data.decode("gb18030"))
        except UnicodeDecodeError:
            return escape_unprintable(data.decode("utf-8", "backslashreplace"))


def _unique(rel: str, raw: str, taken: set[str]) -> str:
    """Two names on disk can print alike (身份证.jpg in UTF-8 and in GBK): the second one is shown with
    its bytes escaped, so every file keeps its own line in the report."""
    if rel not in taken:
        return rel
    head = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
    candidate = head + os.fsencode(raw).decode("ascii", "backslashreplace")
    n = 2
    while candidate in taken:
        candidate = f"{head}{os.fsencode(raw).decode('ascii', 'backslashreplace')} ({n})"
        n += 1
    return candidate


def _os_problem(e: OSError) -> tuple[str, str]:
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission", "permission denied"
    return "inaccessible", e.strerror or type(e).__name__


def _link_entry(rel: str, path: str, root_real: str) -> Entry:
    """A link is followed only when it ends at a regular file inside the applicant's folder. A link
    leaving the folder, to a folder (loops), dangling or looping is reported once and never followed."""
    try:
        target = os.path.realpath(path, strict=True)
    except (OSError, RuntimeError) as e:  # dangling, a loop (ELOOP), or a component we may not read
        return Entry(rel, 0, path, "link-broken", getattr(e, "strerror", None) or "broken link")
    inside = target == root_real or target.startswith(root_real.rstrip(os.sep) + os.sep)
    if not inside:
        return Entry(rel, 0, path, "link-outside", "")
    try:
        st = os.stat(target)
    except OSError as e:
        problem, detail = _os_problem(e)
        return Entry(rel, 0, path, problem, detail)
    if stat.S_ISREG(st.st_mode):
        return Entry(rel, st.st_size, target, mtime_ns=st.st_mtime_ns, inode=st.st_ino)
    if stat.S_ISDIR(st.st_mode):
        return Entry(rel, 0, path, "link-dir", "")
    return Entry(rel, 0, path, "not-regular", "not a regular file (device, pipe or socket)")


def list_folder(root: Path) -> Listing:
    root_real = os.path.realpath(root)
    entries: list[Entry] = []
    folders: list[str] = []
    taken: set[str] = set()
    stack: list[tuple[str, str, int]] = [(str(root), "", 0)]
    while stack:
        directory, rel_dir, depth = stack.pop()
        try:
            with os.scandir(directory) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError as e:
            problem, detail = _os_problem(e)
            entries.append(Entry(rel_dir or ".", 0, directory, problem, detail, is_dir=True))
            continue
        for child in children:
            rel = _unique(f"{rel_dir}/{printable_name(child.name)}" if rel_dir else printable_name(child.name),
                          child.name, taken)
            if len(entries) >= MAX_ENTRIES:
                entries.append(Entry(rel_dir or ".", 0, directory, "too-many", f"more than {MAX_ENTRIES} files",
                                     is_dir=True))
                stack.clear()
                break
            taken.add(rel)
            try:
                if child.is_symlink():
                    entries.append(_link_entry(rel, child.path, root_real))
                    continue
                st = child.stat(follow_symlinks=False)
                if stat.S_ISDIR(st.st_mode):
                    folders.append(rel)
                    if depth + 1 > MAX_DEPTH:
                        entries.append(Entry(rel, 0, child.path, "too-deep", f"deeper than {MAX_DEPTH} levels",
                                             is_dir=True))
                    else:
                        stack.append((child.path, rel, depth + 1))
                elif stat.S_ISREG(st.st_mode):
                    denied = None if os.access(child.path, os.R_OK) else "permission"
                    entries.append(Entry(rel, st.st_size, child.path, denied, "permission denied" if denied else "",
                                         st.st_mtime_ns, st.st_ino))
                else:
                    entries.append(Entry(rel, 0, child.path, "not-regular", "not a regular file (device, pipe or socket)"))
            except OSError as e:
                problem, detail = _os_problem(e)
                entries.append(Entry(rel, 0, child.path, problem, detail))
    entries.sort(key=lambda e: e.path)
    return Listing(str(root), tuple(entries), tuple(sorted(folders)))
