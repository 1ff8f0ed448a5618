"""A persistent cache of what was read from each file, in the user's cache directory (never in the
checked tree), private to the user (0700 directory, 0600 database: it holds personal data).

Three tables: `seen` maps a file's stat signature (path, size, mtime, inode) to its content hash, so an
unchanged drive is re-checked without reading a byte; `facts` maps content hash (+ scanner settings)
to the FileFacts read from it, so a renamed or copied file is not parsed again; `results` holds whole
`batch` results (zccheck.batch).

The cache is shared: several zccheck runs may use it at once, and it lives on disks that fill up and
files that get damaged. It is only ever a shortcut, so every fault ends the same way: the run goes on
reading the files themselves, says so once on stderr (through `warn`), and never takes an answer from
the cache that it cannot vouch for:

- every row carries a digest of its key and value, checked on each read: a damaged row (SQLite has no
  checksums of its own) is a miss, never another file's facts;
- a database SQLite reports damaged ("malformed", "not a database", a truncated file) is deleted and
  started afresh; damage found in the middle of a run ends the cache's use for that run;
- a full disk or a read-only directory: the run reads what it can and stores nothing more;
- writes are buffered and stored in one short transaction (at most COMMIT_EVERY_S apart), so another
  run never waits on a write lock held while this one scans; a run that cannot get the lock within
  BUSY_TIMEOUT_S stops storing instead of stalling.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import platformdirs

from zccheck.models import FileFacts

DB_NAME = "facts.sqlite3"
# The layout of the tables and of their rows (digests): an older database is emptied and relaid.
SCHEMA_VERSION = 2

Warn = Callable[[str], None]


def default_cache_dir() -> Path:
    override = os.environ.get("ZCCHECK_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("zccheck"))


def _digest(*parts: str | bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.digest()


def _seal(key: str, payload: bytes) -> bytes:
    return _digest(key, payload) + payload


def _unseal(key: str, blob: object) -> bytes | None:
    """The payload of a row written by _seal for `key`; None when the row is damaged or another key's."""
    if not isinstance(blob, bytes) or len(blob) < 16:
        return None
    payload = blob[16:]
    return payload if blob[:16] == _digest(key, payload) else None


def _fault(error: BaseException) -> str:
    """What went wrong, in the terms the cache acts on: corrupt | full | busy | readonly | other."""
    name = getattr(error, "sqlite_errorname", "") or ""  # Python 3.11+
    text = str(error).lower()
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return "corrupt"
    if name.startswith("SQLITE_FULL") or "disk is full" in text or getattr(error, "errno", None) == 28:
        return "full"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
        return "busy"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return "readonly"
    return "other"


_MESSAGES = {  # (zh, en): said in the run's language
    "corrupt": ("缓存数据库已损坏，已删除重建；本次结果不受影响",
                "the cache database was damaged: deleted and started afresh; this run's results are not affected"),
    "damaged-row": ("缓存中有损坏的记录，已忽略并重建缓存", "a damaged cache entry was ignored and the cache is rebuilt"),
    "full": ("缓存所在磁盘已满，本次不再写入缓存", "the cache's disk is full: this run stores nothing more in the cache"),
    "busy": ("缓存正被另一个 zccheck 长时间占用，本次不再写入缓存",
             "the cache is held by another zccheck: this run stores nothing more in it"),
    "readonly": ("缓存目录不可写，本次不写入缓存", "the cache directory is read-only: this run stores nothing in it"),
    "other": ("缓存不可用，本次直接读取文件", "the cache cannot be used: this run reads the files themselves"),
}


