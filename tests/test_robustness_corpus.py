"""Never crash, never hang: 700+ real-world PDFs and images from public PDF test suites (damaged xref
tables, fuzzed streams, every encryption kind, forms, odd fonts) checked as one applicant's folder,
through the real command line, with its time and peak memory measured.

The corpus lives beside the repository (../shared/corpus/wild); the test is skipped without it.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import jsonschema
import pytest

from hostile import WILD_CORPUS, assert_accounted, assert_no_traceback, batch_available, files_on_disk, run_measured

# Measured on 2 busy cores: 5–10 s and 160–280 MB peak (the largest worker, decoding a 600-dpi scan).
# The bounds leave room for a slow CI machine while still catching a hang or a bomb.
TIME_BOUND_S = 240
PEAK_MEMORY_BOUND_MB = 1024
PER_FILE_TIMEOUT_S = 10  # the default --timeout


@pytest.fixture(scope="module")
def wild_folder(tmp_path_factory) -> Path:
    if not WILD_CORPUS.is_dir():
        pytest.skip(f"real-world corpus not found at {WILD_CORPUS}")
    # Copied, not linked: links that leave an applicant's folder are (rightly) never followed.
    target = tmp_path_factory.mktemp("wild") / "applicant"
    shutil.copytree(WILD_CORPUS, target, symlinks=False)
    return target


@pytest.fixture(scope="module")
def wild_check(wild_folder, tmp_path_factory):
    cwd = tmp_path_factory.mktemp("cwd")
    run = run_measured(["check", str(wild_folder), "--format", "json", "--jobs", "2", "--no-cache"], cwd=cwd,
                       timeout=TIME_BOUND_S * 2)
    return run


def test_wild_corpus_check_exits_cleanly(wild_check):
    assert wild_check.returncode in (0, 1), wild_check.stderr[-3000:]
    assert_no_traceback(wild_check.stderr)


def test_wild_corpus_every_file_has_one_verdict(wild_check, wild_folder, contract_schema):
    doc = json.loads(wild_check.stdout)
    jsonschema.validate(doc, contract_schema)
    (applicant,) = doc["applicants"]
    on_disk = files_on_disk(wild_folder)
    assert len(on_disk) > 700
    outcomes = assert_accounted(applicant, on_disk)
    kinds = {o.split(":")[0] for values in outcomes.values() for o in values}
    # The corpus holds every kind of trouble: the report must say so, file by file.
    assert {"unreadable", "encrypted", "unclassified"} <= kinds
    # ... and no real-world file is mistaken for a decompression bomb (pypdf's other limits are not bombs).
    assert not [f["file"] for f in applicant["findings"] if "bomb" in f["message"]]


def test_wild_corpus_bounded_time_and_memory(wild_check, wild_folder):
    files = len(files_on_disk(wild_folder))
    print(f"\nwild corpus: {files} files in {wild_check.seconds:.1f} s, peak RSS {wild_check.peak_rss_mb:.0f} MB")
    assert wild_check.seconds < TIME_BOUND_S
    assert wild_check.peak_rss_mb < PEAK_MEMORY_BOUND_MB


def test_wild_corpus_timed_out_files_say_so(wild_check):
    """A file past the per-file limit is `unreadable`, "timed out" — never a hang. (Usually none is.)"""
    (applicant,) = json.loads(wild_check.stdout)["applicants"]
    for f in applicant["findings"]:
        if f["code"] == "ZC307":
            assert f["category"] == "unreadable" and str(PER_FILE_TIMEOUT_S) in f["message"]


def test_wild_corpus_batch(wild_folder, tmp_path, contract_schema):
    if not batch_available():
        pytest.skip("zccheck batch is not there yet")
    drive = tmp_path / "drive"
    drive.mkdir()
    shutil.copytree(wild_folder, drive / "申报人甲")
    run = run_measured(["batch", str(drive), "--format", "json", "--jobs", "2", "--no-cache", "--progress", "never"],
                       cwd=tmp_path, timeout=TIME_BOUND_S * 2)
    assert run.returncode in (0, 1), run.stderr[-3000:]
    assert_no_traceback(run.stderr)
    doc = json.loads(run.stdout)
    jsonschema.validate(doc, contract_schema)
    (applicant,) = doc["applicants"]
    assert_accounted(applicant, files_on_disk(drive / "申报人甲"))
    assert run.seconds < TIME_BOUND_S
    assert run.peak_rss_mb < PEAK_MEMORY_BOUND_MB


# --- the per-file limit, the memory limit and a quiet stderr, proved on the runner itself -----------

def _settings():
    from zccheck.scan.scanner import ScanSettings

    return ScanSettings(max_file_bytes=20 * 1024 * 1024, accepted_kinds=("pdf", "jpeg", "png"))


def _tasks(tmp_path: Path, names: list[str]):
    from factories import make_pdf
    from zccheck.scan.runner import ScanTask

    tasks = []
    for name in names:
        path = make_pdf(tmp_path / name, f"{name} 内容")
        tasks.append(ScanTask(key=name, path=name, location=str(path), size=path.stat().st_size))
    return tasks


def test_pypdf_endless_loop_is_killed_at_the_time_limit(tmp_path, monkeypatch):
    """A parser stuck reading a page's text (as fuzzed files make pypdf) → that file is `timeout`; the
    others are read."""
    import multiprocessing

    from zccheck.scan import pdf
    from zccheck.scan.runner import scan_in_workers

    def endless(self, *args, **kwargs):
        while True:
            pass

    tasks = _tasks(tmp_path, ["a.pdf", "b.pdf"])
    monkeypatch.setattr(pdf, "_text", endless)
    start = time.monotonic()
    results = {t.path: f for t, f in scan_in_workers(tasks[:1], _settings(), jobs=2, timeout=1.0)}
    elapsed = time.monotonic() - start
    assert results["a.pdf"].problem == "timeout"
    assert elapsed < 1.0 + 5  # killed at the limit, not after
    monkeypatch.undo()
    results = {t.path: f for t, f in scan_in_workers(tasks, _settings(), jobs=1, timeout=5.0)}
    assert all(f.problem is None for f in results.values())
    time.sleep(0.2)
    assert not multiprocessing.active_children()  # the hung worker was killed and reaped


def test_hang_then_good_files_in_one_pool(tmp_path, monkeypatch):
    """After a worker is killed, a fresh one takes the next files: one hang costs one file, not the run.
    With one worker, 3.pdf was sent ahead to the worker that hangs on 2.pdf: it is read again by the
    next worker, once."""
    from zccheck.scan import pdf  # the worker finds read_pdf there when it reads a file
    from zccheck.scan.runner import scan_in_workers

    real = pdf.read_pdf

    def maybe_hang(data, analyzer, *rest):
        if b"hang" in data[-200:]:
            while True:
                pass
        return real(data, analyzer, *rest)

    tasks = _tasks(tmp_path, ["1.pdf", "2.pdf", "3.pdf", "4.pdf"])
    with open(tasks[1].location, "ab") as f:
        f.write(b"\n% hang\n")
    monkeypatch.setattr(pdf, "read_pdf", maybe_hang)
    from dataclasses import replace

    tasks[1] = replace(tasks[1], size=Path(tasks[1].location).stat().st_size)
    answers = [(t.path, f) for t, f in scan_in_workers(tasks, _settings(), jobs=1, timeout=1.0)]
    assert sorted(path for path, _ in answers) == ["1.pdf", "2.pdf", "3.pdf", "4.pdf"]  # each exactly once
    results = dict(answers)
    assert results["2.pdf"].problem == "timeout"
    assert [results[n].problem for n in ("1.pdf", "3.pdf", "4.pdf")] == [None, None, None]


def test_memory_blowup_hits_the_worker_limit_not_the_machine(tmp_path, monkeypatch):
    from zccheck.scan import pdf, runner

    def hog(data, analyzer, *rest):
        return bytearray(runner.MEMORY_LIMIT_BYTES + 1024**3)  # more than the worker may have

    monkeypatch.setattr(pdf, "read_pdf", hog)
    (task,) = _tasks(tmp_path, ["big.pdf"])
    ((_, facts),) = list(runner.scan_in_workers([task], _settings(), jobs=1, timeout=20))
    assert facts.problem == "unreadable" and "memory" in facts.problem_detail


def test_worker_chatter_never_reaches_stderr(tmp_path, monkeypatch, capfd):
    """Parsers print to stderr (libtiff, Pillow warnings, __del__ tracebacks): workers keep it to themselves."""
    import os
    import warnings

    from zccheck.scan import pdf  # the worker finds read_pdf there when it reads a file
    from zccheck.scan.runner import scan_in_workers

    real = pdf.read_pdf

    class Noisy:
        def __del__(self):
            raise RuntimeError("boom in __del__")

    def noisy(data, analyzer, *rest):
        os.write(2, b"LZWDecode: Not enough data at scanline 0\n")
        warnings.warn("Corrupt EXIF data", UserWarning)
        Noisy()
        import logging

        logging.getLogger("pypdf").error("Traceback (most recent call last): fake")
        logging.getLogger("some.lib").warning("a warning")
        return real(data, analyzer, *rest)

    monkeypatch.setattr(pdf, "read_pdf", noisy)
    tasks = _tasks(tmp_path, ["n.pdf"])
    capfd.readouterr()
    results = list(scan_in_workers(tasks, _settings(), jobs=1, timeout=10))
    assert results[0][1].problem is None
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_worker_crash_is_one_finding(tmp_path, monkeypatch):
    """A parser that segfaults kills its worker: that file is `unreadable`, the run goes on."""
    import os
    import signal

    from zccheck.scan import pdf  # the worker finds read_pdf there when it reads a file
    from zccheck.scan.runner import scan_in_workers

    real = pdf.read_pdf

    def crash(data, analyzer, *rest):
        if b"crash" in data[-200:]:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(data, analyzer, *rest)

    tasks = _tasks(tmp_path, ["ok.pdf", "crash.pdf", "ok2.pdf"])
    with open(tasks[1].location, "ab") as f:
        f.write(b"\n% crash\n")
    from dataclasses import replace

    tasks[1] = replace(tasks[1], size=Path(tasks[1].location).stat().st_size)
    monkeypatch.setattr(pdf, "read_pdf", crash)
    results = {t.path: f for t, f in scan_in_workers(tasks, _settings(), jobs=1, timeout=10)}
    assert results["crash.pdf"].problem == "unreadable"
    assert results["ok.pdf"].problem is None and results["ok2.pdf"].problem is None
    assert not list(tmp_path.glob("core*"))  # workers never leave a core dump behind
