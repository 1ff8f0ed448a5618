"""A file whose slot folder and name settle an item that reads no words (论文1.pdf in the 业绩 slot) is that
item whatever its text says, and only its pages' blank look is checked: its text pages are not decoded (a
loose one's first page with text is: its title may place the next loose page).
Everything a report says stays the same — a blank page is still found, a misfiled file the name does not
settle is still read and caught, and a loose file is read (its title may place the page after it)."""

from __future__ import annotations

from tests.factories import build_applicant, make_pdf
from zccheck.engine import check_applicant, list_applicant, plan_looks
from zccheck.models import CheckOptions
from zccheck.pack.loader import load_pack
from zccheck.scan.cache import FactsCache
from zccheck.scan.scanner import ScanSettings, scan_bytes

ASSESSMENT = "2019年度考核登记表\n姓名：张三\n考核等次：合格"
PAPER = ["干旱区植被遥感监测研究\n摘要：本文利用多源遥感数据……\n关键词：遥感；植被", "正文：……"]


def test_only_a_file_settled_in_its_slot_as_a_wordless_item_goes_undecoded(tmp_path):
    folder = build_applicant(tmp_path / "张三")
    make_pdf(folder / "09-业绩印证材料" / "扫描件.pdf", ASSESSMENT)
    make_pdf(folder / "论文2.pdf", PAPER)
    pack = load_pack(None)
    for ocr in (False, True):
        words = {t.path: t.words for t in plan_looks(list_applicant(folder, "张三", pack).tasks, pack, ocr=ocr)}
        assert words["09-业绩印证材料/论文1.pdf"] == "none"  # its slot and name settle it: 业绩, which reads no words
        assert words["09-业绩印证材料/扫描件.pdf"] == "all"  # a name that says nothing: its title may misfile it
        assert words["论文2.pdf"] == "first"  # loose: its title may place the next loose page
        assert words["13-单位公示证明及公示结果/公示.jpg"] == "all"
        assert all(words[p] == "all" for p in words if p.startswith(("08-", "11-", "12-", "01-")))  # checks read them


def test_an_undecoded_file_keeps_its_pages_blank_look(tmp_path):
    settings = ScanSettings(max_file_bytes=10 << 20, accepted_kinds=("pdf",))
    data = make_pdf(tmp_path / "论文1.pdf", PAPER, blank_pages=(3,)).read_bytes()
    read = scan_bytes("09-业绩印证材料/论文1.pdf", data, settings, blank_only=True)
    unread = scan_bytes("09-业绩印证材料/论文1.pdf", data, settings, blank_only=True, words="none")
    first = scan_bytes("论文1.pdf", data, settings, blank_only=True, words="first")
    assert "遥感" in read.text and unread.text == ""
    assert [p.text for p in first.pages] == [read.pages[0].text, "", ""] and "遥感" in first.text
    assert [(p.number, p.has_content_stream, p.image_count) for p in unread.pages] == \
        [(p.number, p.has_content_stream, p.image_count) for p in read.pages]
    assert [p.has_content_stream for p in unread.pages] == [True, True, False]
    tags = {settings.tag_for(True, words="none"), settings.tag_for(True, words="first"), settings.tag_for(True),
            settings.tag_for(False)}
    assert len(tags) == 4


def test_a_check_finds_the_same_with_the_words_left_undecoded(tmp_path):
    folder = build_applicant(tmp_path / "张三")
    make_pdf(folder / "09-业绩印证材料" / "论文1.pdf", PAPER, blank_pages=(2,))  # replaces the factory's
    make_pdf(folder / "09-业绩印证材料" / "扫描件.pdf", ASSESSMENT)
    pack = load_pack(None)
    result = check_applicant(folder, pack, CheckOptions(), jobs=0)
    codes = {(f.code, f.file, f.page) for f in result.findings}
    assert ("ZC402", "09-业绩印证材料/论文1.pdf", 2) in codes  # the blank page is still found
    assert any(c == "ZC104" and f == "09-业绩印证材料/扫描件.pdf" for c, f, _ in codes)  # still misfiled
    achievements = next(it for it in result.items if it.id == "achievements")
    assert "09-业绩印证材料/论文1.pdf" in achievements.files


def test_a_warm_re_run_serves_undecoded_facts(tmp_path, monkeypatch):
    import pytest

    from zccheck.scan import runner

    folder = build_applicant(tmp_path / "张三")
    pack = load_pack(None)
    cache = FactsCache(tmp_path / "facts")
    first = check_applicant(folder, pack, CheckOptions(), jobs=0, cache=cache)
    cache.close()
    monkeypatch.setattr(runner, "scan_task", lambda *a, **k: pytest.fail("a file was scanned again"))
    cache = FactsCache(tmp_path / "facts")
    assert check_applicant(folder, pack, CheckOptions(), jobs=0, cache=cache) == first
    cache.close()