class FactsCache:
    # Buffered writes are stored at least this often (seconds) and at close: a crash loses at most
    # that much of the cache, never its consistency. One transaction per row was a tenth of a cold
    # batch's main-process time.
    COMMIT_EVERY_S = 0.5
    MAX_PENDING_BYTES = 8 << 20
    # How long to wait for another run's write lock (its transactions are one short flush each).
    BUSY_TIMEOUT_S = 5.0
    # Less free space than this where the cache lives: a failed write is put down to a full disk.
    MIN_FREE_BYTES = 1 << 20

    def __init__(self, directory: Path | None = None, warn: Warn | None = None, lang: str = "zh"):
        self.directory = directory or default_cache_dir()
        self.warn = warn
        self.lang = lang
        self.warnings: list[str] = []  # what was said (once each), for callers and tests
        self._db: sqlite3.Connection | None = None
        self.disabled = False  # no reads, no writes for the rest of this run
        self.read_only = False  # reads still served, nothing more written
        self._pending_seen: dict[str, str] = {}
        self._pending_facts: dict[str, bytes] = {}
        self._pending_results: dict[str, bytes] = {}
        self._pending_bytes = 0
        self._pending_since: float | None = None

    @property
    def path(self) -> Path:
        return self.directory / DB_NAME

    # --- faults ------------------------------------------------------------------------------------

    def _say(self, kind: str, error: BaseException | None = None) -> None:
        message = _MESSAGES[kind][1 if self.lang == "en" else 0]
        if kind in ("other", "readonly") and error is not None:
            message += f" ({getattr(error, 'strerror', None) or error})"
        if message in self.warnings:
            return
        self.warnings.append(message)
        if self.warn is not None:
            self.warn(message)

    def _kind(self, error: BaseException) -> str:
        kind = _fault(error)
        if kind == "other" and self._disk_full():
            return "full"  # SQLite says "disk I/O error" when a full disk leaves no room for its -shm file
        return kind

    def _disk_full(self) -> bool:
        try:
            return shutil.disk_usage(self.directory).free < self.MIN_FREE_BYTES
        except OSError:
            return False

    def _failed(self, error: BaseException, *, writing: bool) -> None:
        """Act on a fault met while reading or writing: see the module docstring."""
        kind = self._kind(error)
        if kind == "corrupt":
            self._say("corrupt")
            self._abandon()
        elif kind in ("full", "readonly") or (kind == "busy" and writing):
            self._say(kind, error)
            self.read_only = True
            self._drop_pending()
        elif kind == "busy":
            pass  # a read that waited too long is a miss; the next one may well succeed
        else:
            self._say("other", error)
            self._close_quietly()
            self.disabled = True

    def _abandon(self) -> None:
        """The database is damaged: stop using it for this run and delete it, so the next run starts
        afresh (another run that still has it open keeps its own handle; it only loses cached work)."""
        self._close_quietly()
        self.disabled = True
        self._drop_pending()
        self._delete_files()

    def _delete_files(self) -> int:
        removed = 0
        if self.directory.is_dir():
            for path in self.directory.glob(DB_NAME + "*"):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed

    def _close_quietly(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _drop_pending(self) -> None:
        self._pending_seen.clear()
        self._pending_facts.clear()
        self._pending_results.clear()
        self._pending_bytes = 0
        self._pending_since = None

    # --- opening -----------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self.disabled:
            return self._db
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.directory, 0o700)
        except OSError as e:  # a read-only or full disk, a directory we may not write to
            self._say("full" if self._kind(e) == "full" else "readonly", e)
            self.disabled = True
            return None
        deadline = time.monotonic() + self.BUSY_TIMEOUT_S
        fresh_start = False
        while True:
            try:
                self._db = self._open(timeout=max(0.0, deadline - time.monotonic()))
                return self._db
            except (OSError, sqlite3.Error) as e:
                self._close_quietly()
                kind = self._kind(e)
                if kind == "corrupt" and not fresh_start:
                    self._say("corrupt")
                    self._delete_files()
                    fresh_start = True
                    continue  # once: a fresh database
                if kind == "busy" and time.monotonic() < deadline:
                    # Two runs opening a new cache at once both switch it to WAL, and SQLite answers
                    # one of them "locked" at once, without waiting (each holds what the other needs):
                    # the other run's switch takes milliseconds, so try again shortly.
                    time.sleep(random.uniform(0.005, 0.05))
                    continue
                self._say(kind if kind in ("full", "readonly") else "other", e)
                self.disabled = True
                return None

    def _open(self, timeout: float) -> sqlite3.Connection:
        path = self.path
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
        db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        self._db = db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            db.execute("BEGIN IMMEDIATE")
            try:
                if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:  # not done by another run
                    for table in ("seen", "facts", "results"):
                        db.execute(f"DROP TABLE IF EXISTS {table}")
                    db.execute("CREATE TABLE seen (signature TEXT PRIMARY KEY, sha256 TEXT NOT NULL, "
                               "digest BLOB NOT NULL)")
                    db.execute("CREATE TABLE facts (key TEXT PRIMARY KEY, blob BLOB NOT NULL)")
                    db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, blob BLOB NOT NULL)")
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.chmod(str(path) + suffix, 0o600)
        return db

    def is_inside(self, tree: Path) -> bool:
        """True when the cache directory lies in the checked tree: it must never be used there."""
        try:
            self.directory.resolve().relative_to(Path(tree).resolve())
            return True
        except (ValueError, OSError):
            return False

    # --- reading -----------------------------------------------------------------------------------

    def _row(self, sql: str, key: str) -> tuple | None:
        db = self._connect()
        if db is None:
            return None
        try:
            return db.execute(sql, (key,)).fetchone()
        except sqlite3.Error as e:
            self._failed(e, writing=False)
            return None

    def _damaged(self) -> None:
        self._say("damaged-row")
        self._abandon()

    def sha_for(self, signature: str) -> str | None:
        pending = self._pending_seen.get(signature)
        if pending is not None:
            return pending
        row = self._row("SELECT sha256, digest FROM seen WHERE signature = ?", signature)
        if row is None:
            return None
        sha, digest = row
        if not isinstance(sha, str) or not isinstance(digest, bytes) or digest != _digest(signature, sha):
            self._damaged()
            return None
        return sha

    def facts_for(self, sha256: str, tag: str) -> FileFacts | None:
        if not sha256:
            return None
        key = f"{sha256}:{tag}"
        blob = self._pending_facts.get(key)
        if blob is None:
            row = self._row("SELECT blob FROM facts WHERE key = ?", key)
            if row is None:
                return None
            blob = _unseal(key, row[0])
            if blob is None:
                self._damaged()
                return None
        try:
            facts = pickle.loads(blob)
        except Exception:  # noqa: BLE001 — sealed here, but by an older zccheck: a miss, not an error
            return None
        return facts if isinstance(facts, FileFacts) and facts.sha256 == sha256 else None

    def result_blob(self, key: str) -> bytes | None:
        """A stored `batch` result, pickled as put_result was given it (the caller unpickles: it keeps
        results pickled anyway)."""
        blob = self._pending_results.get(key)
        if blob is not None:
            return blob
        row = self._row("SELECT blob FROM results WHERE key = ?", key)
        if row is None:
            return None
        blob = _unseal(key, row[0])
        if blob is None:
            self._damaged()
        return blob

    # --- writing -----------------------------------------------------------------------------------

    def _writable(self) -> bool:
        return not self.disabled and not self.read_only and self._connect() is not None

    def _added(self, size: int) -> None:
        if self._pending_since is None:
            self._pending_since = time.monotonic()
        self._pending_bytes += size
        if self._pending_bytes >= self.MAX_PENDING_BYTES or time.monotonic() - self._pending_since >= self.COMMIT_EVERY_S:
            self.flush()

    def put(self, signature: str | None, facts: FileFacts, tag: str) -> None:
        if not facts.sha256 or facts.problem == "timeout" or not self._writable():
            return
        if signature:
            self._pending_seen[signature] = facts.sha256
        key = f"{facts.sha256}:{tag}"
        blob = pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)
        self._pending_facts[key] = blob
        self._added(len(blob) + len(key))

    def put_result(self, key: str, blob: bytes) -> None:
        if not self._writable():
            return
        self._pending_results[key] = blob
        self._added(len(blob) + len(key))

    def flush(self) -> None:
        """Store the buffered rows in one transaction. On a fault they are dropped: see _failed."""
        if not (self._pending_seen or self._pending_facts or self._pending_results):
            return
        db = self._db if not (self.disabled or self.read_only) else None
        if db is None:
            self._drop_pending()
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO seen VALUES (?, ?, ?)",
                               [(sig, sha, _digest(sig, sha)) for sig, sha in self._pending_seen.items()])
                db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?)",
                               [(key, _seal(key, blob)) for key, blob in self._pending_facts.items()])
                db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)",
                               [(key, _seal(key, blob)) for key, blob in self._pending_results.items()])
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            self._failed(e, writing=True)
        self._drop_pending()

    def clear(self) -> int:
        """Delete the cache files; returns how many were removed."""
        self.close()
        return self._delete_files()

    def close(self) -> None:
        if self._db is not None:
            self.flush()
            self._close_quietly()
