"""A persistent cache of what was read from each file, in the user's cache directory (never in the
checked tree), private to the user (0700 directory, 0600 database: it holds personal data).

Two tables: `seen` maps a file's stat signature (path, size, mtime, inode) to its content hash, so an
unchanged drive is re-checked without reading a byte; `facts` maps content hash (+ scanner settings)
to the FileFacts read from it, so a renamed or copied file is not parsed again.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
import time
from pathlib import Path

import platformdirs

from zccheck.models import FileFacts


def default_cache_dir() -> Path:
    override = os.environ.get("ZCCHECK_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("zccheck"))


class FactsCache:
    def __init__(self, directory: Path | None = None):
        self.directory = directory or default_cache_dir()
        self._db: sqlite3.Connection | None = None
        self.disabled = False
        self._open_since: float | None = None  # when the current write transaction began

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self.disabled:
            return self._db
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.directory, 0o700)
            path = self.directory / "facts.sqlite3"
            fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
            os.close(fd)
            os.chmod(path, 0o600)
            db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS seen (signature TEXT PRIMARY KEY, sha256 TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, blob BLOB NOT NULL)")
            # Whole results of `batch` applicants, keyed by everything evaluate() reads (zccheck.batch).
            db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, blob BLOB NOT NULL)")
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.chmod(str(path) + suffix, 0o600)
            self._db = db
        except (OSError, sqlite3.Error):
            self.disabled = True  # a read-only home or a full disk must not stop a check
        return self._db

    def is_inside(self, tree: Path) -> bool:
        """True when the cache directory lies in the checked tree: it must never be used there."""
        try:
            self.directory.resolve().relative_to(Path(tree).resolve())
            return True
        except (ValueError, OSError):
            return False

    def sha_for(self, signature: str) -> str | None:
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT sha256 FROM seen WHERE signature = ?", (signature,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def facts_for(self, sha256: str, tag: str) -> FileFacts | None:
        db = self._connect()
        if db is None or not sha256:
            return None
        try:
            row = db.execute("SELECT blob FROM facts WHERE key = ?", (f"{sha256}:{tag}",)).fetchone()
            return pickle.loads(row[0]) if row else None
        except Exception:  # an old or damaged entry is a miss, not an error
            return None

    def put(self, signature: str | None, facts: FileFacts, tag: str) -> None:
        db = self._connect()
        if db is None or not facts.sha256 or facts.problem == "timeout":
            return
        try:
            self._begin(db)
            if signature:
                db.execute("INSERT OR REPLACE INTO seen VALUES (?, ?)", (signature, facts.sha256))
            db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)",
                       (f"{facts.sha256}:{tag}", pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)))
            self._commit_if_due(db)
        except sqlite3.Error:
            pass

    # Writes are grouped into transactions of at most COMMIT_EVERY_S seconds: one transaction per row
    # was a tenth of a cold batch's main-process time. Another zccheck writing to the same cache waits
    # at most that long; a crash loses at most that much of the cache (never its consistency).
    COMMIT_EVERY_S = 0.5

    def _begin(self, db: sqlite3.Connection) -> None:
        if self._open_since is None:
            db.execute("BEGIN")
            self._open_since = time.monotonic()

    def _commit_if_due(self, db: sqlite3.Connection, now: bool = False) -> None:
        if self._open_since is not None and (now or time.monotonic() - self._open_since >= self.COMMIT_EVERY_S):
            self._open_since = None
            try:
                db.execute("COMMIT")
            except sqlite3.Error:  # busy past the timeout, or a full disk: drop this group, keep going
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")

    def flush(self) -> None:
        if self._db is not None:
            self._commit_if_due(self._db, now=True)

    def result_blob(self, key: str) -> bytes | None:
        """A stored `batch` result, pickled as put_result was given it (the caller unpickles: it keeps
        results pickled anyway)."""
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT blob FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return bytes(row[0]) if row else None

    def put_result(self, key: str, blob: bytes) -> None:
        db = self._connect()
        if db is None:
            return
        try:
            self._begin(db)
            db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, blob))
            self._commit_if_due(db)
        except sqlite3.Error:
            pass

    def clear(self) -> int:
        """Delete the cache files; returns how many were removed."""
        self.close()
        removed = 0
        if self.directory.is_dir():
            for path in self.directory.glob("facts.sqlite3*"):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed

    def close(self) -> None:
        if self._db is not None:
            self.flush()
            self._db.close()
            self._db = None
