"""What `batch` finds under a drive and does not check as an applicant — HR's own list in Excel, a loose
PDF, a link, an unreadable folder, an archive at the wrong depth — is reported in the JSON's `skipped`
list (path, reason) and in every export HR reads; hidden OS junk stays silently ignored."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from conftest import run_cli
from factories import build_applicant, make_pdf, zip_folder

SKIP = ("training-public", "annual-assessment", "achievements", "work-summary")  # quick to check
JUNK = ("Thumbs.db", "desktop.ini", ".DS_Store", "~$名单.xlsx")


@pytest.fixture(scope="module")
def drive(tmp_path_factory) -> Path:
    """Units with applicants (depth 2), and around them what a real shared drive holds."""
    base = tmp_path_factory.mktemp("skipped")
    root = base / "2021职称申报"
    build_applicant(root / "生态所" / "张三", skip=SKIP)
    build_applicant(base / "scratch" / "李四", {"姓名": "李四"}, skip=SKIP)
    (root / "物理所").mkdir()
    zip_folder(base / "scratch" / "李四", root / "物理所" / "李四.zip")
    (root / "名单.xlsx").write_bytes(b"PK\x05\x06" + b"\0" * 18)  # HR's list at the root
    make_pdf(root / "生态所" / "推荐汇总表.pdf", "推荐汇总表")  # a loose file among the applicants
    shutil.copy(root / "物理所" / "李四.zip", root / "旧版材料.zip")  # an archive at the units' level
    (root / "快捷方式").symlink_to(root / "生态所", target_is_directory=True)  # a link: never followed
    os.mkfifo(root / "生态所" / "管道")  # neither a file nor a folder
    for name in JUNK:
        (root / name).write_bytes(b"\0" * 16)
        (root / "生态所" / name).write_bytes(b"\0" * 16)
    (root / "__MACOSX").mkdir()
    (root / ".隐藏").mkdir()
    return root


EXPECTED = [
    ("名单.xlsx", "不是申报人文件夹或 .zip 压缩包", "not an applicant folder or .zip archive"),
    ("快捷方式", "是链接，未跟随", "a link, not followed"),
    ("旧版材料.zip", "压缩包位于第 1 层，申报人应在第 2 层", "an archive at level 1; applicants are at level 2"),
    ("生态所/推荐汇总表.pdf", "不是申报人文件夹或 .zip 压缩包", "not an applicant folder or .zip archive"),
    ("生态所/管道", "不是普通文件或文件夹", "not a regular file or folder"),
]


@pytest.fixture(scope="module")
def exported(drive, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("skipped-out")
    files = {"json": out / "r.json", "xlsx": out / "r.xlsx", "csv": out / "r.csv", "html": out / "r.html"}
    r = run_cli("batch", str(drive), "--depth", "2", "--jobs", "2", "--output", f"json={files['json']}",
                "--xlsx", str(files["xlsx"]), "--csv", str(files["csv"]), "--html", str(files["html"]))
    assert r.returncode == 1, r.stderr  # both applicants miss materials
    return {**files, "doc": json.loads(files["json"].read_text(encoding="utf-8")), "stderr": r.stderr}


def test_json_lists_what_was_not_checked_with_why(exported, contract_schema):
    doc = exported["doc"]
    jsonschema.validate(doc, contract_schema)
    assert [a["path"] for a in doc["applicants"]] == ["物理所/李四.zip", "生态所/张三"]
    assert [(s["path"], s["reason"]) for s in doc["skipped"]] == [(p, zh) for p, zh, _ in EXPECTED]


def test_os_junk_and_hidden_entries_are_never_mentioned(exported):
    everything = json.dumps(exported["doc"], ensure_ascii=False) + exported["stderr"]
    for name in (*JUNK, "__MACOSX", ".隐藏"):
        assert name not in everything, name


def test_stderr_says_each_one_too(exported):
    for path, zh, _ in EXPECTED:
        assert f"未检查 {path}：{zh}" in exported["stderr"]


def test_english_reasons(drive):
    r = run_cli("batch", str(drive), "--depth", "2", "--jobs", "2", "--format", "json", "--lang", "en")
    assert r.returncode == 1, r.stderr
    assert [(s["path"], s["reason"]) for s in json.loads(r.stdout)["skipped"]] == [(p, en) for p, _, en in EXPECTED]


def test_xlsx_has_a_sheet_of_what_was_not_checked(exported):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.load_workbook(exported["xlsx"])
    assert workbook.sheetnames == ["汇总", "材料矩阵", "问题清单", "未检查"]
    rows = [[c.value for c in row] for row in workbook["未检查"].iter_rows()]
    assert rows == [["申报人路径", "原因"], *[[p, zh] for p, zh, _ in EXPECTED]]
    summary = [[c.value for c in row] for row in workbook["汇总"].iter_rows()][1:]
    assert [r[0] for r in summary] == ["物理所/李四.zip", "生态所/张三"]  # the summary stays one row per applicant


def test_csv_lists_them_after_the_applicants(exported):
    table = list(csv.reader(io.StringIO(exported["csv"].read_bytes().decode("utf-8-sig"))))
    assert [r[0] for r in table[1:3]] == ["物理所/李四.zip", "生态所/张三"]
    assert [(r[0], r[4], r[-1]) for r in table[3:]] == [(p, "– 未检查", zh) for p, zh, _ in EXPECTED]
    assert all(len(r) == len(table[0]) for r in table)


def test_html_lists_them(exported):
    page = exported["html"].read_text(encoding="utf-8")
    section = page[page.index("<h2>未检查"):]
    for path, zh, _ in EXPECTED:
        assert f"<li>{path} — {zh}</li>" in section


def test_summary_format_lists_them(drive):
    r = run_cli("batch", str(drive), "--depth", "2", "--jobs", "2")
    assert r.returncode == 1, r.stderr
    for path, zh, _ in EXPECTED:
        assert f"未检查: {path} — {zh}" in r.stdout


def test_shards_split_them_and_merge_joins_them(drive, exported, tmp_path):
    shards = []
    for k in (1, 2):
        target = tmp_path / f"{k}.json"
        r = run_cli("batch", str(drive), "--depth", "2", "--jobs", "2", "--shard", f"{k}/2", "--format", "json",
                    "--output", str(target))
        applicants = json.loads(target.read_text(encoding="utf-8"))["applicants"]
        assert r.returncode == (1 if applicants else 0), r.stderr  # every applicant here misses materials
        shards.append(target)
    parts = [{s["path"] for s in json.loads(p.read_text(encoding="utf-8"))["skipped"]} for p in shards]
    assert not parts[0] & parts[1] and parts[0] | parts[1] == {p for p, _, _ in EXPECTED}
    merged = json.loads(run_cli("merge", *map(str, shards)).stdout)
    assert merged["skipped"] == exported["doc"]["skipped"]


def test_check_leaves_skipped_out(drive):
    r = run_cli("check", str(drive / "生态所" / "张三"), "--format", "json", "--jobs", "2")
    assert r.returncode == 1, r.stderr
    assert not json.loads(r.stdout).get("skipped")


def test_a_drive_with_nothing_stray_has_an_empty_list(tmp_path):
    root = tmp_path / "drive"
    build_applicant(root / "张三", skip=SKIP)
    (root / "Thumbs.db").write_bytes(b"\0")
    r = run_cli("batch", str(root), "--format", "json", "--jobs", "2")
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout)["skipped"] == []


# --- an unreadable folder: needs a process that permissions bind (root is not bound by them) ----------

def _without_root_powers() -> list[str] | None:
    """A command prefix under which file permissions apply: none needed for a normal user; for root,
    setpriv dropping the capabilities that override them; None when neither is possible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]
    if subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        return None
    return prefix


