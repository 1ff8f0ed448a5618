"""zccheck batch: a whole drive of applicants — folders, GBK zips from Chinese Windows, a hostile zip,
a .rar — checked in one run with the same result per applicant as `zccheck check`, in the same order
whatever the number of workers, split into shards that merge back into the whole, and re-checked from
the cache without reading a file again."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import jsonschema
import pytest

from batch_drive import APPLICANTS, make_drive
from conftest import check_doc, run_cli
from factories import build_applicant, make_pdf


@pytest.fixture(scope="module")
def drive(tmp_path_factory) -> Path:
    return make_drive(tmp_path_factory.mktemp("drive") / "2021职称申报", tmp_path_factory.mktemp("scratch"))


@pytest.fixture(scope="module")
def batch_json(drive, tmp_path_factory) -> dict:
    cache = tmp_path_factory.mktemp("batch-cache")
    r = run_cli("batch", str(drive), "--format", "json", "--jobs", "2", env={"ZCCHECK_CACHE_DIR": str(cache)})
    assert r.returncode == 1, r.stderr  # some applicants fail: exit 1, not a crash
    return json.loads(r.stdout)


def applicant(doc: dict, path: str) -> dict:
    return next(a for a in doc["applicants"] if a["path"] == path)


def codes(a: dict) -> list[str]:
    return [f["code"] for f in a["findings"]]


def without_path(a: dict) -> dict:
    return {k: v for k, v in a.items() if k != "path"}


# --- one document, the contract ----------------------------------------------------------------------

def test_batch_json_is_one_contract_document_for_all_applicants(batch_json, contract_schema):
    jsonschema.validate(batch_json, contract_schema)
    assert [a["path"] for a in batch_json["applicants"]] == APPLICANTS
    s = batch_json["summary"]
    assert s["applicants"] == len(APPLICANTS) == s["pass"] + s["fail"]
    assert s["error"] == sum(a["counts"]["error"] for a in batch_json["applicants"])


def test_loose_files_os_junk_and_hidden_folders_are_not_applicants(drive):
    r = run_cli("batch", str(drive), "--format", "json", "--jobs", "1")
    paths = [a["path"] for a in json.loads(r.stdout)["applicants"]]
    assert "名单.xlsx" not in paths and "Thumbs.db" not in paths and ".隐藏" not in paths
    assert "名单.xlsx" in r.stderr  # reported, so nobody thinks it was checked


def test_each_applicant_has_the_result_of_check(drive, batch_json):
    for path in APPLICANTS:
        alone = check_doc(drive / path)["applicants"][0]
        assert without_path(applicant(batch_json, path)) == without_path(alone), path


def test_the_cli_check_of_an_applicant_equals_its_batch_entry(drive, batch_json):
    for path in ("赵六.zip", "李四"):
        r = run_cli("check", str(drive / path), "--format", "json", "--jobs", "2")
        alone = json.loads(r.stdout)["applicants"][0]
        assert alone["path"] == str(drive / path)
        assert without_path(applicant(batch_json, path)) == without_path(alone)


# --- archives ----------------------------------------------------------------------------------------

def test_gbk_zip_from_chinese_windows_keeps_its_chinese_names(batch_json):
    a = applicant(batch_json, "赵六.zip")
    files = {f for it in a["items"] for f in it["files"]}
    assert "03-身份证（正反面）/身份证人像面.jpg" in files
    assert "01-承诺书/承诺书.jpg" in files
    assert a["name"] == "赵六" and a["status"] == "pass"


def test_hostile_zip_is_refused_member_by_member_with_clear_findings(drive, batch_json):
    a = applicant(batch_json, "钱八.zip")
    problems = {f["data"].get("problem"): f for f in a["findings"] if f["code"] in ("ZC309", "ZC310")}
    assert problems["unsafe-path"]["category"] == "unreadable"
    assert any(f["file"] == "../evil.txt" for f in a["findings"])
    assert any(f["file"] == "/etc/evil.conf" for f in a["findings"])
    assert problems["ratio"]["file"] == "炸弹.pdf" and "zip 炸弹" in problems["ratio"]["message"]
    assert problems["nested-too-deep"]["file"] == "套娃.zip/再套一层.zip"
    # Nothing was extracted anywhere near the drive.
    assert not (drive / "evil.txt").exists() and not (drive.parent / "evil.txt").exists()


def test_rar_gets_unsupported_format_with_advice(batch_json):
    a = applicant(batch_json, "孙七.rar")
    f = next(f for f in a["findings"] if f["code"] == "ZC304")
    assert f["category"] == "unsupported-format" and f["data"]["format"] == "rar"
    assert "ZIP" in f["message"] and "解压" in f["message"]
    assert "ZC310" not in codes(a)  # not "damaged"


# --- deterministic, whatever the parallelism ---------------------------------------------------------

def test_jobs_1_and_jobs_2_give_identical_reports(drive):
    one = run_cli("batch", str(drive), "--format", "json", "--jobs", "1", "--no-cache")
    two = run_cli("batch", str(drive), "--format", "json", "--jobs", "2", "--no-cache")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout


def test_shards_are_disjoint_and_merge_back_into_the_whole(drive, batch_json, tmp_path):
    shards = []
    for k in (1, 2):
        out = tmp_path / f"shard{k}.json"
        r = run_cli("batch", str(drive), "--format", "json", "--shard", f"{k}/2", "--output", str(out))
        shard = json.loads(out.read_text(encoding="utf-8"))["applicants"]
        assert r.returncode == (1 if any(applicant(batch_json, a["path"])["status"] == "fail" for a in shard) else 0), \
            r.stderr
        shards.append(out)
    parts = [[a["path"] for a in json.loads(p.read_text(encoding="utf-8"))["applicants"]] for p in shards]
    assert not set(parts[0]) & set(parts[1]) and sorted(parts[0] + parts[1]) == APPLICANTS
    r = run_cli("merge", *map(str, shards))
    assert r.returncode == 1
    assert json.loads(r.stdout) == batch_json


def test_shard_is_stable_per_applicant():
    from zccheck.batch import in_shard

    assert all(sum(in_shard(name, k, 3) for k in (1, 2, 3)) == 1 for name in APPLICANTS)
    assert [in_shard("张三", k, 4) for k in range(1, 5)] == [in_shard("张三", k, 4) for k in range(1, 5)]


def test_bad_shard_is_a_usage_error(drive):
    r = run_cli("batch", str(drive), "--shard", "3/2")
    assert r.returncode == 2


def test_merge_refuses_one_applicant_with_two_results(batch_json, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(batch_json, ensure_ascii=False), encoding="utf-8")
    other = json.loads(json.dumps(batch_json))
    other["applicants"][1]["status"] = "fail" if other["applicants"][1]["status"] == "pass" else "pass"
    b.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    r = run_cli("merge", str(a), str(b))
    assert r.returncode == 2 and other["applicants"][1]["path"] in r.stderr


# --- the cache ---------------------------------------------------------------------------------------

def test_a_second_run_reads_nothing_and_a_changed_file_is_read_again(drive, tmp_path, monkeypatch, pack):
    from zccheck.batch import run_batch
    from zccheck.models import CheckOptions
    from zccheck.scan.cache import FactsCache

    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "drive"
    build_applicant(copy / "张三")
    build_applicant(copy / "王五", {"姓名": "王五"})

    def run(options=CheckOptions()):
        cache = FactsCache()
        try:
            return run_batch(copy, pack, options, jobs=2, cache=cache)
        finally:
            cache.close()

    cold, warm = run(), run()
    assert cold.stats.scanned == cold.stats.files > 40 and cold.stats.cache_hits == 0
    assert warm.stats.scanned == 0 and warm.stats.cache_hits == warm.stats.files == cold.stats.files
    assert warm.stats.results_reused == 2  # nothing changed: the stored results, not even re-evaluated
    assert warm.results == cold.results

    make_pdf(copy / "王五" / "10-个人业务工作总结" / "个人业务工作总结.pdf", "个人业务工作总结\n王五\n（修改后）")
    again = run()
    assert again.stats.scanned == 1 and again.stats.results_reused == 1  # 张三 is unchanged

    other = run(CheckOptions(title="研究员"))  # other options: the files' facts still serve, the results do not
    assert other.stats.scanned == 0 and other.stats.results_reused == 0
    assert other.results[0].title == "研究员"

    # Private to the user, and never inside the checked tree.
    cache_dir = tmp_path / "cache"
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache_dir / "facts.sqlite3").stat().st_mode) == 0o600
    assert not any(p.name.startswith("facts.sqlite3") for p in copy.rglob("*"))


def test_no_cache_reads_everything(drive, tmp_path, monkeypatch, pack):
    from zccheck.batch import run_batch
    from zccheck.models import CheckOptions

    run = run_batch(drive, pack, CheckOptions(), jobs=1, cache=None)
    assert run.stats.cache_hits == 0 and run.stats.scanned == run.stats.files


def test_a_cache_directory_inside_the_drive_is_not_used(tmp_path):
    root = tmp_path / "drive"
    build_applicant(root / "张三", skip=("training-public", "annual-assessment", "achievements"))
    r = run_cli("batch", str(root), "--format", "json", env={"ZCCHECK_CACHE_DIR": str(root / ".cache")})
    assert r.returncode == 1 and "缓存" in r.stderr  # the applicant misses materials; the cache is refused
    assert not (root / ".cache" / "facts.sqlite3").exists()


# --- robust: a file that hangs or crashes its parser -------------------------------------------------

def test_a_hanging_and_a_crashing_file_are_reported_and_the_batch_goes_on(tmp_path, pack, monkeypatch):
    import zccheck.scan.runner as runner
    from zccheck.batch import discover, check_batch
    from zccheck.models import CheckOptions

    root = tmp_path / "drive"
    build_applicant(root / "张三")
    build_applicant(root / "李四", {"姓名": "李四"})
    make_pdf(root / "张三" / "09-业绩印证材料" / "卡死.pdf", "业绩")
    make_pdf(root / "李四" / "09-业绩印证材料" / "崩溃.pdf", "业绩")
    real = runner.scan_task

    def hostile(task, settings, ocr_runner=None):  # runs in the forked workers
        if task.path.endswith("卡死.pdf"):
            time.sleep(60)
        if task.path.endswith("崩溃.pdf"):
            os._exit(3)
        return real(task, settings, ocr_runner)

    monkeypatch.setattr(runner, "scan_task", hostile)
    candidates, _ = discover(root)
    started = time.monotonic()
    results, stats = check_batch(candidates, pack, CheckOptions(file_timeout=1.0), jobs=2)
    assert time.monotonic() - started < 30
    zhang, li = results
    hung = next(f for f in zhang.findings if f.file == "09-业绩印证材料/卡死.pdf")
    assert hung.code == "ZC307" and stats.timed_out == 1
    crashed = next(f for f in li.findings if f.file == "09-业绩印证材料/崩溃.pdf")
    assert crashed.code == "ZC301" and "crashed" in dict(crashed.args)["detail"]
    # Everything else of both applicants was read.
    assert next(it for it in zhang.items if it.id == "commitment").status == "ok"
    assert next(it for it in li.items if it.id == "work-summary").status == "ok"


# --- streaming: memory stays flat --------------------------------------------------------------------

def test_only_a_few_applicants_are_open_at_once(tmp_path, pack):
    from zccheck.batch import check_batch, discover
    from zccheck.models import CheckOptions

    root = tmp_path / "drive"
    for i in range(6):
        build_applicant(root / f"申报人{i}", skip=("training-public", "annual-assessment", "achievements"))
    candidates, _ = discover(root)
    events = []
    results, _ = check_batch(candidates, pack, CheckOptions(), jobs=2, progress=events.append)
    listed = done = peak = 0
    for e in events:
        listed += e.kind == "listing"
        done += e.kind == "done"
        peak = max(peak, listed - done)
    assert done == 6 and events[-1].done == events[-1].total == 6
    assert peak <= 2 + 1  # workers + the applicant being listed: never the whole drive
    assert [r.path for r in results] == [f"申报人{i}" for i in range(6)]


# --- layout ------------------------------------------------------------------------------------------

def test_depth_2_reads_units_then_applicants(tmp_path):
    from zccheck.batch import discover

    root = tmp_path / "drive"
    (root / "生态所" / "张三").mkdir(parents=True)
    (root / "生态所" / "李四.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (root / "物理所" / "王五").mkdir(parents=True)
    (root / "物理所" / "说明.docx").write_bytes(b"PK\x03\x04")
    (root / "汇总.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    candidates, skipped = discover(root, depth=2)
    assert [c.display for c in candidates] == ["物理所/王五", "生态所/张三", "生态所/李四.zip"]
    assert [s.display for s in skipped] == ["汇总.zip", "物理所/说明.docx"]


def test_batch_table_summary_is_the_default_output(drive):
    r = run_cli("batch", str(drive), "--jobs", "2")
    assert r.returncode == 1
    for word in ("张三", "赵六.zip", "✓", "✗", "免冠照片", "共 6 人"):
        assert word in r.stdout
    assert "\x1b[" not in r.stderr  # no progress bar when stderr is not a terminal


def test_an_archive_with_too_many_members_is_refused_whole(tmp_path, pack):
    import zipfile

    from zccheck.batch import check_batch, discover
    from zccheck.models import CheckOptions
    from zccheck.scan.archive import ArchiveLimits

    root = tmp_path / "drive"
    root.mkdir()
    with zipfile.ZipFile(root / "很多文件.zip", "w") as z:
        for i in range(ArchiveLimits().max_members + 1):
            z.writestr(f"f{i}.txt", "")
    candidates, _ = discover(root)
    (result,), stats = check_batch(candidates, pack, CheckOptions(), jobs=1)
    refused = [f for f in result.findings if f.code == "ZC310"]
    assert [dict(f.data)["problem"] for f in refused] == ["too-many-members"] and stats.files == 0
