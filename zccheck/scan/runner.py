"""Scan many files in worker processes, each file under a time limit: a PDF that sends a parser
into an endless loop becomes `unreadable (timed out)` and the check goes on.

Workers are forked once and reused; a worker that hangs or dies is killed and replaced. Results are
yielded as they come; callers order them (output never depends on the number of workers). A member of
a .zip is read by its worker too (the task names it; the main process never holds its bytes), and the
little the listing must decompress (a zip inside the applicant's zip) runs in a process of its own
under the same limits (`run_limited`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import logging
import multiprocessing as mp
import os
import stat
import sys
import tempfile
import time
import warnings
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, TypeVar

from zccheck.models import FileFacts, FileProblem
from zccheck.scan.archive import ArchiveError, MemberRef, OpenArchives
from zccheck.scan.scanner import ScanSettings, Words, scan_bytes

if TYPE_CHECKING:
    from zccheck.scan.ocr_heading import HeadingRule

MEMORY_LIMIT_BYTES = 3 * 1024**3  # per worker: a decompression bomb hits this, not the machine


@dataclass(frozen=True)
class ScanTask:
    key: object  # the caller's id for the result
    path: str  # display path, relative to the applicant root
    location: str | None = None  # a file on disk to read, or
    member: MemberRef | None = None  # a member of a .zip on disk, read by the worker
    signature: str | None = None  # stat signature for the cache (None: not cacheable by stat)
    size: int = 0
    blank_only: bool = False  # the file's item needs only the blank look at its scans (scan.plan.plan_looks)
    heading_first: bool = False  # with OCR, its first page is read top first (scan.plan.plan_looks)
    # With OCR, the applicant's rule under which its first page is read top first: its path settles or places
    # its item, or says nothing of it, and the item's checks need only the page's first lines (scan.plan.ReadingRules).
    read_until: HeadingRule | None = None
    words: Words = "all"  # the pages whose words are read (scan.plan.plan_looks, scan.pdf.read_pdf)
    # With OCR, every line is read by the thorough recogniser: the applicant's name has a character the quick
    # one does not know (scan.plan.ReadingRules.thorough).
    thorough_ocr: bool = False
    # With OCR, the applicant's ID number, which the quick recogniser need not have read again (scan.plan.ReadingRules)
    own_id: str | None = None
    seal_look: bool = True  # its scans are looked at for a red seal: an item it could be checks for one (scan.plan)

    def cache_tag(self, settings: ScanSettings) -> str:
        """The cache tag of the facts this task's planned look gives (ScanSettings.tag_for)."""
        return settings.tag_for(self.blank_only, self.heading_first, self.words, self.read_until, self.thorough_ocr,
                                self.seal_look)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _open_readonly(location: str) -> int:
    """Open for reading only, never following a link swapped in since the listing, never blocking on a
    pipe, and (where the OS lets us) without touching the file's access time."""
    noatime = getattr(os, "O_NOATIME", 0)
    if noatime:
        try:
            return os.open(location, _OPEN_FLAGS | noatime)
        except PermissionError:  # O_NOATIME is only for the file's owner
            pass
    return os.open(location, _OPEN_FLAGS)


# The archives this process reads members from, the last one kept open for the next member (a worker is
# sent an archive's members one after another). A worker starts with its own: never a descriptor, and
# so a file position, shared with the process it was forked from.
_archives = OpenArchives()


def read_task(task: ScanTask, max_bytes: int) -> bytes:
    """The bytes of the file or archive member a task names, at most max_bytes + 1 (so that "too large"
    can be told), read only: the checked tree is never written, nor its access times touched."""
    if task.member is not None:
        return _archives.read(task.member, max_bytes + 1)
    fd = _open_readonly(task.location)  # type: ignore[arg-type]
    with open(fd, "rb", closefd=True) as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return f.read(max_bytes + 1)