def test_an_unreadable_folder_is_reported_not_checked(tmp_path):
    prefix = _without_root_powers()
    if prefix is None:
        pytest.skip("running as root without setpriv: a folder cannot be made unreadable to zccheck")
    root = tmp_path / "drive"
    build_applicant(root / "张三", skip=SKIP)
    build_applicant(root / "王五", {"姓名": "王五"}, skip=SKIP)
    locked = root / "王五"
    locked.chmod(0)
    try:
        r = subprocess.run([*prefix, sys.executable, "-m", "zccheck", "batch", str(root), "--format", "json",
                            "--jobs", "1", "--no-cache"], capture_output=True, text=True, timeout=300)
    finally:
        locked.chmod(0o755)
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    assert [a["path"] for a in doc["applicants"]] == ["张三"]  # not an applicant who uploaded nothing
    assert [s["path"] for s in doc["skipped"]] == ["王五"]
    assert doc["skipped"][0]["reason"].startswith("无法读取文件夹")
    assert "未检查 王五：无法读取文件夹" in r.stderr


def test_exports_render_skipped_from_any_document():
    """The renderers alone, on a document as `merge` may hand them: escaped, formula-safe, ID masked upstream."""
    from zccheck.report import csv_export, html_export, xlsx_export

    doc = {"schema_version": "1", "tool": {"name": "zccheck", "version": "x"},
           "ruleset": {"id": "p", "title": "t", "version": "1"}, "applicants": [],
           "summary": {"applicants": 0, "pass": 0, "fail": 0, "error": 0, "warning": 0, "info": 0},
           "skipped": [{"path": "<b>坏</b>.lnk", "reason": "是链接，未跟随"}, {"path": "=cmd()", "reason": "不是申报人文件夹或 .zip 压缩包"}]}
    page = html_export.render(doc)
    assert "<li>&lt;b&gt;坏&lt;/b&gt;.lnk — 是链接，未跟随</li>" in page
    table = list(csv.reader(io.StringIO(csv_export.render(doc).lstrip("\ufeff"))))
    assert [r[0] for r in table[1:]] == ["<b>坏</b>.lnk", "'=cmd()"]
    with zipfile.ZipFile(io.BytesIO(xlsx_export.render(doc, lang="en"))) as z:
        book = z.read("xl/workbook.xml").decode()
    assert 'name="Not checked"' in book


@pytest.mark.parametrize("patterns", [
    ("Thumbs.db", ".DS_Store", "desktop.ini", "._*", "~$*", "__MACOSX"),
    ("*.tmp", "备份?", "[!a-z]*.bak", "[._]*"),
    (),
])
def test_ignore_names_match_as_the_shell_patterns_they_are(patterns):
    # All of a pack's patterns are tried as one expression: the same names must be ignored as fnmatch,
    # one pattern at a time, ignores.
    import fnmatch
    import types

    from zccheck.scan.inputs import _is_ignored

    pack = types.SimpleNamespace(files=types.SimpleNamespace(ignore_names=patterns))
    names = ["Thumbs.db", "thumbs.db", ".DS_Store", ".DS_Store.pdf", "desktop.ini", "._论文.pdf", "._", "~$名单.xlsx",
             "~$", "__MACOSX", "__MACOSX2", "a.tmp", "a.tmp.pdf", "备份1", "备份12", "备份", "1.bak", "x.bak", "_x",
             ".hidden", "承诺书.pdf", "a\nb", "*"]
    for name in names:
        assert _is_ignored(name, pack) == any(fnmatch.fnmatch(name, p) for p in patterns), (name, patterns)
