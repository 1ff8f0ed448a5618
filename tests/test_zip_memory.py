"""A .zip is listed by the main process and read by the workers: checking a 300 MB archive of scans costs
the main process no more memory than the same files as a folder, and gives the same result.

The main process's peak is its own high-water mark (VmHWM, or ru_maxrss of itself), which leaves out
the workers: they read the members, under their own memory limit."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

MiB = 1024**2
FILES = 25  # of 12 MiB each: 300 MiB, every file under the pack's 20 MB limit, so every one is read
FILE_BYTES = 12 * MiB
PARENT_LIMIT = 150 * MiB  # the 300 MiB of members must never pass through the main process

# Runs `zccheck check` in this process and writes its own peak resident set (not its workers') to a file.
_MEASURED_CHECK = """
import os, resource, sys
from zccheck.cli import main
out = sys.argv.pop(1)
code = 0
try:
    main()
except SystemExit as e:
    code = e.code or 0
peak = None
try:
    with open("/proc/self/status") as f:
        peak = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
with open(out, "w") as f:
    f.write(str(peak))
sys.exit(code)
"""


def _scan_like(rng: random.Random, size: int) -> bytes:
    """A real (small) JPEG of grey noise followed by random bytes up to `size`: a scan that every reader
    opens the same way, and that no compressor can shrink."""
    from PIL import Image

    noise = Image.frombytes("L", (400, 560), rng.randbytes(400 * 560))
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=85)
    return out.getvalue() + rng.randbytes(size - out.tell())


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("zip-memory")
    if shutil.disk_usage(base).free < 2 * FILES * FILE_BYTES + 200 * MiB:
        pytest.skip("not enough disk space for a 300 MB archive and its folder")
    folder = base / "张三"
    rng = random.Random(13)
    for i in range(FILES):
        slot = folder / f"{i % 5 + 1:02d}-扫描件"
        slot.mkdir(parents=True, exist_ok=True)
        (slot / f"扫描{i:02d}.jpg").write_bytes(_scan_like(rng, FILE_BYTES))
    archive = base / "张三.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i, path in enumerate(sorted(folder.rglob("*.jpg"))):
            # Stored and deflated members alike (deflating incompressible data changes nothing but time).
            method = zipfile.ZIP_DEFLATED if i % 5 == 0 else zipfile.ZIP_STORED
            zf.write(path, path.relative_to(base).as_posix(), compress_type=method, compresslevel=1)
    assert archive.stat().st_size > FILES * FILE_BYTES
    return folder, archive


def _measured_check(target: Path, tmp_path: Path) -> tuple[dict, int]:
    peak_file = tmp_path / f"peak-{target.name}"
    env = dict(os.environ, ZCCHECK_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("GITHUB_ACTIONS", None)
    run = subprocess.run([sys.executable, "-c", _MEASURED_CHECK, str(peak_file), "check", str(target),
                          "--format", "json", "--jobs", "2", "--isolated", "--fail-on", "never"],
                         capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["applicants"][0], int(peak_file.read_text())


def test_a_300_mb_zip_is_read_by_the_workers_not_the_main_process(scans, tmp_path) -> None:
    folder, archive = scans
    from_folder, folder_peak = _measured_check(folder, tmp_path)
    from_zip, zip_peak = _measured_check(archive, tmp_path)
    print(f"main process peak: folder {folder_peak / MiB:.0f} MiB, zip {zip_peak / MiB:.0f} MiB")
    assert zip_peak < PARENT_LIMIT, f"{zip_peak / MiB:.0f} MiB"
    assert zip_peak < folder_peak + 30 * MiB  # listing an archive costs about what walking a folder does
    # The same files, the same verdicts: every scan was read (none refused as too large or unreadable
    # for want of memory), whether it came from the folder or the archive.
    assert {k: v for k, v in from_zip.items() if k != "path"} == {k: v for k, v in from_folder.items() if k != "path"}
    assert len(from_zip["files"]) == FILES
    assert not [f for f in from_zip["findings"] if f["code"] in ("ZC305", "ZC307", "ZC309", "ZC310")]


# --- the main process lists; the workers read ---------------------------------------------------------

def _zip_of(folder: Path, target: Path, method: int = zipfile.ZIP_DEFLATED, wrapper: bool = False) -> Path:
    """`folder`'s files in a zip, without the folder's own name unless `wrapper`."""
    top = folder.parent if wrapper else folder
    with zipfile.ZipFile(target, "w", method) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, path.relative_to(top).as_posix())
    return target


def _zip_in_zip(inner: Path, target: Path, method: int) -> Path:
    with zipfile.ZipFile(target, "w", method) as zf:
        zf.write(inner, inner.name)
    return target


@pytest.fixture(scope="module")
def applicant(tmp_path_factory) -> Path:
    from factories import build_applicant

    return build_applicant(tmp_path_factory.mktemp("applicant") / "张三")


def _result(path: Path, jobs: int, **options) -> dict:
    from zccheck.engine import check_applicant
    from zccheck.models import CheckOptions
    from zccheck.pack.loader import load_pack
    from zccheck.report.document import build_document

    pack = load_pack()
    result = check_applicant(path, pack, CheckOptions(use_cache=False), jobs=jobs, **options)
    (doc,) = build_document([result], pack, "zh", False)["applicants"]
    return {k: v for k, v in doc.items() if k != "path"}


class _Reads:
    """What this process reads of archives: ZipReader.read and open_nested calls, by member path (a
    forked process appends to its own copy, so only this process's reads are seen)."""

    def __init__(self, monkeypatch) -> None:
        from zccheck.scan import archive

        self.read: list[str] = []
        self.nested: list[str] = []
        read, open_nested = archive.ZipReader.read, archive.ZipReader.open_nested

        def spy_read(reader, member, max_bytes=None):
            self.read.append(member.path)
            return read(reader, member, max_bytes)

        def spy_nested(reader, member):
            self.nested.append(member.path)
            return open_nested(reader, member)

        monkeypatch.setattr(archive.ZipReader, "read", spy_read)
        monkeypatch.setattr(archive.ZipReader, "open_nested", spy_nested)


def test_listing_a_zip_reads_its_profile_and_nothing_else(applicant, tmp_path, monkeypatch) -> None:
    from zccheck.engine import list_applicant
    from zccheck.pack.loader import load_pack

    inner = _zip_of(applicant / "09-业绩印证材料", tmp_path / "业绩.zip")
    archive = _zip_of(applicant, tmp_path / "张三.zip")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.write(inner, "09-业绩印证材料/业绩.zip")
    reads = _Reads(monkeypatch)
    inp = list_applicant(archive, "张三", load_pack())
    assert reads.read == ["申报信息.yaml"] and reads.nested == []  # the zip inside was listed elsewhere
    assert inp.profile[0] is not None and inp.profile[1] == "申报信息.yaml"
    assert all(t.member is not None and t.location is None for t in inp.tasks)
    nested = [t.path for t in inp.tasks if t.path.startswith("09-业绩印证材料/业绩.zip/")]
    assert nested and all(len(t.member.chain) == 2 for t in inp.tasks if t.path in nested)


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED], ids=["stored", "deflated"])
def test_a_zip_inside_the_zip_is_read_by_the_workers_with_the_same_result(applicant, tmp_path, method) -> None:
    """张三.zip holding only 材料.zip, which holds the applicant's files: the wrapper is stripped and the
    profile read from inside, and the result is the plain zip's."""
    plain = _zip_of(applicant, tmp_path / "材料.zip")
    doll = _zip_in_zip(plain, tmp_path / "张三.zip", method)
    expected = _result(plain, jobs=2)
    assert expected["name"] == "张三" and expected["status"] == "pass"
    assert _result(doll, jobs=2) == expected
    assert _result(doll, jobs=0) == expected


