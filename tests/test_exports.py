"""Exports for people: the .xlsx HR passes around (summary, matrix, findings), the CSV that Excel on
Chinese Windows opens right (UTF-8 with BOM), and one HTML page that opens from a shared drive —
checked in a real headless browser. Each must say exactly what the JSON says."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from batch_drive import APPLICANTS, make_drive
from conftest import run_cli


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("exports")
    drive = make_drive(base / "drive", base / "scratch")
    out = {"json": base / "r.json", "xlsx": base / "汇总.xlsx", "csv": base / "汇总.csv", "html": base / "报告.html"}
    r = run_cli("batch", str(drive), "--jobs", "2", "--output", f"json={out['json']}", "--xlsx", str(out["xlsx"]),
                "--csv", str(out["csv"]), "--html", str(out["html"]))
    assert r.returncode == 1, r.stderr
    assert "共 6 人" in r.stderr  # every output went to a file: the verdict is said on stderr
    return {**out, "doc": json.loads(out["json"].read_text(encoding="utf-8")), "drive": drive}


# --- xlsx --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workbook(exported):
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(exported["xlsx"])


def rows(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_workbook_has_summary_matrix_and_findings_sheets_in_chinese(workbook):
    assert workbook.sheetnames == ["汇总", "材料矩阵", "问题清单", "未检查"]  # the drive has a stray 名单.xlsx
    assert rows(workbook["汇总"])[0][:6] == ["申报人路径", "姓名", "系列", "申报职称", "结论", "错误"]
    assert rows(workbook["问题清单"])[0][:5] == ["申报人路径", "姓名", "代码", "类别", "严重程度"]
    assert rows(workbook["材料矩阵"])[0][:4] == ["申报人路径", "姓名", "结论", "承诺书"]


def test_every_sheet_has_a_frozen_header_and_the_lists_a_filter(workbook):
    assert workbook["汇总"].freeze_panes == "A2"
    assert workbook["问题清单"].freeze_panes == "A2"
    assert workbook["材料矩阵"].freeze_panes == "D2"
    assert workbook["问题清单"].auto_filter.ref.startswith("A1:")
    assert workbook["汇总"].auto_filter.ref.startswith("A1:")


def test_summary_sheet_has_one_row_per_applicant_matching_the_json(workbook, exported):
    doc = exported["doc"]
    body = rows(workbook["汇总"])[1:]
    assert [r[0] for r in body] == [a["path"] for a in doc["applicants"]] == APPLICANTS
    for r, a in zip(body, doc["applicants"]):
        assert (r[5], r[6], r[7]) == (a["counts"]["error"], a["counts"]["warning"], a["counts"]["info"])
        assert r[4].startswith("✓" if a["status"] == "pass" else "✗")
    li = next(r for r in body if r[0] == "李四")
    assert "免冠照片" in li[8] and "2016" in li[8]


def test_findings_sheet_has_one_row_per_finding(workbook, exported):
    doc = exported["doc"]
    body = rows(workbook["问题清单"])[1:]
    expected = [(a["path"], f["code"], f["message"]) for a in doc["applicants"] for f in a["findings"]]
    assert [(r[0], r[2], r[8]) for r in body] == expected


def test_matrix_marks_each_item_and_colours_it(workbook, exported):
    doc = exported["doc"]
    sheet = workbook["材料矩阵"]
    marks = {"ok": "✓", "missing": "✗", "incomplete": "✗", "needs-review": "？", "not-applicable": "–"}
    li = next(a for a in doc["applicants"] if a["path"] == "李四")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "李四")
    assert [c.value for c in row[3:3 + len(li["items"])]] == [marks[it["status"]] for it in li["items"]]
    photo = row[4]
    assert photo.value == "✗" and photo.fill.fgColor.rgb.endswith("FFC7CE")  # red
    assert row[3].value == "✓" and row[3].fill.fgColor.rgb.endswith("C6EFCE")  # green


def test_xlsx_equals_the_per_applicant_check(workbook, exported):
    for path in ("赵六.zip", "王五"):
        alone = json.loads(run_cli("check", str(exported["drive"] / path), "--format", "json").stdout)["applicants"][0]
        row = next(r for r in rows(workbook["汇总"])[1:] if r[0] == path)
        assert (row[1], row[5], row[6]) == (alone["name"], alone["counts"]["error"], alone["counts"]["warning"])
        found = [r[2] for r in rows(workbook["问题清单"])[1:] if r[0] == path]
        assert found == [f["code"] for f in alone["findings"]]


def test_english_workbook_has_english_headers(tmp_path, exported):
    openpyxl = pytest.importorskip("openpyxl")
    from zccheck.pack.loader import load_pack
    from zccheck.report import xlsx_export

    target = tmp_path / "en.xlsx"
    xlsx_export.write(exported["doc"], target, load_pack(), lang="en")
    assert openpyxl.load_workbook(target).sheetnames == ["Summary", "Matrix", "Findings", "Not checked"]


# --- csv ---------------------------------------------------------------------------------------------

def test_csv_is_utf8_with_bom_one_row_per_applicant(exported):
    raw = exported["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0][:3] == ["申报人路径", "姓名", "系列"]
    assert [r[0] for r in table[1:]] == [*APPLICANTS, "名单.xlsx"]  # then what was not checked
    assert table[-1][4] == "– 未检查"
    zhao = next(r for r in table if r[0] == "赵六.zip")
    assert zhao[1] == "赵六"


def test_csv_cells_never_become_formulas():
    from zccheck.report import csv_export

    doc = {"applicants": [{"path": "=HYPERLINK(\"http://x\")", "name": "-1+1", "series": None, "title": None,
                           "status": "pass", "counts": {"error": 0, "warning": 0, "info": 0}, "items": [],
                           "findings": []}]}
    table = list(csv.reader(io.StringIO(csv_export.render(doc).lstrip("\ufeff"))))
    assert table[1][0].startswith("'=") and table[1][1] == "'-1+1"


# --- html --------------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120)


def test_html_is_self_contained(exported):
    page = exported["html"].read_text(encoding="utf-8")
    assert "<script" not in page and "src=" not in page and "@import" not in page and "url(" not in page
    assert 'href="http' not in page
    for i in range(1, len(APPLICANTS) + 1):
        assert f'id="a{i}"' in page and f'href="#a{i}"' in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_html_opens_in_a_real_browser_with_names_and_counts(exported, tmp_path):
    doc = exported["doc"]
    r = chromium("--dump-dom", exported["html"].as_uri(), profile=tmp_path / "profile1")
    assert r.returncode == 0, r.stderr[-2000:]
    dom = r.stdout
    for word in ("职称申报材料检查报告", "张三", "李四", "赵六.zip", "钱八.zip", "缺少「标准免冠照片」"):
        assert word in dom, word
    s = doc["summary"]
    assert f'id="count-applicants">{s["applicants"]}<' in dom
    assert f'id="count-fail">{s["fail"]}<' in dom and f'id="count-error">{s["error"]}<' in dom
    assert dom.count('<section class="applicant') == len(APPLICANTS)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_html_screenshot_is_a_real_picture(exported, tmp_path):
    shot = tmp_path / "page.png"
    r = chromium(f"--screenshot={shot}", "--window-size=1280,1600", "--hide-scrollbars", exported["html"].as_uri(),
                 profile=tmp_path / "profile2")
    assert r.returncode == 0, r.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 1600)
    colours = image.resize((64, 80)).getcolors(64 * 80)
    assert colours is not None and len(colours) > 8  # text, marks and colours were drawn: not a blank page
    red = sum(n for n, (r_, g, b) in colours if r_ > 200 and g < 220 and b < 220 and r_ - g > 20)
    assert red > 0  # the ✗ rows of failing applicants are tinted red


# --- merge keeps the exports ------------------------------------------------------------------------

def test_merge_writes_the_exports_too(exported, tmp_path):
    target = tmp_path / "merged.xlsx"
    r = run_cli("merge", str(exported["json"]), "--xlsx", str(target), "--format", "summary")
    assert r.returncode == 1 and "张三" in r.stdout and target.stat().st_size > 3000
