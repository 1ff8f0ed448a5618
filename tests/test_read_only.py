"""Never write: `check` and `batch`, with the cache and OCR on, leave the checked tree exactly as it was —
every byte, every mode, size and mtime, every link target, the set of paths. (Access times may change
on read and are not compared; where the OS allows, zccheck opens files with O_NOATIME anyway.)

The runs start inside the tree (cwd) so that a stray relative write would land there and be caught.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest

from factories import build_applicant, make_pdf, zip_folder
from hostile import HOSTILE_PDFS, WILD_CORPUS, assert_no_traceback, batch_available, run_measured


def snapshot(root: Path) -> dict[str, tuple]:
    """Path → (type, mode, size, mtime_ns, uid, gid, content hash | link target | sorted names)."""
    state: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in [".", *dirnames, *filenames] if dirpath == str(root) else [*dirnames, *filenames]:
            path = os.path.normpath(os.path.join(dirpath, name))
            st = os.lstat(path)
            kind = stat.S_IFMT(st.st_mode)
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    extra = hashlib.sha256(f.read()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                extra = os.readlink(path)
            elif stat.S_ISDIR(st.st_mode):
                extra = tuple(sorted(os.listdir(path)))
            else:
                extra = None
            state[os.path.relpath(path, root)] = (kind, st.st_mode, st.st_size, st.st_mtime_ns, st.st_uid, st.st_gid,
                                                  extra)
    return state


@pytest.fixture(scope="module")
def drive(tmp_path_factory) -> Path:
    """A drive of three applicants: a complete folder, the same as a .zip, and a folder of real-world
    and hostile files with links pointing in, out and around."""
    base = tmp_path_factory.mktemp("readonly")
    root = base / "drive"
    few_scans = ("education", "annual-assessment", "training-public")  # OCR time: a few scans make the point
    build_applicant(root / "张三", skip=few_scans)
    build_applicant(base / "李四", skip=few_scans)
    zip_folder(base / "李四", root / "李四.zip")
    mixed = root / "王五"
    build_applicant(mixed, skip=("photo", "work-summary", *few_scans))
    if WILD_CORPUS.is_dir():
        sample = sorted(p for p in WILD_CORPUS.rglob("*") if p.is_file())[::25]
        for i, p in enumerate(sample):
            shutil.copyfile(p, mixed / f"wild-{i:02d}-{p.name}")
    for name, build in HOSTILE_PDFS.items():
        if name != "flate-bomb.pdf":  # the bomb is tested elsewhere; here it would only cost time
            (mixed / name).write_bytes(build())
    (mixed / "empty.pdf").write_bytes(b"")
    make_pdf(mixed / "sub" / "note.pdf", "说明")
    os.symlink("sub/note.pdf", mixed / "link-in.pdf")
    os.symlink(str(base / "李四"), mixed / "link-out")
    os.symlink("loop", mixed / "loop")
    os.chmod(mixed / "empty.pdf", 0o400)  # odd modes must stay odd
    return root


def _env(tmp_path: Path) -> dict:
    return {"ZCCHECK_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path / "home")}


def _assert_unchanged(before: dict, after: dict) -> None:
    assert set(before) == set(after), (sorted(set(after) - set(before)), sorted(set(before) - set(after)))
    changed = {p: (before[p], after[p]) for p in before if before[p] != after[p]}
    assert not changed, changed


@pytest.mark.parametrize("target", ["张三", "王五", "李四.zip"])
def test_check_leaves_the_tree_unchanged(drive, tmp_path, target):
    before = snapshot(drive)
    env = _env(tmp_path)
    ocr = ["--ocr"] if target == "张三" else []
    for _ in range(2):  # cold cache, then warm
        run = run_measured(["check", str(drive / target), "--format", "json", "--jobs", "2", *ocr], cwd=drive / "张三"
                           if target != "李四.zip" else drive, env=env, timeout=600)
        assert run.returncode in (0, 1), run.stderr[-2000:]
        assert_no_traceback(run.stderr)
    _assert_unchanged(before, snapshot(drive))
    assert (tmp_path / "cache").is_dir()  # the cache went where it was told, not into the tree


def test_batch_leaves_the_tree_unchanged(drive, tmp_path):
    if not batch_available():
        pytest.skip("zccheck batch is not there yet")
    before = snapshot(drive)
    env = _env(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(2):
        run = run_measured(["batch", str(drive), "--format", "json", "--jobs", "2", "--ocr", "--progress", "never",
                            "--xlsx", str(out / "r.xlsx"), "--csv", str(out / "r.csv"), "--html", str(out / "r.html")],
                           cwd=drive, env=env, timeout=900)
        assert run.returncode in (0, 1), run.stderr[-2000:]
        assert_no_traceback(run.stderr)
    _assert_unchanged(before, snapshot(drive))


def test_scanner_opens_files_read_only(tmp_path, monkeypatch):
    """Every open the worker makes on an applicant's file is O_RDONLY (no O_CREAT, O_TRUNC, O_APPEND)."""
    from zccheck.scan import runner
    from zccheck.scan.scanner import ScanSettings

    path = make_pdf(tmp_path / "a.pdf", "x")
    flags_seen = []
    real_open = os.open

    def spy(p, flags, *args, **kwargs):
        flags_seen.append(flags)
        return real_open(p, flags, *args, **kwargs)

    monkeypatch.setattr(runner.os, "open", spy)
    settings = ScanSettings(max_file_bytes=10**7, accepted_kinds=("pdf",))
    facts = runner.scan_task(runner.ScanTask(key=1, path="a.pdf", location=str(path), size=path.stat().st_size),
                             settings)
    assert facts.problem is None
    assert flags_seen and all(f & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND) == 0
                              for f in flags_seen)


@pytest.mark.parametrize("command", ["check", "batch"])
def test_cache_pointed_into_the_tree_is_not_used(tmp_path, command):
    """ZCCHECK_CACHE_DIR inside the checked folder (a shared drive's own config): the cache, OCR's too,
    is switched off for that run rather than written into the tree."""
    if command == "batch" and not batch_available():
        pytest.skip("zccheck batch is not there yet")
    drive = tmp_path / "drive"
    build_applicant(drive / "张三", skip=("commitment", "photo", "education", "annual-assessment", "training-public"))
    before = snapshot(drive)
    target = drive / "张三" if command == "check" else drive
    env = {"ZCCHECK_CACHE_DIR": str(drive / "张三" / ".zccheck-cache"), "HOME": str(tmp_path)}
    extra = ["--progress", "never"] if command == "batch" else []
    run = run_measured([command, str(target), "--format", "json", "--jobs", "2", "--ocr", *extra], cwd=tmp_path,
                       env=env, timeout=900)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    assert "本次不使用缓存" in run.stderr  # said in the run's language (zh)
    _assert_unchanged(before, snapshot(drive))