def scan_task(task: ScanTask, settings: ScanSettings, ocr_runner=None) -> FileFacts:
    if task.size > settings.max_file_bytes:
        return FileFacts(path=task.path, size=task.size, sha256="", kind="unknown", problem="too-large")
    try:
        data = read_task(task, settings.max_file_bytes)
    except ArchiveError as e:  # refused while reading (CRC, data past its declared size): zccheck.scan.inputs says so
        return FileFacts(path=task.path, size=task.size, sha256="", kind="unknown", problem="refused",
                         problem_detail=e.kind)
    except OSError as e:
        return FileFacts(path=task.path, size=task.size, sha256="", kind="unknown", problem="inaccessible",
                         problem_detail=e.strerror or type(e).__name__)
    if len(data) > settings.max_file_bytes:  # the file grew after it was listed
        return FileFacts(path=task.path, size=len(data), sha256="", kind="unknown", problem="too-large")
    if task.thorough_ocr and ocr_runner is not None:
        ocr_runner = ocr_runner.thorough()
    if task.own_id and ocr_runner is not None:
        ocr_runner = ocr_runner.knowing(task.own_id)
    return scan_bytes(task.path, data, settings, ocr_runner, blank_only=task.blank_only,
                      heading_first=task.heading_first, words=task.words, read_until=task.read_until,
                      seal_look=task.seal_look)


def _limit_memory() -> None:
    with contextlib.suppress(Exception):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT_BYTES, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _quiet_worker() -> None:
    """A worker's stderr is the user's terminal: parsers print warnings (libtiff's "Not enough data at
    scanline", Pillow's corrupt-EXIF warnings, "Exception ignored in __del__" tracebacks) about the
    hostile files they are fed. Every problem already becomes the file's finding, so the worker's
    stderr goes to /dev/null (ZCCHECK_DEBUG=1 keeps it). A worker that crashes must not leave a core
    file either: a core dump is written to the current folder, which may be the applicant's."""
    with contextlib.suppress(Exception):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if os.environ.get("ZCCHECK_DEBUG"):
        return
    warnings.simplefilter("ignore")
    sys.unraisablehook = lambda unraisable: None
    with contextlib.suppress(Exception):
        import faulthandler

        faulthandler.disable()  # a crash is the file's finding ("parser crashed"), not a C stack dump
    with contextlib.suppress(Exception):
        logging.disable(logging.CRITICAL)
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)


def worker_loop(conn, settings: ScanSettings, preload: bool = False) -> None:
    """A worker's life: read the files it is sent, answer each with its facts, until told to stop.
    `preload`: load the OCR engine before the first file (zccheck.scan.ocr_worker)."""
    global _archives
    _archives = OpenArchives()
    _quiet_worker()
    _limit_memory()
    ocr_runner = None
    if settings.ocr:
        from zccheck.scan.ocr_runner import OcrRunner

        ocr_runner = OcrRunner.create(use_cache=settings.ocr_cache)
        if preload and ocr_runner.available:
            from zccheck.scan.ocr import load_engine

            load_engine()
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        index, task = item
        try:
            facts = scan_task(task, settings, ocr_runner)
        except MemoryError:
            facts = FileFacts(path=task.path, size=task.size, sha256="", kind="unknown", problem="unreadable",
                              problem_detail="out of memory")
        except BaseException as e:  # noqa: BLE001 — the worker must answer whatever happened
            facts = FileFacts(path=task.path, size=task.size, sha256="", kind="unknown", problem="unreadable",
                              problem_detail=f"{type(e).__name__}")
        try:
            conn.send((index, facts))
        except Exception:
            conn.send((index, FileFacts(path=task.path, size=task.size, sha256="", kind="unknown",
                                        problem="unreadable", problem_detail="result too large")))


# Tasks sent ahead to a busy worker: it starts the next file the moment it finishes one, instead of
# waiting while this process stores a result or evaluates a finished applicant (a tenth of a cold
# batch's time was workers idling so). A task names its file (a path, or an archive and a member: a
# few hundred bytes), so a send never blocks.
SEND_AHEAD = 1


