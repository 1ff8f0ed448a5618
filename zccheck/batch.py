"""A whole drive of applicants: discover them (every child folder or archive of ROOT, or ROOT/单位/申报人
with depth 2), keep a deterministic shard, then stream every applicant's files through ONE pool of
worker processes.

Memory stays flat however large the drive: applicants are listed lazily, only when a worker is free
for their files, and each applicant is evaluated as soon as its last file is scanned, after which its
FileFacts are dropped. The per-applicant result is exactly `zccheck check`'s: the same listing, the
same cache and the same pure `engine.evaluate`. Results come back in discovery order, whatever the
number of workers and whichever file finished first.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from zccheck.classify.heading_rule import title_settles
from zccheck.engine import evaluate, list_applicant, lookup_all, reading_rules
from zccheck.scan.inputs import ApplicantInput
from zccheck.scan.plan import file_time_limit, reading_order, scan_settings
from zccheck.models import ApplicantResult, CheckOptions, FileFacts
from zccheck.pack.model import Pack
from zccheck.scan.filetype import ARCHIVE_KINDS, sniff_file
from zccheck.scan.cache import FactsCache
from zccheck.scan.runner import ScanTask, scan_in_workers, scan_inline
from zccheck.scan.source import printable_name

# Folders and files that operating systems, sync clients and office suites leave on shared drives:
# never applicants, never reported.
OS_JUNK = frozenset({
    "thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", "__macosx", "$recycle.bin", "recycler",
    "system volume information", "#recycle", "@eadir", "lost+found", ".trashes", ".spotlight-v100",
    ".fseventsd", ".temporaryitems", "icon\r",
})
ARCHIVE_SUFFIXES = frozenset({".zip", ".rar", ".7z"})
# Documents that are zip files inside (an HR list in Excel is not an applicant's archive).
_CONTAINER_DOCUMENTS = frozenset({".docx", ".xlsx", ".pptx", ".ofd", ".odt", ".ods", ".epub", ".jar", ".apk"})


@dataclass(frozen=True)
class Candidate:
    """One applicant on the drive: a folder or an archive. `display` is relative to ROOT."""

    display: str
    path: Path
    kind: str  # folder | archive


@dataclass(frozen=True)
class Skipped:
    """Something at an applicant's level that is not an applicant (a loose PDF, a list in Excel)."""

    display: str
    reason_zh: str
    reason_en: str


@dataclass
class BatchStats:
    applicants: int = 0
    files: int = 0  # files listed for scanning, over all applicants
    cache_hits: int = 0  # of those, read from the cache
    scanned: int = 0  # of those, read and parsed by a worker
    timed_out: int = 0
    results_reused: int = 0  # applicants whose every input was unchanged: their stored result, not re-evaluated
    ocr_pages: int = 0  # pages and images of the scanned files that carry OCR text (from the engine or its cache)


@dataclass(frozen=True)
class ProgressEvent:
    """What the command layer's progress bar needs: `kind` is "listing" (an applicant is being read)
    or "done" (its result is ready)."""

    kind: str
    display: str
    done: int
    total: int
    files_done: int
    result: ApplicantResult | None = None
    ocr_pages: int = 0  # pages recognised so far (--ocr)


Progress = Callable[[ProgressEvent], None]


@dataclass
class BatchRun:
    results: list[ApplicantResult]
    skipped: list[Skipped]
    stats: BatchStats


# --- discovery -------------------------------------------------------------------------------------

def is_hidden_or_junk(name: str) -> bool:
    lowered = name.lower()
    return name.startswith((".", "~$", "._")) or lowered in OS_JUNK


