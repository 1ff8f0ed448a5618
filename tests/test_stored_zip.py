"""Archives are recognised by their structure, not by what their first member looks like.

Old Chinese Windows tools and some scanners store members without compression, so a zip whose first
member is a PDF carries "%PDF-" in its first kilobyte; a self-extractor or a scanner's preamble puts
data in front of the archive. Both are zips: `check` and `batch` read them as applicants."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import check_doc, run_cli
from tests.factories import build_applicant, make_pdf
from zccheck.scan.filetype import sniff, sniff_file


def _stored_zip(folder: Path, target: Path, prefix: bytes = b"") -> Path:
    """Every file stored (no compression), PDFs first, as the tools that write these order them."""
    files = sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: (p.suffix != ".pdf", str(p)))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zf:
        for path in files:
            zf.write(path, path.relative_to(folder.parent).as_posix())
    if prefix:
        target.write_bytes(prefix + target.read_bytes())
    return target


@pytest.fixture(scope="module")
def applicant(tmp_path_factory) -> Path:
    return build_applicant(tmp_path_factory.mktemp("stored") / "张三")


def test_stored_zip_with_a_pdf_first_is_a_zip(applicant: Path, tmp_path: Path) -> None:
    archive = _stored_zip(applicant, tmp_path / "张三.zip")
    head = archive.read_bytes()[:2048]
    assert b"%PDF-" in head[:1024]  # what fooled the old sniffing
    assert sniff(head, archive.name) == "zip"
    assert sniff(head, "张三.pdf") == "zip"  # the structure decides, not the extension
    assert sniff_file(archive) == "zip"


def test_zip_with_data_in_front_is_found_by_its_end_record(applicant: Path, tmp_path: Path) -> None:
    archive = _stored_zip(applicant, tmp_path / "张三.zip", prefix=b"MZ" + b"\0" * 510)
    assert sniff_file(archive) == "zip"
    assert run_cli("check", str(archive), "--format", "json").returncode == 0


def test_a_pdf_is_still_a_pdf(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf", "承诺书")
    assert sniff_file(pdf) == "pdf"
    # A PDF's own bytes may contain "PK\x05\x06" (inside a stream): only an end record that closes the
    # file counts, and a PDF that starts with its header is never taken for anything else.
    data = pdf.read_bytes()
    marked = tmp_path / "b.pdf"
    marked.write_bytes(data[:200] + b"%PK\x05\x06" + b"\0" * 18 + b"\n" + data[200:])
    assert sniff_file(marked) == "pdf"


def test_check_reads_a_stored_zip(applicant: Path, tmp_path: Path) -> None:
    archive = _stored_zip(applicant, tmp_path / "张三.zip")
    result = run_cli("check", str(archive))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "单个" not in result.stderr
    doc = check_doc(archive)
    assert doc["applicants"][0]["status"] == "pass"
    assert {it["id"]: it["status"] for it in doc["applicants"][0]["items"]}["title-proof"] == "ok"


def test_batch_reads_a_stored_zip(applicant: Path, tmp_path: Path) -> None:
    drive = tmp_path / "drive"
    drive.mkdir()
    _stored_zip(applicant, drive / "张三.zip")
    _stored_zip(applicant, drive / "李四.zip", prefix=b"\0" * 300)
    result = run_cli("batch", str(drive), "--format", "json")
    assert result.returncode == 0, result.stderr
    import json

    doc = json.loads(result.stdout)
    assert sorted(a["path"].rsplit("/", 1)[-1] for a in doc["applicants"]) == ["张三.zip", "李四.zip"]
    assert all(a["status"] == "pass" for a in doc["applicants"])