class _Worker:
    def __init__(self, conn: Any, process: Any):
        self.conn, self.process = conn, process
        self.queue: deque[tuple[int, ScanTask]] = deque()  # sent, not answered; the first is being read
        self.deadline = 0.0  # for the first

    def can_take(self) -> bool:
        return len(self.queue) <= SEND_AHEAD

    def give(self, index: int, task: ScanTask, timeout: float) -> None:
        if not self.queue:
            self.deadline = time.monotonic() + timeout
        self.queue.append((index, task))
        self.conn.send((index, task))

    def answered(self, timeout: float) -> None:
        self.queue.popleft()
        if self.queue:  # the next one starts now
            self.deadline = time.monotonic() + timeout

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(1)
        with contextlib.suppress(Exception):
            self.conn.close()

    def tell_to_stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)

    def stop(self) -> None:
        """After tell_to_stop: wait for it to exit, killing it if it does not."""
        with contextlib.suppress(Exception):
            self.process.join(2)
        if self.process.is_alive():
            self.kill()


def _failed(task: ScanTask, problem: FileProblem, detail: str) -> FileFacts:
    return FileFacts(path=task.path, size=task.size, sha256="", kind="unknown", problem=problem, problem_detail=detail)


def _outcome(w: _Worker, index: int, task: ScanTask, answered: bool, now: float,
             timeout: float) -> tuple[FileFacts, bool] | None:
    """What became of the file a worker is reading (`index`): its facts and whether the worker must go
    (it crashed, hung, or answered for another file), or None while it is still reading."""
    if answered:
        try:
            answered_for, facts = w.conn.recv()
            if answered_for != index:
                raise ValueError("answer out of order")
        except (EOFError, OSError, Exception):
            return _failed(task, "unreadable", "parser crashed"), True
        w.answered(timeout)
        return dataclasses.replace(facts, path=task.path), False
    if now >= w.deadline:
        return _failed(task, "timeout", "timed out"), True
    if not w.process.is_alive():
        return _failed(task, "unreadable", "parser crashed"), True
    return None


def _forked_worker(settings: ScanSettings) -> _Worker:
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    conn, child = context.Pipe()
    process = context.Process(target=worker_loop, args=(child, settings), daemon=True)
    process.start()
    child.close()
    return _Worker(conn, process)


class _Pool:
    """How workers are started: forks, or with OCR fresh interpreters that take turns at text detection
    (zccheck.scan.ocr_worker) through a lock file in the system's temporary folder."""

    def __init__(self, settings: ScanSettings):
        self.settings = settings
        self.workers: list[_Worker] = []
        self.fresh_interpreters = settings.ocr and os.name == "posix"
        self.detection_lock: str | None = None
        if self.fresh_interpreters:
            with contextlib.suppress(OSError):
                fd, self.detection_lock = tempfile.mkstemp(prefix="zccheck-ocr-", suffix=".lock")
                os.close(fd)

    def start(self) -> _Worker:
        if self.fresh_interpreters:
            from zccheck.scan import ocr_worker

            try:
                worker = _Worker(*ocr_worker.start(self.settings, self.detection_lock))
            except OSError:
                worker = _forked_worker(self.settings)
        else:
            worker = _forked_worker(self.settings)
        self.workers.append(worker)
        return worker

    def close(self) -> None:
        for w in self.workers:  # all told first: they exit side by side, not one after another
            w.tell_to_stop()
        for w in self.workers:
            w.stop()
        if self.detection_lock:
            with contextlib.suppress(OSError):
                os.unlink(self.detection_lock)


def _worker_for(task: ScanTask, pool: _Pool, jobs: int) -> _Worker | None:
    """Who takes `task`: an idle worker, else a new one (up to `jobs`), else the least busy one that may
    have it sent ahead; None when all are full."""
    workers = pool.workers
    w = next((w for w in workers if not w.queue), None)
    if w is None and len(workers) < jobs:
        w = pool.start()
    if w is None:
        w = min((w for w in workers if w.can_take()), key=lambda w: len(w.queue), default=None)
    return w


