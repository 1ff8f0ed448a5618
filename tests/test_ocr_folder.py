"""A folder of phone scans named IMG_…jpg that only OCR can sort: with the OCR extra it passes;
without OCR nothing is falsely 'missing' — the scans are needs-review, saying OCR would decide."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import check_doc, findings
from tests.factories import FONT_FILE, PROFILE, make_photo, make_scan, profile_yaml, texts


def generic_scans(root: Path) -> Path:
    p = dict(PROFILE)
    t = texts(p)
    pages = ([t["commitment"], None,
              f"姓名 {p['姓名']}\n性别 男 民族 汉\n出生 1985年6月15日\n公民身份号码 {p['身份证号']}",
              "中华人民共和国\n居民身份证\n签发机关 乌鲁木齐市公安局\n有效期限 2015.01.01-2035.01.01",
              f"毕业证书\n研究生{p['姓名']}于2008年9月至2011年7月在本校学习，成绩合格，准予毕业。",
              f"硕士学位证书\n{p['姓名']}在本校完成了硕士研究生学业，授予理学硕士学位。",
              t["title-certificate"], t["training-professional"]]
             + [t["training-public"].format(year=y, next=y + 1) for y in range(2014, 2021)]
             + [t["achievements"], t["work-summary"]]
             + [t["annual-assessment"].format(year=y) + "\n" + t["annual-assessment-back"].format(year=y) for y in (2018, 2019, 2020)]
             + [t["unit-audit"], t["unit-publicity"], t["authority-recommendation"]])
    root.mkdir(parents=True)
    (root / "申报信息.yaml").write_text(profile_yaml(p), encoding="utf-8")
    for i, text in enumerate(pages):
        target = root / f"IMG_20210908_{i + 1:04d}.jpg"
        if text is None:
            make_photo(target)
        else:
            make_scan(target, text, seal=i >= len(pages) - 2, signature=p["姓名"] if i == 0 else None, font_size=28)
    return root


def test_generic_scans_without_ocr_are_needs_review_never_missing(tmp_path):
    doc = check_doc(generic_scans(tmp_path / "王五"))
    a = doc["applicants"][0]
    assert not findings(doc, category="missing") and not findings(doc, category="year-missing")
    review = findings(doc, code="ZC410")
    assert review and all(f["severity"] == "warning" and f["data"]["scans"] for f in review)
    assert a["status"] == "pass"


def test_generic_scans_sorted_by_ocr_pass(tmp_path):
    from zccheck.scan.ocr import ocr_available

    if not ocr_available():
        pytest.skip("the OCR extra is not installed (pip install 'zccheck[ocr]')")
    if not Path(FONT_FILE).exists():
        pytest.skip(f"no CJK font to draw the scans with ({FONT_FILE}: Debian fonts-wqy-microhei)")
    doc = check_doc(generic_scans(tmp_path / "王五"), ocr=True)
    a = doc["applicants"][0]
    assert a["status"] == "pass", [f["message"] for f in a["findings"] if f["severity"] == "error"]
    assert not [f for f in a["findings"] if f["category"] in ("missing", "year-missing", "misfiled", "unclassified")]
    statuses = {it["id"]: it["status"] for it in a["items"]}
    assert statuses["training-public"] == "ok" and statuses["photo"] == "ok" and statuses["unit-publicity"] == "ok"
    assert not findings(doc, code="ZC408")
