"""Shared fixtures: the bundled pack, a private cache per test session, and helpers that check a
folder through the real engine (in-process) or the real command line (subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CONTRACT_SCHEMA = SHARED / "contract" / "report-v1.schema.json"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never touch the user's real cache."""
    os.environ["ZCCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("zccheck-cache"))
    yield


@pytest.fixture(scope="session")
def pack():
    from zccheck.pack.loader import load_pack

    return load_pack()


@pytest.fixture
def ocr_module():
    """zccheck.scan.ocr with its engine installed (the `ocr` extra); the test is skipped without it."""
    pytest.importorskip("rapidocr")
    pytest.importorskip("onnxruntime")
    from zccheck.scan import ocr

    assert ocr.ocr_available()
    return ocr


@pytest.fixture(scope="session")
def contract_schema():
    if not CONTRACT_SCHEMA.is_file():
        pytest.skip(f"contract schema not found at {CONTRACT_SCHEMA}")
    return json.loads(CONTRACT_SCHEMA.read_text(encoding="utf-8"))


def check_doc(path: Path, lang: str = "zh", show_pii: bool = False, **options) -> dict:
    """Check one applicant in-process (no worker processes, no cache) and return the JSON document."""
    from zccheck.engine import check_applicant
    from zccheck.models import CheckOptions
    from zccheck.pack.loader import load_pack
    from zccheck.report.document import build_document

    pack = load_pack(options.pop("rules", None))
    result = check_applicant(path, pack, CheckOptions(lang=lang, show_pii=show_pii, **options), jobs=0)
    return build_document([result], pack, lang, show_pii)


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "zccheck", *args], capture_output=True, text=True, cwd=cwd,
                          env=full_env, timeout=timeout)


def findings(doc: dict, code: str | None = None, category: str | None = None, item: str | None = None) -> list[dict]:
    out = []
    for a in doc["applicants"]:
        for f in a["findings"]:
            if (code is None or f["code"] == code) and (category is None or f["category"] == category) \
                    and (item is None or f["item"] == item):
                out.append(f)
    return out


def item_status(doc: dict, item_id: str) -> str:
    return next(it["status"] for it in doc["applicants"][0]["items"] if it["id"] == item_id)


def check_twice_from_cache(folder: Path, cache_dir: Path, monkeypatch, options=None):
    """Check `folder` with a facts cache in `cache_dir`, then again with scanning forbidden (a file scanned
    again fails the test): both results, for a test that a warm re-run reuses every file's facts."""
    import pytest
    from zccheck.engine import check_applicant
    from zccheck.models import CheckOptions
    from zccheck.pack.loader import load_pack
    from zccheck.scan import runner
    from zccheck.scan.cache import FactsCache

    pack, options = load_pack(None), options or CheckOptions(ocr=True)
    cache = FactsCache(cache_dir)
    first = check_applicant(folder, pack, options, jobs=0, cache=cache)
    cache.close()
    monkeypatch.setattr(runner, "scan_task", lambda *a, **k: pytest.fail("a file was scanned again"))
    cache = FactsCache(cache_dir)
    try:
        return first, check_applicant(folder, pack, options, jobs=0, cache=cache)
    finally:
        cache.close()
