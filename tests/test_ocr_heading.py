"""With --ocr, a page its path says nothing of (IMG_0001.jpg, 扫描件.pdf) is read top first: when its title
settles it as an item whose checks, years and parts read no words (a 荣誉证书 among the achievements), its
body is never recognised; any other page reads exactly as if read whole, and a page read only to its top
never serves a read that needs the whole page."""

from __future__ import annotations

import io
import pytest
from tests.conftest import check_twice_from_cache
from tests.factories import build_applicant, make_scan, scan_image
from zccheck.classify.heading_rule import title_settles
from zccheck.codes import severity_of
from zccheck.engine import check_applicant, list_applicant, plan_looks
from zccheck.models import CheckOptions
from zccheck.pack.loader import load_pack
from zccheck.scan.ocr import OcrCache
from zccheck.scan.scanner import ScanSettings, scan_bytes

AWARD = ("荣誉证书\n张三同志：\n在2019年度科技攻关工作中成绩突出，被评为先进工作者。\n特发此证，以资鼓励。\n"
         "获奖项目：干旱区绿洲生态监测技术研究与应用\n获奖等级：一等奖\n颁奖单位：新疆生态与地理研究所\n"
         "证书编号：KJ2019-018\n二〇一九年十二月二十日\n本证书仅用于表彰，不作其他用途。\n"
         "项目组成员：张三、李四、王五、赵六\n发证机关盖章有效")
TRAINING = ("2019年度公需科目培训合格证书\n姓名：张三\n身份证号：650102198506151232\n"
            "该同志参加2019年度专业技术人员公需科目培训，完成规定学时，考核合格。\n"
            "培训学时：30学时\n培训内容：专业技术人员职业道德与诚信建设\n发证单位：新疆维吾尔自治区继续教育中心\n"
            "证书编号：GX2019-0456\n二〇一九年十一月\n查询网址：请登录继续教育平台查询")


def squash(s: str) -> str:
    return "".join(s.split())


@pytest.fixture(scope="module")
def rule():
    found = title_settles(load_pack(None))
    assert found is not None
    return found


@pytest.fixture
def engine(ocr_module):
    return ocr_module


# ---------------------------------------------------------------- the rule (no engine)


def test_the_rule_knows_which_items_read_no_words(rule):
    assert {"achievements", "entrustment-letter", "aid-approval"} <= rule.wordless
    assert {"training-public", "annual-assessment", "unit-publicity", "commitment", "id-card"}.isdisjoint(rule.wordless)


def test_the_rule_waits_until_the_title_zone_is_read_then_decides(rule):
    assert rule(["荣誉证书"]) is None  # a title may still wrap onto the next line
    assert rule(["荣誉证书", "张三同志：", "在2019年度科技攻关工作中成绩突出，被评为先进工作者。"]) is True
    # a title that names an item whose words are read (its years, the identity check): the page is read whole
    assert rule(["2019年度公需科目培训合格证书", "姓名：张三", "该同志参加2019年度公需科目培训，考核合格。"]) is False
    # a page that opens with prose has no title: its body phrases decide, so it is read whole
    assert rule(["在核心期刊发表学术论文多篇，完成多项检测方法的建立与验证。"]) is False
    # given the most lines it reads, it decides
    assert rule(["新疆", "乌鲁木齐", "沙依巴克", "天山", "水磨沟", "头屯河", "达坂城", "米东"]) is False


def test_only_a_page_the_path_says_nothing_of_is_planned_top_first(tmp_path):
    folder = build_applicant(tmp_path / "张三")
    make_scan(folder / "IMG_0001.jpg", AWARD)
    make_scan(folder / "09-业绩印证材料" / "获奖证书.jpg", AWARD)
    pack = load_pack(None)
    planned = {t.path: t for t in plan_looks(list_applicant(folder, "张三", pack).tasks, pack, ocr=True)}
    assert planned["IMG_0001.jpg"].heading_first and not planned["IMG_0001.jpg"].blank_only
    assert not planned["09-业绩印证材料/获奖证书.jpg"].heading_first  # its slot and name settle it: not read at all
    assert not planned["13-单位公示证明及公示结果/公示.jpg"].heading_first  # read whole for its checks
    without = plan_looks(list_applicant(folder, "张三", pack).tasks, pack)
    assert not any(t.heading_first for t in without)


# ---------------------------------------------------------------- the engine


