"""The order an applicant's files go to the pool in: the likely longest first, so that a check or a batch ends
with short files and no worker waits idle at the end while the other reads a long one."""

from __future__ import annotations

from zccheck.classify.heading_rule import title_settles
from zccheck.engine import list_applicant, plan_looks, reading_rules
from zccheck.models import CheckOptions
from zccheck.pack.loader import load_pack
from zccheck.scan.plan import reading_order
from zccheck.scan.runner import ScanTask
from tests.factories import build_applicant


def _task(name: str, size: int, **look) -> ScanTask:
    return ScanTask(key=name, path=name, size=size, **look)


def test_files_read_whole_come_before_certificates_read_until_named_and_pages_only_looked_at():
    rule = title_settles(load_pack("xj-2021-zrkx-syjs"))
    tasks = [_task("业绩01.pdf", 3_000_000, blank_only=True),
             _task("2019年度公需科目培训证书.jpg", 900_000, read_until=rule),
             _task("标准免冠照片.jpg", 2_000_000, words="none"),
             _task("单位公示.pdf", 800_000),
             _task("2018年度公需科目培训证书.jpg", 400_000, read_until=rule),
             _task("个人业务工作总结.pdf", 1_200_000)]
    ordered = [t.path for t in reading_order(tasks)]
    # a byte read whole costs about four only looked at (a 业绩 PDF's pages), a certificate read until named two
    assert ordered == ["个人业务工作总结.pdf", "单位公示.pdf", "业绩01.pdf", "标准免冠照片.jpg",
                       "2019年度公需科目培训证书.jpg", "2018年度公需科目培训证书.jpg"]
    assert [t.path for t in reading_order(list(reversed(tasks)))] == ordered


def test_a_planned_applicant_ends_with_its_shortest_reads(tmp_path):
    pack = load_pack("xj-2021-zrkx-syjs")
    folder = build_applicant(tmp_path / "张三")
    inp = list_applicant(folder, "张三", pack)
    planned = plan_looks(inp.tasks, pack, ocr=True, rules=reading_rules(inp, pack, CheckOptions(ocr=True)))
    ordered = reading_order(planned)
    assert sorted(t.path for t in ordered) == sorted(t.path for t in planned)
    read_whole = [i for i, t in enumerate(ordered) if not t.blank_only and t.words != "none" and t.read_until is None]
    looked_at = [i for i, t in enumerate(ordered) if t.blank_only or t.words == "none"]
    assert read_whole and looked_at
    # a file read whole never waits behind a smaller one only looked at
    for i in read_whole:
        assert all(ordered[j].size * 1 > ordered[i].size * 4 for j in looked_at if j < i)