def _corrupt_member(blob: bytes, name: str, data: bytes) -> bytes:
    """`blob` with one byte of the stored member `name` (whose data is `data`) changed: a CRC error."""
    at = blob.index(data) + len(data) // 2
    assert blob.count(data) == 1 and name.encode() in blob
    return blob[:at] + bytes([blob[at] ^ 0xFF]) + blob[at + 1:]


@pytest.mark.parametrize("jobs", [0, 2])
def test_a_member_refused_while_read_is_the_archives_finding(applicant, tmp_path, jobs) -> None:
    archive = _zip_of(applicant, tmp_path / "张三.zip", zipfile.ZIP_STORED)
    (pdf,) = (applicant / "01-承诺书").iterdir()
    archive.write_bytes(_corrupt_member(archive.read_bytes(), f"01-承诺书/{pdf.name}", pdf.read_bytes()))
    doc = _result(archive, jobs=jobs)
    refused = [f for f in doc["findings"] if f["file"] == f"01-承诺书/{pdf.name}"]
    assert [(f["code"], f["data"]) for f in refused] == [("ZC309", {"problem": "corrupt"})]
    assert f"01-承诺书/{pdf.name}" in doc["files"]  # counted once, as a file of the applicant
    assert next(it for it in doc["items"] if it["id"] == "commitment")["files"] == []