def test_a_page_settled_by_its_title_is_read_only_to_its_top(engine, rule):
    image = scan_image(AWARD)
    whole = engine.ocr_image(image)
    top = engine.ocr_image(scan_image(AWARD), rule)
    assert whole.complete and not top.complete
    assert "荣誉证书" in squash(top.lines[0])
    assert 3 <= len(top.lines) < len(whole.lines)
    assert top.lines == whole.lines[:len(top.lines)]  # the same lines, in the same order
    assert "项目组成员" not in squash(top.text) and "项目组成员" in squash(whole.text)


def test_a_page_whose_words_are_needed_reads_exactly_as_a_whole_read(engine, rule):
    read = engine.ocr_image(scan_image(TRAINING), rule)
    assert read.complete
    assert read.text == engine.ocr_image(scan_image(TRAINING)).text
    assert "650102198506151232" in squash(read.text)


class _BrokenRule:
    lines = 8
    fingerprint = "broken"

    def __call__(self, lines):
        raise RuntimeError("a rule that fails")


def test_a_rule_that_fails_costs_the_page_nothing(engine):
    read = engine.ocr_image(scan_image(AWARD), _BrokenRule())
    assert read.complete and read.text == engine.ocr_image(scan_image(AWARD)).text


def test_a_top_read_is_cached_apart_and_never_serves_a_whole_read(engine, rule, tmp_path):
    from zccheck.scan.ocr_runner import OcrRunner

    runner = OcrRunner(OcrCache(tmp_path / "ocr"), True)
    sha = "ab" * 32
    top = runner.read(scan_image(AWARD), sha, 1, rule)
    assert top is not None and not top.complete
    assert runner.read(scan_image(AWARD), sha, 1, rule) == top  # the same rule: served from the cache
    whole = runner.read(scan_image(AWARD), sha, 1)
    assert whole is not None and whole.complete and "项目组成员" in squash(whole.text)
    # now the whole page is known, it serves the top-first read too
    again = runner.read(scan_image(AWARD), sha, 1, rule)
    assert again is not None and again.complete and again.text == whole.text


def _two_page_pdf(first: str, second: str) -> bytes:
    out = io.BytesIO()
    scan_image(first).save(out, "PDF", save_all=True, append_images=[scan_image(second)], resolution=150)
    return out.getvalue()


def test_a_scanned_pdf_settled_by_its_first_page_title_reads_no_further_page(engine, rule, monkeypatch, tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    settings = ScanSettings(max_file_bytes=20 << 20, accepted_kinds=("pdf",), ocr=True, heading_rule=rule)
    from zccheck.scan.ocr_runner import OcrRunner

    runner = OcrRunner.create()
    award = scan_bytes("扫描件1.pdf", _two_page_pdf(AWARD, TRAINING), settings, runner, heading_first=True)
    assert [p.number for p in award.pages] == [1, 2]
    assert "荣誉证书" in squash(award.pages[0].ocr_text or "") and award.pages[1].ocr_text is None
    training = scan_bytes("扫描件2.pdf", _two_page_pdf(TRAINING, AWARD), settings, runner, heading_first=True)
    assert "650102198506151232" in squash(training.pages[0].ocr_text or "")
    assert "荣誉证书" in squash(training.pages[1].ocr_text or "")  # not settled: every page is read
    assert settings.tag_for(False, True) not in (settings.tag_for(False), settings.tag_for(True))


def test_check_places_a_loose_award_by_its_title_and_reads_loose_certificates_whole(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = build_applicant(tmp_path / "张三")
    make_scan(folder / "微信图片_20210912190236.jpg", AWARD)
    make_scan(folder / "微信图片_20210912190301.jpg", TRAINING.replace("650102198506151232", "650102199003072414"))
    pack = load_pack(None)
    result = check_applicant(folder, pack, CheckOptions(ocr=True), jobs=0)
    placed = {f: item.id for item in result.items for f in item.files}
    assert placed["微信图片_20210912190236.jpg"] == "achievements"
    assert placed["微信图片_20210912190301.jpg"] == "training-public"
    # the certificate was read whole: the identity check saw its ID number, someone else's
    assert any(f.code == "ZC502" and f.file == "微信图片_20210912190301.jpg" for f in result.findings)
    assert not any(f.file == "微信图片_20210912190236.jpg" and severity_of(f) == "error" for f in result.findings)


def test_a_warm_re_run_serves_top_first_facts_and_scans_nothing(engine, monkeypatch, tmp_path):

    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = build_applicant(tmp_path / "张三")
    make_scan(folder / "IMG_20210908_0001.jpg", AWARD)
    first, again = check_twice_from_cache(folder, tmp_path / "facts", monkeypatch)
    assert again == first
    assert "IMG_20210908_0001.jpg" in next(it.files for it in first.items if it.id == "achievements")
