"""Personal data stays with the people entitled to it: ID numbers masked in every output format and
every log line unless --show-pii; the cache private to the user (0700/0600, whatever the umask) and
clearable; nothing ever sent over the network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from factories import build_applicant, make_pdf, make_scan
from hostile import assert_no_traceback, batch_available, run_measured

OWN_ID = "650102198506151232"  # the profile's (factories.PROFILE)
OTHER_ID = "110105199003070011"  # another person's, inside a document
BAD_ID = "650102198506151239"  # a wrong check digit: reported as invalid-id
OLD_ID = "650102850615123"  # a 15-digit ID issued before 1999
RAW_IDS = (OWN_ID, OTHER_ID, BAD_ID, OLD_ID)
# An ID may be split by the renderer (JSON escapes, XML entities) but never its digits: look for runs.
_LEAK = re.compile("|".join(re.escape(i) for i in RAW_IDS))


def _leaks(text: str) -> list[str]:
    return sorted(set(_LEAK.findall(text)))


@pytest.fixture(scope="module")
def drive(tmp_path_factory) -> Path:
    """A drive whose applicant folder, file names, profile, PDF text and scans all hold ID numbers."""
    root = tmp_path_factory.mktemp("privacy") / "drive"
    applicant = root / f"张三-{OWN_ID}"
    build_applicant(applicant)
    make_pdf(applicant / f"身份证号{OWN_ID}-说明.pdf", f"说明\n本人身份证号 {OWN_ID}，另一人 {OTHER_ID}\n旧号 {OLD_ID}")
    make_pdf(applicant / f"错号{BAD_ID}.pdf", f"姓名：张三\n公民身份号码：{BAD_ID}")
    make_scan(applicant / f"{OTHER_ID}.jpg", f"公民身份号码 {OTHER_ID}")
    (applicant / f"{OWN_ID}.docx").write_bytes(b"PK\x05\x06" + bytes(18))
    # A second applicant whose profile itself holds the wrong ID.
    second = root / f"李四{OTHER_ID}"
    build_applicant(second, {"姓名": "李四", "身份证号": BAD_ID})
    # HR's list named after a person, at the drive's root: not checked, reported (report and stderr).
    (root / f"名单-{OWN_ID}.xlsx").write_bytes(b"PK\x05\x06" + bytes(18))
    return root


def _formats() -> list[str]:
    from zccheck.report.formats import FORMATS

    return sorted(FORMATS)


def _text_of(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"PK":  # xlsx: the strings live in XML members
        with zipfile.ZipFile(path) as zf:
            return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    return data.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def outputs(drive, tmp_path_factory) -> dict[tuple[str, str, bool], tuple[str, str]]:
    """(command, format, show_pii) → (report text, stderr) for every format both commands offer."""
    out_dir = tmp_path_factory.mktemp("out")
    # FORCE_COLOR makes the batch progress bar draw even though stderr is not a terminal here.
    env = {"ZCCHECK_CACHE_DIR": str(out_dir / "cache"), "FORCE_COLOR": "1"}
    applicant = next(p for p in drive.iterdir() if p.name.startswith("张三"))
    results = {}
    commands = [("check", str(applicant))] + ([("batch", str(drive))] if batch_available() else [])
    for command, target in commands:
        for show_pii in (False, True):
            for fmt in _formats() if not show_pii else ["json"]:
                report = out_dir / f"{command}-{fmt}-{show_pii}.out"
                extra = ["--progress", "always"] if command == "batch" else []
                run = run_measured([command, target, "--format", fmt, "-o", str(report), "--jobs", "2",
                                    *(["--show-pii"] if show_pii else []), *extra], cwd=out_dir, env=env, timeout=300)
                if run.returncode == 2 and "format" in run.stderr.lower() and not report.exists():
                    continue  # a format this command does not offer
                assert run.returncode == 1, (command, fmt, run.stderr[-2000:])  # wrong IDs, a .docx: errors
                assert_no_traceback(run.stderr)
                results[(command, fmt, show_pii)] = (_text_of(report) + run.stdout, run.stderr)
    return results


def test_every_format_masks_id_numbers(outputs):
    masked = {k: v for k, v in outputs.items() if not k[2]}
    assert {fmt for (_, fmt, _) in masked} >= {"table", "json"}
    leaks = {k: _leaks(text) for k, (text, _) in masked.items() if _leaks(text)}
    assert not leaks, leaks


def test_every_log_line_masks_id_numbers(outputs):
    leaks = {k: _leaks(err) for k, (_, err) in outputs.items() if not k[2] and _leaks(err)}
    assert not leaks, leaks


def test_show_pii_shows_them(outputs):
    """The masking tests above would see a leak: with --show-pii the numbers are there."""
    for command in ("check", "batch"):
        if (command, "json", True) in outputs:
            text, _ = outputs[(command, "json", True)]
            assert OWN_ID in text and BAD_ID in text


def test_show_pii_shows_them_on_stderr_too(outputs):
    """batch's notes name what it did not check (名单-<ID>.xlsx) and the applicant it is reading: masked
    by default, as written with --show-pii — like the report itself."""
    if ("batch", "json", True) not in outputs:
        pytest.skip("zccheck batch is not available")
    _, shown = outputs[("batch", "json", True)]
    _, masked = outputs[("batch", "json", False)]
    assert f"未检查 名单-{OWN_ID}.xlsx" in shown
    assert f"未检查 名单-{OWN_ID[:6]}********{OWN_ID[-4:]}.xlsx" in masked
    assert OWN_ID not in masked


def test_skipped_entries_are_masked_in_the_report_unless_asked(outputs):
    if ("batch", "json", False) not in outputs:
        pytest.skip("zccheck batch is not available")
    masked, shown = (json.loads(outputs[("batch", "json", pii)][0]) for pii in (False, True))
    assert [s["path"] for s in masked["skipped"]] == [f"名单-{OWN_ID[:6]}********{OWN_ID[-4:]}.xlsx"]
    assert [s["path"] for s in shown["skipped"]] == [f"名单-{OWN_ID}.xlsx"]


def test_masked_report_keeps_the_county_and_last_digits(outputs):
    text, _ = outputs[("check", "json", False)]
    assert OWN_ID[:6] + "********" + OWN_ID[-4:] in text


def test_internal_error_message_is_masked(tmp_path):
    """Even a crash's one-line note (which quotes the exception) hides ID numbers."""
    code = ("import sys, zccheck.cli as cli\n"
            f"def boom(*a, **k): raise RuntimeError('failed on /data/张三-{OWN_ID}/x.pdf')\n"
            "cli.app = boom\n"
            "cli.main()\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={k: v for k, v in os.environ.items() if k != "ZCCHECK_DEBUG"})
    assert run.returncode == 2
    assert "RuntimeError" in run.stderr and OWN_ID not in run.stderr


# --- the cache: private, and gone when cleared --------------------------------------------------------

def test_cache_is_private_and_clearable(small_drive, tmp_path):
    cache = tmp_path / "cache"
    env = {"ZCCHECK_CACHE_DIR": str(cache)}
    applicant = small_drive / "张三"
    run = subprocess.run([sys.executable, "-m", "zccheck", "check", str(applicant), "--format", "json", "--ocr",
                          "--jobs", "2"], capture_output=True, text=True, env=dict(os.environ, **env), timeout=600,
                         preexec_fn=lambda: os.umask(0))  # even a careless umask gives no one else access
    assert run.returncode == 1, run.stderr[-2000:]  # the small drive's applicant misses materials
    if batch_available():  # batch also keeps per-applicant results: same rules
        run = subprocess.run([sys.executable, "-m", "zccheck", "batch", str(small_drive), "--format", "json",
                              "--jobs", "2", "--progress", "never"], capture_output=True, text=True,
                             env=dict(os.environ, **env), timeout=600, preexec_fn=lambda: os.umask(0))
        assert run.returncode == 1, run.stderr[-2000:]
    entries = list(cache.rglob("*"))
    files = [p for p in entries if p.is_file()]
    assert files, "the check wrote no cache"
    for p in [cache, *entries]:
        mode = stat.S_IMODE(p.lstat().st_mode)
        assert mode & 0o077 == 0, f"{p} is {oct(mode)}"
    clear = subprocess.run([sys.executable, "-m", "zccheck", "cache", "clear"], capture_output=True, text=True,
                           env=dict(os.environ, **env), timeout=60)
    assert clear.returncode == 0, clear.stderr
    assert not [p for p in cache.rglob("*") if p.is_file()], "cache clear left files behind"


# --- the network: never -------------------------------------------------------------------------------

_GUARD = r'''
import os, socket, sys
LOG = os.environ["ZC_NET_LOG"]

def _deny(what, detail):
    with open(LOG, "a") as f:
        f.write(f"{os.getpid()} {what} {detail!r}\n")
    raise OSError(101, "network disabled by the test")

_LOCAL = (getattr(socket, "AF_UNIX", None),)
_connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto

def connect(self, address):
    if self.family not in _LOCAL:
        _deny("connect", address)
    return _connect(self, address)

def connect_ex(self, address):
    if self.family not in _LOCAL:
        _deny("connect_ex", address)
    return _connect_ex(self, address)

def sendto(self, *args):
    if self.family not in _LOCAL:
        _deny("sendto", args[-1])
    return _sendto(self, *args)

socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
socket.getaddrinfo = lambda *a, **k: _deny("getaddrinfo", a[:2])
socket.gethostbyname = lambda *a, **k: _deny("gethostbyname", a)
socket.create_connection = lambda *a, **k: _deny("create_connection", a[:1])
sys.argv = ["zccheck", *sys.argv[1:]]
from zccheck.cli import main
main()
'''


@pytest.fixture(scope="module")
def small_drive(tmp_path_factory) -> Path:
    """Two scans and a few PDFs: enough to run OCR and every stage, quickly."""
    root = tmp_path_factory.mktemp("small") / "drive"
    build_applicant(root / "张三", skip=("commitment", "photo", "education", "annual-assessment", "training-public",
                                        "achievements", "work-summary"))
    return root


def _main_paths(drive: Path, out: Path) -> list[tuple[list[str], int]]:
    """(arguments, exit code): the small drive's applicant misses materials (1) but may apply (0)."""
    applicant = drive / "张三"
    paths = [(["check", str(applicant), "--format", "json", "--ocr", "--jobs", "2"], 1),
             (["check", str(applicant), "--format", "sarif", "-o", str(out / "r.sarif")], 1),
             (["eligibility", str(applicant)], 0),
             (["rules", "list"], 0), (["explain", "ZC101"], 0), (["init", str(out / "new")], 0), (["cache", "clear"], 0)]
    if batch_available():
        paths.append((["batch", str(drive), "--format", "json", "--ocr", "--jobs", "2", "--progress", "never",
                       "--xlsx", str(out / "r.xlsx"), "--html", str(out / "r.html"), "--csv", str(out / "r.csv")], 1))
    return paths


def test_no_network_attempt_on_any_main_path(small_drive, tmp_path):
    """Every socket a zccheck process (or its workers) opens to anything but a local pipe is refused and
    logged; the log must stay empty. (multiprocessing's local socketpairs are allowed.)"""
    log = tmp_path / "net.log"
    env = dict(os.environ, ZC_NET_LOG=str(log), ZCCHECK_CACHE_DIR=str(tmp_path / "cache"))
    for args, code in _main_paths(small_drive, tmp_path):
        run = subprocess.run([sys.executable, "-c", _GUARD, *args], capture_output=True, text=True, env=env,
                             timeout=600)
        assert run.returncode == code, (args, run.stderr[-2000:])
        assert_no_traceback(run.stderr)
    assert not log.exists(), log.read_text()


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(not _unshare_works(), reason="unshare -n is not permitted here (needs CAP_SYS_ADMIN)")
def test_same_results_without_a_network(small_drive, tmp_path):
    """In a network namespace with no interfaces at all, the main paths give the same reports."""
    drive = small_drive
    env = dict(os.environ, ZCCHECK_CACHE_DIR=str(tmp_path / "cache"))
    applicant = drive / "张三"
    args = ["check", str(applicant), "--format", "json", "--ocr", "--jobs", "2", "--no-cache"]
    online = subprocess.run([sys.executable, "-m", "zccheck", *args], capture_output=True, text=True, env=env,
                            timeout=600)
    offline = subprocess.run(["unshare", "-n", sys.executable, "-m", "zccheck", *args], capture_output=True,
                             text=True, env=env, timeout=600)
    assert offline.returncode == online.returncode, offline.stderr[-2000:]
    assert_no_traceback(offline.stderr)
    assert json.loads(offline.stdout) == json.loads(online.stdout)
    if batch_available():
        args = ["batch", str(drive), "--format", "json", "--jobs", "2", "--no-cache", "--progress", "never"]
        offline = subprocess.run(["unshare", "-n", sys.executable, "-m", "zccheck", *args], capture_output=True,
                                 text=True, env=env, timeout=600)
        assert offline.returncode == 1, offline.stderr[-2000:]
        assert_no_traceback(offline.stderr)


def test_no_cache_stores_nothing(small_drive, tmp_path):
    """--no-cache: neither the facts cache nor the OCR cache writes a byte."""
    cache = tmp_path / "cache"
    run = subprocess.run([sys.executable, "-m", "zccheck", "check", str(small_drive / "张三"), "--format", "json",
                          "--ocr", "--no-cache", "--jobs", "2"], capture_output=True, text=True, timeout=600,
                         env=dict(os.environ, ZCCHECK_CACHE_DIR=str(cache)))
    assert run.returncode == 1, run.stderr[-2000:]
    assert not [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else True
