"""Where an applicant's files come from: a folder on disk (walked without following links out of
it) or a .zip archive (read in place). Both give the same list of entries; nothing is written."""

from __future__ import annotations

import os
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
    problem: str | None = None  # link-outside | link-dir | permission | not-regular | too-many
    detail: str = ""
    mtime_ns: int = 0
    inode: int = 0


@dataclass(frozen=True)
class Listing:
    root: str
    entries: tuple[Entry, ...]
    folders: tuple[str, ...]  # every folder below the root, relative
    problems: tuple[Entry, ...] = ()  # archive-level problems (zip bombs, unsafe names): reported once


def printable_name(raw: str) -> str:
    """File names that are not valid UTF-8 on disk (GBK names copied from Windows) arrive with
    surrogate escapes: decode them as GB18030 so 身份证.jpg stays readable, else mark the bad bytes."""
    try:
        raw.encode("utf-8")
        return raw
    except UnicodeEncodeError:
        data = os.fsencode(raw)
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            return data.decode("utf-8", "replace")


def list_folder(root: Path) -> Listing:
    root_real = os.path.realpath(root)
    entries: list[Entry] = []
    folders: list[str] = []
    stack: list[tuple[str, str, int]] = [(str(root), "", 0)]
    while stack:
        directory, rel_dir, depth = stack.pop()
        try:
            with os.scandir(directory) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError as e:
            entries.append(Entry(rel_dir or ".", 0, directory, "permission", e.strerror or str(e)))
            continue
        for child in children:
            rel = f"{rel_dir}/{printable_name(child.name)}" if rel_dir else printable_name(child.name)
            if len(entries) >= MAX_ENTRIES:
                entries.append(Entry(rel_dir or ".", 0, directory, "too-many", f"more than {MAX_ENTRIES} files"))
                stack.clear()
                break
            try:
                if child.is_symlink():
                    target = os.path.realpath(child.path)
                    inside = target == root_real or target.startswith(root_real + os.sep)
                    if inside and os.path.isfile(target):
                        st = os.stat(target)
                        entries.append(Entry(rel, st.st_size, target, mtime_ns=st.st_mtime_ns, inode=st.st_ino))
                    else:
                        kind = "link-dir" if inside else "link-outside"
                        entries.append(Entry(rel, 0, child.path, kind, target if not inside else ""))
                    continue
                st = child.stat(follow_symlinks=False)
                if stat.S_ISDIR(st.st_mode):
                    folders.append(rel)
                    if depth + 1 > MAX_DEPTH:
                        entries.append(Entry(rel, 0, child.path, "too-deep", f"deeper than {MAX_DEPTH} levels"))
                    else:
                        stack.append((child.path, rel, depth + 1))
                elif stat.S_ISREG(st.st_mode):
                    problem = None if os.access(child.path, os.R_OK) else "permission"
                    entries.append(Entry(rel, st.st_size, child.path, problem, "permission denied" if problem else "",
                                         st.st_mtime_ns, st.st_ino))
                else:
                    entries.append(Entry(rel, 0, child.path, "not-regular", "not a regular file (device, pipe or socket)"))
            except OSError as e:
                entries.append(Entry(rel, 0, child.path, "permission", e.strerror or str(e)))
    entries.sort(key=lambda e: e.path)
    return Listing(str(root), tuple(entries), tuple(sorted(folders)))


def read_entry(entry: Entry, limit: int) -> bytes:
    """Read at most `limit` bytes of an entry on disk (archive members are read by the archive module)."""
    with open(entry.location, "rb") as f:
        return f.read(limit)
