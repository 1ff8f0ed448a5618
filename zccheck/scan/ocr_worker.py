"""OCR workers: fresh interpreters started for the purpose, where other workers are forks.

Why not a fork, as without OCR:
- glibc reads its tunables only when a program starts, and the one that makes an OCR worker both lean and
  fast (transparent huge pages for the feature maps it maps and unmaps each page: zccheck.scan.heap) must
  be in the worker's environment then;
- a fork starts with the main process's pages (48 MB: the CLI, the rule pack), counted again in every
  worker's memory; a fresh worker imports only the scanner and the engine;
- the worker loads the engine and its models as soon as it starts, while the main process is still
  listing the folder, rather than when its first photo arrives.

The worker speaks the same protocol as a forked one (zccheck.scan.runner.worker_loop) over a socket pair;
its first message is the scan settings and the detection lock (zccheck.scan.ocr.serialise_detection).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from multiprocessing.connection import Connection

from zccheck.scan.heap import TRIM_ABOVE_BYTES, bound_mmap_threshold, with_tunables
from zccheck.scan.scanner import ScanSettings


class OcrWorkerProcess:
    """The few things the pool asks of a worker's process, for a subprocess."""

    def __init__(self, popen: subprocess.Popen) -> None:
        self._popen = popen

    def is_alive(self) -> bool:
        return self._popen.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self._popen.kill()

    def join(self, timeout: float | None = None) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._popen.wait(timeout)


def start(settings: ScanSettings, detection_lock: str | None) -> tuple[Connection, OcrWorkerProcess]:
    ours, theirs = socket.socketpair()
    # The worker imports zccheck from where this process did (a checkout run with `python -m`, a frozen
    # copy in bench/), not from whatever its working directory holds.
    code = (f"import sys; sys.path[:] = {[os.path.abspath(p) for p in sys.path]!r}; "
            f"from zccheck.scan.ocr_worker import main; main({theirs.fileno()})")
    try:
        popen = subprocess.Popen([sys.executable, "-c", code], pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, env=with_tunables(dict(os.environ)), close_fds=True)
    finally:
        theirs.close()
    conn = Connection(ours.detach())
    conn.send((settings, detection_lock))
    return conn, OcrWorkerProcess(popen)


def main(fd: int) -> None:
    from zccheck.scan import ocr
    from zccheck.scan.runner import worker_loop

    conn = Connection(fd)
    try:
        settings, detection_lock = conn.recv()
    except (EOFError, OSError):
        return
    # Feature maps returned after each page (with the tunable this process was started with, at no cost in
    # time), and detection one worker at a time: the workers' memory is one page's maps, not one each.
    bound_mmap_threshold()
    ocr.trim_heap_above(TRIM_ABOVE_BYTES)
    if detection_lock:
        ocr.serialise_detection(detection_lock)
    worker_loop(conn, settings, preload=True)
    # Told to stop: every page it read is answered and cached (the cache writes each entry before the answer
    # goes). Tearing down the interpreter (ONNX Runtime's sessions, numpy, OpenCV) took 0.3 s, which the
    # user waited for at the end of every check; nothing is left to flush (stdout is /dev/null).
    os._exit(0)
