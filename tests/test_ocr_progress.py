"""`batch --ocr` on a terminal shows pages recognised next to files read, and says how many at the end."""

from __future__ import annotations

import re

import pytest

from tests.conftest import run_cli
from tests.factories import build_applicant, make_image_pdf, make_scan, scan_image
from zccheck.scan.ocr import ocr_available

pytestmark = pytest.mark.skipif(not ocr_available(), reason="needs zccheck[ocr]")


def test_the_closing_note_counts_pages_recognised(tmp_path):
    drive = tmp_path / "drive"
    root = build_applicant(drive / "张三", skip=("work-summary",))
    make_scan(root / "IMG_0001.jpg", "个人业务工作总结\n本人自2016年以来从事研究工作")
    make_image_pdf(root / "扫描.pdf", [scan_image("年度考核登记表 第一页"), scan_image("第二页 考核意见")])
    env_cache = {"ZCCHECK_CACHE_DIR": str(tmp_path / "cache")}
    r = run_cli("batch", str(drive), "--ocr", "--jobs", "1", "--progress", "always", "--format", "json",
                env=env_cache, timeout=600)
    assert r.returncode in (0, 1), r.stderr
    m = re.search(r"识别 (\d+) 页", r.stderr)
    assert m and int(m.group(1)) >= 3, r.stderr[-800:]  # the photo and the two scanned pages at least
    r = run_cli("batch", str(drive), "--jobs", "1", "--progress", "always", "--lang", "en", "--format", "json",
                env=env_cache, timeout=600)
    assert "pages recognised" not in r.stderr  # without --ocr nothing is recognised, and nothing said
