"""Hostile inputs for the robustness tests, made at run time: hand-built PDFs that attack a parser
(decompression bombs, loops, deep nesting), oversized images, alias-bomb YAML; and the accounting
that every robustness test asserts: each file in the report exactly once, with an outcome."""

from __future__ import annotations

import io
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WILD_CORPUS = REPO.parent / "shared" / "corpus" / "wild"

# A file's verdict in the report: the item it was classified as, or one of these file-level findings.
VERDICT_CODES = {
    "ZC105": "unclassified", "ZC107": "ignored", "ZC301": "unreadable", "ZC302": "encrypted",
    "ZC303": "empty-file", "ZC304": "unsupported-format", "ZC305": "too-large", "ZC307": "unreadable",
    "ZC308": "unreadable", "ZC309": "unreadable",
}
PROFILE_NAMES = {"申报信息.yaml", "申报信息.yml", "profile.yaml", "profile.yml"}


# --- accounting -----------------------------------------------------------------------------------

def file_outcomes(applicant: dict) -> dict[str, list[str]]:
    """Every file of one applicant in the JSON report → the outcomes the report gives it."""
    outcomes: dict[str, list[str]] = {f: [] for f in applicant["files"]}
    for path in applicant["files"]:
        if path in PROFILE_NAMES:
            outcomes[path].append("profile")
    for item in applicant["items"]:
        for path in item["files"]:
            outcomes.setdefault(path, []).append("classified:" + item["id"])
    for f in applicant["findings"]:
        if f["code"] in VERDICT_CODES and f["file"] in outcomes:
            outcomes[f["file"]].append(VERDICT_CODES[f["code"]])
    return outcomes


def assert_accounted(applicant: dict, on_disk: set[str] | None = None) -> dict[str, list[str]]:
    """Each file listed once; each with exactly one verdict (an item, or one file-level finding);
    and, when given, exactly the files that are on disk."""
    files = applicant["files"]
    assert len(files) == len(set(files)), "a file is listed twice"
    if on_disk is not None:
        assert set(files) == on_disk, (sorted(on_disk - set(files))[:10], sorted(set(files) - on_disk)[:10])
    outcomes = file_outcomes(applicant)
    missing = [p for p, o in outcomes.items() if not o]
    assert not missing, f"files without an outcome: {missing[:10]}"
    twice = {p: o for p, o in outcomes.items() if len([x for x in o if not x.startswith("classified:")]) > 1
             or len([x for x in o if x.startswith("classified:")]) > 1}
    assert not twice, f"files with two verdicts: {dict(list(twice.items())[:10])}"
    return outcomes


def files_on_disk(root: Path) -> set[str]:
    """Relative paths of every non-folder entry below root (links included, not followed)."""
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            out.add(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/"))
    return out


# --- running the CLI with its peak memory measured ------------------------------------------------

@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float  # the largest resident set of the CLI process and all its workers


def run_measured(args: list[str], cwd: Path, env: dict | None = None, timeout: float = 600) -> Run:
    """Run `python -m zccheck ARGS` and measure, with wait4, the peak memory of it and its workers (the
    kernel folds every waited-for descendant's peak into the child's)."""
    captures = Path(tempfile.mkdtemp(prefix="zccheck-run-"))  # never in cwd: cwd may be the tree under test
    out, err = captures / "stdout", captures / "stderr"
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("GITHUB_ACTIONS", None)
    with open(out, "wb") as o, open(err, "wb") as e:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "zccheck", *args], stdout=o, stderr=e, cwd=cwd, env=full_env)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise TimeoutError(f"zccheck {' '.join(args)} took more than {timeout} s")
            time.sleep(0.05)
        seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    run = Run(proc.returncode, out.read_text(encoding="utf-8", errors="replace"),
              err.read_text(encoding="utf-8", errors="replace"), seconds, usage.ru_maxrss / 1024)
    shutil.rmtree(captures, ignore_errors=True)
    return run


def batch_available() -> bool:
    """`zccheck batch` is written alongside these tests; the batch runs are skipped until it exists."""
    probe = subprocess.run([sys.executable, "-m", "zccheck", "batch", "--help"], capture_output=True, timeout=60)
    return probe.returncode == 0


def assert_no_traceback(stderr: str) -> None:
    for marker in ("Traceback", "Exception ignored", "internal error", "内部错误", "Warning:", "Error:"):
        assert marker not in stderr, f"{marker!r} on stderr:\n{stderr[-3000:]}"


# --- hand-built PDFs --------------------------------------------------------------------------------

def pdf_with_objects(objects: list[bytes]) -> bytes:
    """A PDF whose object N is objects[N-1] (object 1 the catalog), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def deflated_zeros(n_bytes: int) -> bytes:
    compressor = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [compressor.compress(chunk) for _ in range(n_bytes >> 20)]
    parts.append(compressor.flush())
    return b"".join(parts)


_CATALOG = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def pdf_flate_bomb(megabytes: int = 512) -> bytes:
    """A page whose content stream is ~0.5 MB on disk and `megabytes` MB when inflated."""
    return pdf_with_objects([*_CATALOG,
                             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                             pdf_stream(b"/Filter /FlateDecode", deflated_zeros(megabytes << 20))])


def pdf_image_bomb(side: int = 60_000) -> bytes:
    """An image XObject declaring side×side RGB pixels (10 GB for 60,000) from a few kilobytes."""
    return pdf_with_objects([
        *_CATALOG,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        pdf_stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                   b"/BitsPerComponent 8 /Filter /FlateDecode" % (side, side), deflated_zeros(4 << 20)),
        pdf_stream(b"", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
    ])


def pdf_page_tree_loop() -> bytes:
    return pdf_with_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                             b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                             b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>"])


def pdf_xobject_loop() -> bytes:
    """A form XObject that draws itself (an endless recursion for a naive text extractor)."""
    return pdf_with_objects([
        *_CATALOG,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 4 0 R >> >> /Contents 5 0 R >>",
        pdf_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 4 0 R >> >>",
                   b"/X Do /X Do"),
        pdf_stream(b"", b"/X Do"),
    ])


def pdf_deep_nesting(depth: int = 200_000) -> bytes:
    return pdf_with_objects([b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * depth + b"]" * depth + b" >>",
                             b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def pdf_xref_prev_loop() -> bytes:
    """A trailer whose /Prev points back at its own xref section."""
    base = pdf_with_objects([*_CATALOG, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])
    xref = int(base.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    return base.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev %d >>" % xref)


HOSTILE_PDFS = {
    "flate-bomb.pdf": pdf_flate_bomb,
    "image-bomb.pdf": pdf_image_bomb,
    "page-tree-loop.pdf": pdf_page_tree_loop,
    "xobject-loop.pdf": pdf_xobject_loop,
    "deep-nesting.pdf": pdf_deep_nesting,
    "xref-prev-loop.pdf": pdf_xref_prev_loop,
}


# --- images ----------------------------------------------------------------------------------------

def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width×height pixels: a few dozen bytes that a naive decoder turns into gigabytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b"")


# --- YAML -------------------------------------------------------------------------------------------

def yaml_alias_bomb(levels: int = 12) -> str:
    """'Billion laughs': each anchor lists the previous one ten times (10**levels nodes when expanded)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def memory_limit_mb() -> float:
    return resource.getrlimit(resource.RLIMIT_AS)[0] / 1024 / 1024
