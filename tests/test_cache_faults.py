"""The facts cache is shared and lives on real disks: two `batch` runs on it at once, another process
holding its lock, a truncated or overwritten database, an entry damaged where SQLite cannot see it, a
full disk, a read-only directory. Each time the run goes on, says so on stderr, and reports exactly
what a run without the cache reports — never a stale or wrong result."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli
from factories import build_applicant
from hostile import assert_no_traceback

DB = "facts.sqlite3"
# Only what a cache warning says: the notes of a healthy run never contain it.
WARNING_WORD = "缓存"
ZHANG, LI = "张三".encode(), "李四".encode()  # the same length in UTF-8: a damage that keeps the file's layout
SKIP = ("training-public", "annual-assessment", "achievements")  # fewer files: the runs stay quick


@pytest.fixture(scope="module")
def drive(tmp_path_factory) -> Path:
    """Two applicants whose folder and file names never hold the name in their profile (张三, 王五):
    the name is only in the files' text and in the results, where a damaged cache could change it."""
    root = tmp_path_factory.mktemp("cache-faults") / "drive"
    build_applicant(root / "申报人A", skip=SKIP)
    build_applicant(root / "申报人B", {"姓名": "王五"}, skip=SKIP + ("unit-audit",))
    return root


def batch(drive: Path, cache: Path | None, *extra: str, timeout: float = 300) -> subprocess.CompletedProcess:
    args = ["batch", str(drive), "--format", "json", "--jobs", "1", "--progress", "always", *extra]
    if cache is None:
        return run_cli(*args, "--no-cache", timeout=timeout)
    return run_cli(*args, env={"ZCCHECK_CACHE_DIR": str(cache)}, timeout=timeout)


@pytest.fixture(scope="module")
def reference(drive) -> subprocess.CompletedProcess:
    """What the drive's report is, read without any cache."""
    r = batch(drive, None)
    assert r.returncode == 1, r.stderr  # both applicants miss materials
    doc = json.loads(r.stdout)
    assert [a["name"] for a in doc["applicants"]] == ["张三", "王五"]
    return r


def files_read(r: subprocess.CompletedProcess) -> int:
    """From the run's closing note (--progress always): 读取 N 个文件，缓存命中 M 个 …"""
    line = next(x for x in r.stderr.splitlines() if x.startswith("读取 "))
    return int(line.split()[1])


def assert_same_report(r: subprocess.CompletedProcess, reference: subprocess.CompletedProcess) -> None:
    assert r.returncode == reference.returncode, r.stderr[-3000:]
    assert json.loads(r.stdout) == json.loads(reference.stdout)
    assert_no_traceback(r.stderr)


def healthy(cache: Path) -> bool:
    with contextlib.closing(sqlite3.connect(cache / DB)) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def warnings_of(r: subprocess.CompletedProcess) -> str:
    return r.stderr.replace("缓存命中", "")  # the closing note's "from the cache" is no warning


def warm(drive: Path, cache: Path, reference: subprocess.CompletedProcess) -> None:
    """A filled, healthy cache: the next run reads nothing and warns of nothing."""
    r = batch(drive, cache)
    assert_same_report(r, reference)
    assert files_read(r) == 0 and WARNING_WORD not in warnings_of(r)


def recovers(drive: Path, cache: Path, reference: subprocess.CompletedProcess) -> None:
    """After a fault: the next run uses the cache again without a word, and the one after reads nothing."""
    r = batch(drive, cache)
    assert_same_report(r, reference)
    assert WARNING_WORD not in warnings_of(r)
    assert healthy(cache)
    warm(drive, cache, reference)


# --- two runs at once, and a lock held by another process ------------------------------------------------

def test_two_batch_runs_on_one_cache_at_once(drive, reference, tmp_path):
    cache = tmp_path / "cache"
    env = dict(os.environ, ZCCHECK_CACHE_DIR=str(cache))
    env.pop("GITHUB_ACTIONS", None)
    args = [sys.executable, "-m", "zccheck", "batch", str(drive), "--format", "json", "--jobs", "1"]
    runs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(2)]
    outcomes = [(p.communicate(timeout=300), p.returncode) for p in runs]
    for (out, err), code in outcomes:
        assert code == reference.returncode, err[-3000:]
        assert json.loads(out) == json.loads(reference.stdout)
        assert_no_traceback(err)
        assert WARNING_WORD not in err  # two runs share the cache without a fault to report
    assert healthy(cache)
    warm(drive, cache, reference)


_HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(600)
"""


def test_a_run_does_not_stall_on_a_cache_another_process_keeps_locked(drive, reference, tmp_path):
    cache = tmp_path / "cache"
    assert batch(drive, cache).returncode == reference.returncode  # the cache exists and is filled
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(cache / DB)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        changed = tmp_path / "drive"
        shutil.copytree(drive, changed)  # new files (other inodes): every fact must be stored anew
        started = time.monotonic()
        r = batch(changed, cache)
        assert time.monotonic() - started < 120
    finally:
        holder.kill()  # the process this test started, by its handle
        holder.wait()
    assert r.returncode == reference.returncode, r.stderr[-3000:]
    assert json.loads(r.stdout)["applicants"] == json.loads(reference.stdout)["applicants"]
    assert "缓存正被另一个 zccheck" in r.stderr


# --- a damaged database ---------------------------------------------------------------------------

def filled_cache(drive: Path, tmp_path: Path, reference: subprocess.CompletedProcess) -> Path:
    cache = tmp_path / "cache"
    r = batch(drive, cache)
    assert_same_report(r, reference)
    assert files_read(r) > 0 and healthy(cache)
    assert not (cache / (DB + "-wal")).exists() or (cache / (DB + "-wal")).stat().st_size == 0
    return cache


def test_a_truncated_cache_database_is_started_afresh(drive, reference, tmp_path):
    cache = filled_cache(drive, tmp_path, reference)
    path = cache / DB
    os.truncate(path, path.stat().st_size // 2)
    r = batch(drive, cache)
    assert_same_report(r, reference)
    assert "缓存数据库已损坏" in r.stderr
    recovers(drive, cache, reference)


def test_a_cache_database_overwritten_with_other_bytes_is_started_afresh(drive, reference, tmp_path):
    cache = filled_cache(drive, tmp_path, reference)
    with open(cache / DB, "r+b") as f:
        f.write(b"this is not what zccheck wrote\n" * 200)
    r = batch(drive, cache)
    assert_same_report(r, reference)
    assert "缓存数据库已损坏" in r.stderr
    recovers(drive, cache, reference)


def test_an_entry_damaged_where_sqlite_cannot_see_it_is_never_used(drive, reference, tmp_path):
    """The name 张三 turned into 李四 inside the stored rows: the database stays well-formed (same
    lengths), so only zccheck's own digests can tell. Used, the stored result would name 李四."""
    cache = filled_cache(drive, tmp_path, reference)
    path = cache / DB
    data = path.read_bytes()
    assert data.count(ZHANG) >= 2  # in the stored result and in the stored text of the documents
    path.write_bytes(data.replace(ZHANG, LI))
    assert healthy(cache)  # SQLite itself sees nothing wrong
    r = batch(drive, cache)
    assert_same_report(r, reference)  # names 张三, as the files do
    assert "李四" not in r.stdout
    assert "损坏" in r.stderr
    recovers(drive, cache, reference)


def test_a_database_from_an_older_zccheck_is_relaid(drive, reference, tmp_path):
    """The layout before the digests: same table names, rows without them."""
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    with contextlib.closing(sqlite3.connect(cache / DB)) as db:
        db.execute("CREATE TABLE seen (signature TEXT PRIMARY KEY, sha256 TEXT NOT NULL)")
        db.execute("CREATE TABLE facts (key TEXT PRIMARY KEY, blob BLOB NOT NULL)")
        db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, blob BLOB NOT NULL)")
        db.execute("INSERT INTO facts VALUES ('x', x'00')")
        db.commit()
    r = batch(drive, cache)
    assert_same_report(r, reference)
    assert WARNING_WORD not in warnings_of(r)
    warm(drive, cache, reference)


# --- a full disk, a read-only directory (a small tmpfs: needs root) ---------------------------------------

@contextlib.contextmanager
def tmpfs(target: Path, size: str):
    target.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(target)],
                           capture_output=True, text=True)
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mount.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


def fill(directory: Path) -> Path:
    """Write until the disk is full."""
    filler = directory / "filler"
    with contextlib.suppress(OSError), open(filler, "wb") as f:
        while True:
            f.write(b"\0" * 65536)
            f.flush()
    with contextlib.suppress(OSError), open(filler, "ab") as f:  # the last blocks, a byte at a time
        for _ in range(65536):
            f.write(b"\0")
            f.flush()
    return filler


def test_a_cache_on_a_full_disk(drive, reference, tmp_path):
    with tmpfs(tmp_path / "disk", "16m") as disk:
        cache = disk / "cache"
        assert_same_report(batch(drive, cache), reference)  # filled while there was room
        changed = tmp_path / "drive"
        shutil.copytree(drive, changed)  # other inodes: every fact must be stored anew
        filler = fill(disk)
        r = batch(changed, cache)
        assert r.returncode == reference.returncode, r.stderr[-3000:]
        assert json.loads(r.stdout)["applicants"] == json.loads(reference.stdout)["applicants"]
        assert_no_traceback(r.stderr)
        assert "磁盘已满" in r.stderr
        filler.unlink()
        again = batch(changed, cache)  # room again: nothing half-written is taken for a result
        assert json.loads(again.stdout)["applicants"] == json.loads(reference.stdout)["applicants"]
        assert again.returncode == reference.returncode and healthy(cache)


def test_a_new_cache_on_a_full_disk(drive, reference, tmp_path):
    with tmpfs(tmp_path / "disk", "1m") as disk:
        fill(disk)
        r = batch(drive, disk / "cache")
        assert_same_report(r, reference)
        assert "磁盘已满" in r.stderr or "不可写" in r.stderr