def test_a_warm_re_run_of_a_zip_reads_no_member(applicant, tmp_path, monkeypatch) -> None:
    from zccheck.scan import runner
    from zccheck.scan.cache import FactsCache

    archive = _zip_of(applicant, tmp_path / "张三.zip")
    cache = FactsCache(tmp_path / "cache")
    first = _result(archive, jobs=2, cache=cache)
    cache.close()
    reads = _Reads(monkeypatch)
    monkeypatch.setattr(runner, "scan_task", lambda *a, **k: pytest.fail("a member was scanned again"))
    cache = FactsCache(tmp_path / "cache")
    assert _result(archive, jobs=0, cache=cache) == first
    cache.close()
    assert reads.read == ["申报信息.yaml"]


def test_the_listing_s_own_process_is_held_to_the_time_and_memory_limits() -> None:
    from zccheck.scan.runner import run_limited

    assert run_limited(sum, ((1, 2, 3),), 10) == 6
    with pytest.raises(TimeoutError):
        run_limited(_sleep, (30,), 0.5)
    with pytest.raises(ChildProcessError):
        run_limited(os._exit, (3,), 10)
    with pytest.raises(MemoryError):
        run_limited(bytearray, (4 * 1024**3,), 10)  # over the workers' 3 GiB
    with pytest.raises(ValueError, match="boom"):
        run_limited(_raise, ("boom",), 10)


def _sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)


def _raise(message: str) -> None:
    raise ValueError(message)


def test_a_zip_inside_the_zip_that_cannot_be_listed_in_time_is_refused(applicant, tmp_path, monkeypatch) -> None:
    from zccheck.engine import list_applicant
    from zccheck.pack.loader import load_pack
    from zccheck.scan import archive as archive_module

    archive = _zip_of(applicant, tmp_path / "张三.zip")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.write(_zip_of(applicant / "09-业绩印证材料", tmp_path / "业绩.zip"), "业绩.zip")
    # A listing that takes longer than the limit (the forked child runs the patched function). A limit of 0
    # with the real listing was a race: a small zip was sometimes listed before the parent first looked.
    real_listing = archive_module.nested_listing
    monkeypatch.setattr(archive_module, "nested_listing", lambda ref: _sleep(30) or real_listing(ref))
    inp = list_applicant(archive, "张三", load_pack(), time_limit=0.5)
    (refused,) = [f for f in inp.findings if f.file == "业绩.zip"]
    assert refused.code == "ZC309"
    assert not [t for t in inp.tasks if t.path.startswith("业绩.zip/")] and "业绩.zip" in inp.problem_files
    assert inp.profile[0] is not None  # the rest of the archive is listed as ever