def _is_archive(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        return True
    if suffix in _CONTAINER_DOCUMENTS:
        return False
    return sniff_file(path) in ARCHIVE_KINDS


def _unreadable_folder(path: Path) -> str | None:
    """Why a folder cannot be listed, or None when it can."""
    try:
        with os.scandir(path):
            return None
    except OSError as e:
        return str(e.strerror or e)


def discover(root: Path, depth: int = 1) -> tuple[list[Candidate], list[Skipped]]:
    """Applicants under `root`, sorted by their path relative to it. What is found and not checked is
    reported with why (`skipped`, for the report): links are not followed (a link could lead off the
    drive or loop); a folder that cannot be listed is no applicant to check (checked, it would look
    like one who uploaded nothing); loose files that are not archives, and archives at another depth
    than the applicants', are not checked. Hidden files and OS junk are ignored silently."""
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []

    def walk(folder: Path, rel: str, level: int) -> None:
        try:
            with os.scandir(folder) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError as e:
            skipped.append(Skipped(rel or ".", f"无法读取文件夹（{e.strerror or e}）",
                                   f"cannot read the folder ({e.strerror or e})"))
            return
        for child in children:
            name = printable_name(child.name)
            if is_hidden_or_junk(name):
                continue
            display = f"{rel}/{name}" if rel else name
            path = Path(child.path)
            try:
                if child.is_symlink():
                    skipped.append(Skipped(display, "是链接，未跟随", "a link, not followed"))
                    continue
                mode = child.stat(follow_symlinks=False).st_mode
            except OSError as e:
                skipped.append(Skipped(display, f"无法访问（{e.strerror or e}）", f"inaccessible ({e.strerror or e})"))
                continue
            if stat.S_ISDIR(mode):
                if level == depth:
                    problem = _unreadable_folder(path)
                    if problem is None:
                        candidates.append(Candidate(display, path, "folder"))
                    else:
                        skipped.append(Skipped(display, f"无法读取文件夹（{problem}）", f"cannot read the folder ({problem})"))
                else:
                    walk(path, display, level + 1)
            elif stat.S_ISREG(mode) and level == depth and _is_archive(path):
                candidates.append(Candidate(display, path, "archive"))
            elif stat.S_ISREG(mode) and _is_archive(path):
                skipped.append(Skipped(display, f"压缩包位于第 {level} 层，申报人应在第 {depth} 层",
                                       f"an archive at level {level}; applicants are at level {depth}"))
            elif stat.S_ISREG(mode):
                skipped.append(Skipped(display, "不是申报人文件夹或 .zip 压缩包",
                                       "not an applicant folder or .zip archive"))
            else:
                skipped.append(Skipped(display, "不是普通文件或文件夹", "not a regular file or folder"))

    walk(root, "", 1)
    candidates.sort(key=lambda c: c.display)
    skipped.sort(key=lambda s: s.display)
    return candidates, skipped


def parse_shard(text: str) -> tuple[int, int]:
    """'K/N' → (K, N), 1 ≤ K ≤ N."""
    try:
        k_text, n_text = text.split("/")
        k, n = int(k_text), int(n_text)
    except ValueError:
        raise ValueError(f"--shard wants K/N, e.g. 1/4, not {text!r}") from None
    if not (n >= 1 and 1 <= k <= n):
        raise ValueError(f"--shard wants 1 ≤ K ≤ N, not {text!r}")
    return k, n


def in_shard(display: str, k: int, n: int) -> bool:
    """Deterministic and stable: an applicant's shard depends only on its own path, so machines that
    list the drive a minute apart still split it the same way, and a new applicant moves no other."""
    digest = hashlib.sha256(display.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def select_shard(candidates: list[Candidate], k: int, n: int) -> list[Candidate]:
    return [c for c in candidates if in_shard(c.display, k, n)]


# --- checking ----------------------------------------------------------------------------------------

@dataclass
class _Open:
    inp: ApplicantInput
    facts: dict[str, FileFacts] = field(default_factory=dict)
    remaining: int = 0
    result_key: str | None = None


def _canonical(value: object) -> object:
    """A hash-seed-independent form of packs and options (frozensets in any order hash the same)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple((f.name, _canonical(getattr(value, f.name)))
                                            for f in dataclasses.fields(value)))
    if isinstance(value, dict):
        return tuple(sorted((repr(_canonical(k)), _canonical(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(_canonical(v)) for v in value))
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    return repr(value)


def run_fingerprint(pack: Pack, options: CheckOptions, cache_tag: str) -> str:
    """Everything besides an applicant's own files that its result depends on: the code (every module's
    size and mtime, so an upgrade or a local edit never reuses a stale result), the rule pack, the options."""
    import zccheck

    package = Path(zccheck.__file__).resolve().parent
    code = []
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".yml"):
            st = path.stat()
            code.append((str(path.relative_to(package)), st.st_size, st.st_mtime_ns))
    text = repr((zccheck.__version__, cache_tag, code, _canonical(pack), _canonical(options)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def result_key(inp: ApplicantInput, fingerprint: str) -> str | None:
    """The key of an applicant's result: its listing (each file by its signature: a file's stat, a
    member's archive stat, index, CRC and size), profile, folders and listing findings, plus the run's
    fingerprint. evaluate() is pure, so equal keys mean equal results."""
    files = []
    for task in inp.tasks:
        if task.signature is None:
            return None
        files.append((task.path, task.signature, task.size))
    rest = sorted((name, repr(value)) for name, value in vars(inp).items() if name != "tasks")
    text = repr((fingerprint, files, rest))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _unpickled_result(blob: bytes | None) -> ApplicantResult | None:
    """A stored result; an old or damaged entry is a miss, not an error."""
    if blob is None:
        return None
    try:
        result = pickle.loads(blob)
    except Exception:
        return None
    return result if isinstance(result, ApplicantResult) else None


def check_batch(candidates: list[Candidate], pack: Pack, options: CheckOptions, *, jobs: int,
                cache: FactsCache | None = None, progress: Progress | None = None) -> tuple[list[ApplicantResult], BatchStats]:
    """Check every candidate; results in the candidates' order. `jobs` 0 scans in this process."""
    settings = scan_settings(pack, options, title_settles(pack))
    stats = BatchStats(applicants=len(candidates))
    # Each result is kept pickled until the end (4 KB instead of some 40 KB as objects): while the workers
    # run, the main process then grows by little more than that per applicant, so peak memory stays flat.
    results: list[bytes | None] = [None] * len(candidates)
    open_: dict[int, _Open] = {}
    done = 0
    files_done = 0
    fingerprint = run_fingerprint(pack, options, settings.cache_tag) if cache is not None else ""

    def emit(kind: str, index: int, result: ApplicantResult | None = None) -> None:
        if progress is not None:
            progress(ProgressEvent(kind, candidates[index].display, done, len(candidates), files_done, result,
                                   stats.ocr_pages))

    def close(index: int) -> None:
        nonlocal done
        state = open_.pop(index)
        result = evaluate(state.inp, state.facts, pack, options)
        blob = results[index] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        if cache is not None and state.result_key and not any(f.problem == "timeout" for f in state.facts.values()):
            cache.put_result(state.result_key, blob)  # a timed-out file may read next time
        done += 1
        emit("done", index, result)

    def feed() -> Iterator[ScanTask]:
        """Lists one applicant at a time, as the pool asks for work: cache hits are settled here,
        misses go to the workers tagged with the applicant's index."""
        nonlocal files_done, done
        for index, cand in enumerate(candidates):
            emit("listing", index)
            inp = list_applicant(cand.path, cand.display, pack, file_time_limit(options))
            key = result_key(inp, fingerprint) if cache is not None else None
            blob = cache.result_blob(key) if cache is not None and key else None
            stored = _unpickled_result(blob)
            if stored is not None and stored.path == cand.display:
                results[index] = blob
                stats.files += len(inp.tasks)
                stats.cache_hits += len(inp.tasks)
                stats.results_reused += 1
                files_done += len(inp.tasks)
                done += 1
                emit("done", index, stored)
                continue
            state = open_[index] = _Open(inp, result_key=key)
            todo = lookup_all(cache, inp.tasks, settings, pack, state.facts, reading_rules(inp, pack, options))
            stats.files += len(inp.tasks)
            stats.cache_hits += len(inp.tasks) - len(todo)
            files_done += len(inp.tasks) - len(todo)
            state.remaining = len(todo)
            if not todo:
                close(index)
                continue
            if index == len(candidates) - 1:  # the batch ends with short files (scan.plan.reading_order)
                todo = reading_order(todo)
            for task in todo:
                yield dataclasses.replace(task, key=(index, task.key))

    runner = scan_in_workers(feed(), settings, jobs, file_time_limit(options)) if jobs > 0 else scan_inline(feed(), settings)
    for task, facts in runner:
        index = task.key[0]  # type: ignore[index]
        state = open_[index]
        state.facts[task.path] = facts
        stats.scanned += 1
        stats.ocr_pages += _recognised_pages(facts)
        files_done += 1
        if facts.problem == "timeout":
            stats.timed_out += 1
        if cache is not None:
            cache.put(task.signature, facts, task.cache_tag(settings))
        state.remaining -= 1
        if state.remaining == 0:
            close(index)
    assert not open_ and all(r is not None for r in results)
    return [pickle.loads(r) for r in results if r is not None], stats


def _recognised_pages(facts: FileFacts) -> int:
    """Pages (or the image) of a scanned file that carry OCR text: what the progress bar counts."""
    image = 1 if facts.image is not None and facts.image.ocr_text is not None and not facts.pages else 0
    return image + sum(1 for page in facts.pages if page.ocr_text is not None)


def run_batch(root: Path, pack: Pack, options: CheckOptions, *, depth: int = 1, shard: tuple[int, int] | None = None,
              jobs: int = 1, cache: FactsCache | None = None, progress: Progress | None = None) -> BatchRun:
    candidates, skipped = discover(root, depth)
    if shard is not None:
        candidates = select_shard(candidates, *shard)
        skipped = [s for s in skipped if in_shard(s.display, *shard)]
    results, stats = check_batch(candidates, pack, options, jobs=jobs, cache=cache, progress=progress)
    return BatchRun(results, skipped, stats)


__all__ = ["BatchRun", "BatchStats", "Candidate", "ProgressEvent", "Skipped", "check_batch", "discover",
           "in_shard", "parse_shard", "run_batch", "select_shard"]
