"""OCR workers: fresh interpreters with glibc's huge-page tunable, taking turns at text detection through a
lock file, answering like forked workers, and replaced when they die (zccheck.scan.ocr_worker, heap, and
the pool in zccheck.scan.runner)."""

from __future__ import annotations

import io
import os
import threading
import tempfile
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from zccheck.scan import heap, ocr
from zccheck.scan.runner import ScanTask, scan_in_workers
from zccheck.scan.scanner import ScanSettings

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
SETTINGS = ScanSettings(max_file_bytes=20 * 1024 * 1024, accepted_kinds=("jpeg", "png", "pdf"), ocr=True,
                        ocr_cache=False)


def test_tunables_are_added_to_the_users_own():
    assert heap.with_tunables({"PATH": "/bin"})["GLIBC_TUNABLES"] == heap.TUNABLES
    mine = heap.with_tunables({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2"})["GLIBC_TUNABLES"]
    assert mine == f"glibc.malloc.arena_max=2:{heap.TUNABLES}"
    theirs = {"GLIBC_TUNABLES": "glibc.malloc.hugetlb=0"}
    assert heap.with_tunables(theirs) == theirs  # the user's choice of huge pages stands


class _RecordingSession:
    """Stands for the detector's ONNX session: notes how many callers are inside it at once, by input size."""

    def __init__(self) -> None:
        self.inside = {"large": 0, "small": 0}
        self.most_inside = {"large": 0, "small": 0, "both": 0}
        self.calls = 0
        self.inputs = ["detector input"]  # an attribute RapidOCR reads through the wrapper
        self._count = threading.Lock()

    def __call__(self, tensor):
        size = "large" if tensor.shape[-2] * tensor.shape[-1] >= ocr._LargeDetectionsOneAtATime.LOCK_FROM_PIXELS \
            else "small"
        with self._count:
            self.inside[size] += 1
            self.calls += 1
            self.most_inside[size] = max(self.most_inside[size], self.inside[size])
            self.most_inside["both"] = max(self.most_inside["both"], sum(self.inside.values()))
        time.sleep(0.02)
        with self._count:
            self.inside[size] -= 1
        return size


@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_a_page_is_detected_in_one_worker_at_a_time_and_a_band_in_any(tmp_path):
    """Each worker opens the lock file on its own (a separate open file description, as another process
    would): eight threads, each a worker of its own, never run the network on two pages at once (a page's
    input, 704 × 512), while top bands (224 × 704) go through beside them."""
    import numpy as np

    lock = tmp_path / "detect.lock"
    lock.touch()
    session = _RecordingSession()
    workers = [ocr._LargeDetectionsOneAtATime(session, str(lock)) for _ in range(8)]
    page, band = np.zeros((1, 3, 704, 512), np.float32), np.zeros((1, 3, 224, 704), np.float32)

    def run(worker):
        for tensor in (page, band, band, page, band):
            assert worker(tensor) == ("large" if tensor is page else "small")

    threads = [threading.Thread(target=run, args=(worker,)) for worker in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert session.calls == 40
    assert session.most_inside["large"] == 1
    assert session.most_inside["both"] > 1  # a band went through while a page held the lock
    assert workers[0].inputs == ["detector input"]


def test_the_lock_wraps_the_detectors_network(tmp_path):
    """With the engine built as a worker builds it, the detector's session is the one behind the lock."""
    if not ocr.ocr_available():
        pytest.skip("needs the OCR extra")
    lock = tmp_path / "detect.lock"
    lock.touch()
    engine = ocr._import_engine_class()(params=ocr._engine_params(ocr._bundled_models()))
    ocr._serialise(engine, str(lock))
    assert isinstance(engine.text_det.session, ocr._LargeDetectionsOneAtATime)


def _text_jpeg(path: Path, text: str) -> None:
    if not FONT_PATH.exists():
        pytest.skip("needs fonts-wqy-microhei to draw Chinese text")
    image = Image.new("RGB", (1000, 220), "white")
    ImageDraw.Draw(image).text((40, 60), text, fill=(20, 20, 20), font=ImageFont.truetype(str(FONT_PATH), 56))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    path.write_bytes(buffer.getvalue())


def _tasks(paths: list[Path]) -> list[ScanTask]:
    return [ScanTask(key=i, path=p.name, location=str(p), size=p.stat().st_size) for i, p in enumerate(paths)]


def _children_running_ocr_workers() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == os.getpid() and b"zccheck.scan.ocr_worker" in cmdline:
            found.append(int(entry))
    return found


@pytest.fixture
def engine_installed():
    pytest.importorskip("rapidocr")
    pytest.importorskip("onnxruntime")
    if not Path("/proc/self/environ").exists():
        pytest.skip("reads /proc")


def test_ocr_workers_are_fresh_interpreters_that_read_the_text(tmp_path, engine_installed):
    """Two workers, each started with the tunable in its environment (not forked: glibc would not read it),
    read their photos' text; the lock file they shared is gone afterwards, and nothing was written beside
    the photos."""
    photos = [tmp_path / "photos" / f"{name}.jpg" for name in ("a", "b", "c")]
    photos[0].parent.mkdir()
    for path, text in zip(photos, ("继续教育公需科目证书", "专业技术人员年度考核", "诚信承诺书")):
        _text_jpeg(path, text)
    environments: dict[int, bytes] = {}

    def watch() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(environments) < 2:
            for pid in _children_running_ocr_workers():
                try:
                    with open(f"/proc/{pid}/environ", "rb") as f:
                        environments.setdefault(pid, f.read())
                except OSError:
                    continue
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    before = set(os.listdir(tempfile.gettempdir()))
    results = {task.path: facts for task, facts in scan_in_workers(_tasks(photos), SETTINGS, jobs=2, timeout=120)}
    watcher.join()

    assert "".join(results["a.jpg"].image.ocr_text.split()) == "继续教育公需科目证书"
    assert "专业技术人员年度考核" in "".join(results["b.jpg"].image.ocr_text.split())
    assert "诚信承诺书" in "".join(results["c.jpg"].image.ocr_text.split())
    assert len(environments) == 2
    assert all(b"GLIBC_TUNABLES=" + heap.TUNABLES.encode() in env.split(b"\0") for env in environments.values())
    assert sorted(os.listdir(photos[0].parent)) == ["a.jpg", "b.jpg", "c.jpg"]
    left = {n for n in set(os.listdir(tempfile.gettempdir())) - before if n.startswith("zccheck-ocr-")}
    assert not left


def test_a_killed_ocr_worker_costs_its_file_only(tmp_path, engine_installed):
    """The first worker is killed while it loads the engine (seconds before it could answer): its file is
    'parser crashed', and the next file goes to a new worker, which reads it."""
    photos = [tmp_path / "first.jpg", tmp_path / "second.jpg"]
    _text_jpeg(photos[0], "第一张")
    _text_jpeg(photos[1], "援疆工作证明")
    killed: list[int] = []

    def kill_first() -> None:
        # Killed a moment after it starts: past the pool's handing it its settings (a worker dead before
        # that is never used: the pool forks one instead, which reads the file) and well before the engine
        # has loaded (seconds).
        deadline = time.monotonic() + 60
        seen: dict[int, float] = {}
        while time.monotonic() < deadline and not killed:
            for pid in _children_running_ocr_workers():
                if time.monotonic() - seen.setdefault(pid, time.monotonic()) >= 0.2:
                    os.kill(pid, 9)
                    killed.append(pid)
                    break
            time.sleep(0.001)

    killer = threading.Thread(target=kill_first)
    killer.start()
    results = {task.path: facts for task, facts in scan_in_workers(_tasks(photos), SETTINGS, jobs=1, timeout=120)}
    killer.join()

    assert killed
    assert (results["first.jpg"].problem, results["first.jpg"].problem_detail) == ("unreadable", "parser crashed")
    assert results["second.jpg"].problem is None
    assert "援疆工作证明" in "".join(results["second.jpg"].image.ocr_text.split())


def test_the_heap_is_trimmed_only_past_the_budget(monkeypatch):
    resident = heap.resident_bytes()
    if not resident:
        pytest.skip("reads /proc/self/statm")
    assert 10 * 2**20 < resident < 4 * 2**30  # this test process, in bytes
    trims: list[int] = []
    monkeypatch.setattr(heap, "release_free_memory", lambda: trims.append(1))
    heap.release_above(resident * 4)
    assert not trims
    heap.release_above(resident // 4)
    assert trims == [1]