def scan_in_workers(tasks: Iterable[ScanTask], settings: ScanSettings, jobs: int,
                    timeout: float) -> Iterator[tuple[ScanTask, FileFacts]]:
    """Yield (task, facts) for every task, in completion order.

    `tasks` is pulled lazily, as workers can take them, so a caller can stream a whole drive through
    one pool and keep only the files in flight in memory."""
    source = enumerate(tasks)
    pending: deque[tuple[int, ScanTask]] = deque()

    def more() -> bool:
        if not pending:
            nxt = next(source, None)
            if nxt is not None:
                pending.append(nxt)
        return bool(pending)

    def retire(w: _Worker, answered_for_first: bool = True) -> None:
        """A killed or dead worker: the files sent ahead to it go back to the front of the line (the
        first one too, when the caller does not answer for it)."""
        w.kill()
        workers.remove(w)
        pending.extendleft(reversed(list(w.queue)[1 if answered_for_first else 0:]))

    pool = _Pool(settings)
    workers = pool.workers
    try:
        while any(w.queue for w in workers) or more():
            while more():
                w = _worker_for(pending[0][1], pool, jobs)
                if w is None:
                    break
                index, task = pending.popleft()
                try:
                    w.give(index, task, timeout)
                except (OSError, ValueError):
                    w.queue.pop()
                    retire(w, answered_for_first=False)
                    yield task, _failed(task, "unreadable", "worker unavailable")
            busy = [w for w in workers if w.queue]
            if not busy:
                continue
            wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=wait_for)
            now = time.monotonic()
            for w in busy:
                index, task = w.queue[0]
                outcome = _outcome(w, index, task, w.conn in ready, now, timeout)
                if outcome is None:
                    continue  # still reading
                facts, broken = outcome
                if broken:
                    retire(w)
                yield task, facts
    finally:
        pool.close()


def scan_inline(tasks: Iterable[ScanTask], settings: ScanSettings) -> Iterator[tuple[ScanTask, FileFacts]]:
    """Same results in this process, no time limit: for tests and --jobs 0 debugging."""
    ocr_runner = None
    if settings.ocr:
        from zccheck.scan.ocr_runner import OcrRunner

        ocr_runner = OcrRunner.create(use_cache=settings.ocr_cache)
    try:
        for task in tasks:
            yield task, scan_task(task, settings, ocr_runner)
    finally:
        _archives.close()


_T = TypeVar("_T")


def _limited_main(conn, function: Callable[..., Any], args: tuple) -> None:
    _quiet_worker()
    _limit_memory()
    try:
        try:
            answer: tuple[bool, Any] = (True, function(*args))
        except Exception as e:  # noqa: BLE001 — handed back to the caller, which raises it
            answer = (False, e)
        conn.send(answer)
    finally:
        os._exit(0)  # nothing of the parent's (its buffered output, its cache) is flushed or closed here


def run_limited(function: Callable[..., _T], args: tuple, timeout: float) -> _T:
    """`function(*args)` in a process of its own, under a worker's memory limit and `timeout`: what the
    listing cannot do without decompressing (a zip inside the applicant's zip). Raises what `function`
    raised, TimeoutError when it ran out of time, ChildProcessError when it died."""
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    conn, child = context.Pipe(duplex=False)
    process = context.Process(target=_limited_main, args=(child, function, args), daemon=True)
    process.start()
    child.close()
    try:
        answered = conn.poll(timeout)  # also True when the process died: recv() then fails
        if answered:
            ok, value = conn.recv()
    except (EOFError, OSError) as e:
        raise ChildProcessError("crashed") from e
    finally:
        process.kill()
        process.join(1)
        conn.close()
    if not answered:
        raise TimeoutError("timed out")
    if not ok:
        raise value
    return value


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