def test_a_cache_in_a_read_only_directory(drive, reference, tmp_path):
    with tmpfs(tmp_path / "disk", "16m") as disk:
        cache = disk / "cache"
        assert_same_report(batch(drive, cache), reference)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        r = batch(drive, cache)
        assert_same_report(r, reference)
        assert WARNING_WORD in warnings_of(r)
        r = batch(drive, disk / "never-made")
        assert_same_report(r, reference)
        assert "不可写" in r.stderr


# --- the same faults in-process, where each can be made to happen at a chosen moment ---------------------

class _FailingConnection:
    """A real connection whose writes fail with the error a full disk (or another fault) gives."""

    def __init__(self, db: sqlite3.Connection, error: str):
        self._db, self._error = db, error

    def execute(self, sql: str, *args):
        if sql.startswith(("INSERT", "COMMIT")):
            raise sqlite3.OperationalError(self._error)
        return self._db.execute(sql, *args)

    def executemany(self, sql: str, *args):
        if sql.startswith("INSERT"):
            raise sqlite3.OperationalError(self._error)
        return self._db.executemany(sql, *args)

    def close(self):
        self._db.close()


@pytest.mark.parametrize("error, said", [("database or disk is full", "磁盘已满"),
                                         ("database is locked", "缓存正被另一个 zccheck"),
                                         ("attempt to write a readonly database", "不可写")])
def test_a_write_that_fails_stops_the_writes_not_the_run(drive, tmp_path, monkeypatch, pack, error, said):
    from zccheck.batch import run_batch
    from zccheck.models import CheckOptions
    from zccheck.scan import cache as cache_module

    plain = run_batch(drive, pack, CheckOptions(), jobs=0, cache=None).results
    made = cache_module.FactsCache(tmp_path / "cache")  # made while writes still work: only the run's fail
    assert made.sha_for("nothing") is None and not made.disabled
    made.close()
    real_connect = sqlite3.connect
    monkeypatch.setattr(cache_module.sqlite3, "connect",
                        lambda *a, **k: _FailingConnection(real_connect(*a, **k), error))
    monkeypatch.setattr(cache_module.FactsCache, "COMMIT_EVERY_S", 0.0)  # a write at every put
    said_lines: list[str] = []
    cache = cache_module.FactsCache(tmp_path / "cache", warn=said_lines.append)
    try:
        run = run_batch(drive, pack, CheckOptions(), jobs=0, cache=cache)
    finally:
        cache.close()
    assert run.results == plain
    assert cache.read_only and len(said_lines) == 1 and said in said_lines[0]
    monkeypatch.undo()
    with contextlib.closing(sqlite3.connect(tmp_path / "cache" / DB)) as db:  # nothing half-written
        assert db.execute("SELECT count(*) FROM facts").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] == 0


def test_damage_met_in_the_middle_of_a_run_ends_the_caches_use(drive, tmp_path, pack):
    from zccheck.batch import run_batch
    from zccheck.models import CheckOptions
    from zccheck.scan.cache import FactsCache

    said: list[str] = []
    cache = FactsCache(tmp_path / "cache", warn=said.append)
    try:
        plain = run_batch(drive, pack, CheckOptions(), jobs=0, cache=cache).results
    finally:
        cache.close()
    cache = FactsCache(tmp_path / "cache", warn=said.append)
    try:
        assert cache.sha_for("nothing") is None  # opened, healthy
        path = tmp_path / "cache" / DB
        with open(path, "r+b") as f:  # then damaged under it: every page but the first
            f.seek(4096)
            f.write(b"\xff" * (path.stat().st_size - 4096))
        run = run_batch(drive, pack, CheckOptions(), jobs=0, cache=cache)
    finally:
        cache.close()
    assert run.results == plain and run.stats.results_reused == 0
    assert cache.disabled and said and "损坏" in said[0]
    assert not (tmp_path / "cache" / DB).exists()  # deleted: the next run starts afresh


def _open_and_read(directory: str, start, said) -> None:
    from zccheck.scan.cache import FactsCache

    lines: list[str] = []
    cache = FactsCache(Path(directory), warn=lines.append)
    start.wait()
    cache.sha_for("nothing")
    cache.close()
    said.put(lines)


def test_runs_that_open_a_new_cache_at_the_same_moment_all_use_it(tmp_path):
    """Each run switches a new database to WAL; two switching at once made SQLite answer one of them
    "database is locked" at once (no busy wait helps: each holds what the other needs), and that run
    went without its cache. Six runs released together onto a fresh cache, forty times."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    runs = 6
    for round_ in range(40):
        start, said = context.Barrier(runs), context.Queue()
        processes = [context.Process(target=_open_and_read, args=(str(tmp_path / str(round_)), start, said))
                     for _ in range(runs)]
        for p in processes:
            p.start()
        lines = [said.get(timeout=60) for _ in processes]
        for p in processes:
            p.join(timeout=60)
        assert lines == [[]] * runs, (round_, lines)
