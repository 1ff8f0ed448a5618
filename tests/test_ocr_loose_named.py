"""With --ocr, a page the path says nothing of (微信图片_….jpg, 扫描件.pdf in a flat folder) is read top first.
When its title places it as an item whose words only the identity check reads (a 公需 certificate, a 考核登记表's
front), it is read until it names the applicant and, for an item with years, shows the year it is for; its
title already says the item, so the rest (courses, issuer, a form's body) is not recognised. So is a page whose
path places it as such an item but does not say its year (公需科目证书.jpg in a flat folder, 扫描件1.jpg in the 公需
slot), unless its title names another item. Anything else is read as before: a page that names someone else, a
title whose item reads words (承诺书), an item in parts. The verdicts are those of reading every page whole."""

from __future__ import annotations

import io
import json

import pytest

from tests.factories import build_applicant, make_scan, scan_image
from zccheck.checks.identity import named_rules
from zccheck import engine as engine_module
from zccheck.classify.classifier import classify, path_evidence
from zccheck.classify.heading_rule import DatedNamed, TitleThenNamed, dated_named, title_then_named
from zccheck.engine import check_applicant, list_applicant, plan_looks, reading_rules
from zccheck.models import CheckOptions
from zccheck.pack.loader import load_pack
from zccheck.profile import load_profile
from zccheck.scan.plan import ReadingRules
from zccheck.scan.scanner import ScanSettings, scan_bytes

PROFILE = "姓名: 张三\n身份证号: '650102198506151232'\n"
COURSES = ["课程一：专业技术人员职业道德与诚信建设", "课程二：大数据时代的互联网信息安全", "培训学时：30学时",
           "发证单位：新疆维吾尔自治区专业技术人员继续教育基地", "发证日期：2020年3月15日", "查询网址：请登录继续教育平台查询"]


def certificate(year: int, name: str = "张三") -> str:
    return "\n".join([f"{year}年度公需科目培训合格证书", f"姓名：{name}", "工作单位：新疆大学", *COURSES])


def squash(s: str) -> str:
    return "".join(s.split())


@pytest.fixture(scope="module")
def loose(pack) -> TitleThenNamed:
    profile, _ = load_profile(PROFILE.encode(), "申报信息.yaml", pack, {})
    rule = title_then_named(pack, named_rules(pack, profile))
    assert isinstance(rule, TitleThenNamed)
    return rule


# ---------------------------------------------------------------- the rule (no engine)


def test_a_certificate_is_read_until_it_names_the_applicant_and_its_year(loose):
    assert loose(["2019年度公需科目培训合格证书", "姓名：张三", "工作单位：新疆大学"]) is True
    assert loose(["2019年度公需科目培训合格证书", "姓名：张三"]) is None  # the line under the name is read too
    no_year = ["专业技术人员继续教育公需科目培训合格证书", "姓名：张三", "工作单位：新疆大学"]
    assert loose(no_year) is None  # whose, but not which year: read on
    assert loose(no_year + ["发证日期：2020年3月15日"]) is None  # a date is no year label
    assert loose(no_year + ["培训年度：2019年度"]) is True
    assert loose(["专业技术人员继续教育公需科目培训合格证书", "（2019）", "姓名：张三", "工作单位：新疆大学"]) is True
    assert loose(["事业单位工作人员年度考核登记表", "（2019年度）", "姓名 张三 性别 男", "工作单位 新疆大学"]) is True


def test_a_page_that_names_someone_else_or_reads_words_for_a_check_is_read_whole(loose):
    assert loose(["2019年度公需科目培训合格证书", "姓名：李四", "工作单位：新疆大学"]) is False
    assert loose(["2019年度公需科目培训合格证书", "姓名：张三", "身份证号：650102199003072414"]) is False
    assert loose(["职称申报承诺书", "本人张三承诺所提交的材料真实。", "承诺人：张三"]) is False  # a placeholder check reads it
    assert loose(["毕业证书", "研究生张三于2008年9月至2011年7月在本校学习", "准予毕业。"]) is False  # parts: read whole
    assert loose(["一、项目主要研究内容", "本项目围绕塔里木河下游生态输水效果评估开展研究，", "取得了成果。"]) is False


def test_a_title_two_certificates_share_is_told_by_the_year(loose, pack):
    tied = ["培训证明", "兹证明张三同志于2019年度参加专业技术人员继续教育学习，", "完成规定课程，考核合格。"]
    assert loose(tied[:1] + ["兹证明张三同志参加专业技术人员继续教育学习，", "完成规定课程，考核合格。"]) is None
    assert loose(tied) is True and loose.next_pages(tied) is loose.by_title["training-public"]
    assert loose([tied[0], tied[1].replace("2019", "2021"), tied[2]]) is True
    assert loose([tied[0], tied[1].replace("2019", "2008"), tied[2]]) is False  # a year neither asks for


def test_a_wordless_title_settles_its_file_a_certificate_only_its_own_page(loose):
    award = ["荣誉证书", "张三同志：", "在2019年度科技攻关工作中成绩突出，被评为先进工作者。"]
    cert = ["2019年度公需科目培训合格证书", "姓名：张三", "工作单位：新疆大学"]
    assert loose(award) is True and loose.next_pages(award) is None  # its later pages are not read
    assert loose(cert) is True and loose.next_pages(cert) is loose.by_title["training-public"]
    # a later page is read as a page its path places as that item: an award merged after it is read whole
    assert loose.by_title["training-public"](award) is False


def test_no_rule_without_a_name_or_id_number_and_one_per_applicant(pack):
    nobody, _ = load_profile("系列: 自然科学研究\n".encode(), "申报信息.yaml", pack, {})
    assert title_then_named(pack, named_rules(pack, nobody)) is None  # the pack's title rule alone then
    other, _ = load_profile("姓名: 李四\n".encode(), "申报信息.yaml", pack, {})
    zhang, _ = load_profile(PROFILE.encode(), "申报信息.yaml", pack, {})
    first, second = (title_then_named(pack, named_rules(pack, p)) for p in (zhang, other))
    assert first is not None and second is not None and first.fingerprint != second.fingerprint


def test_a_path_that_places_a_certificate_but_not_its_year_is_read_until_named_and_dated(pack):
    public = ("training-public",)
    assert path_evidence("公需科目证书.jpg", pack).undated == "training-public"  # flat: the name says the item
    assert path_evidence("08-公需科目培训证书（2014-2020）/扫描件1.jpg", pack, public).undated == "training-public"
    assert path_evidence("08-公需科目培训证书（2014-2020）/扫描件1.jpg", pack, public).settled is None  # title may say another
    dated = path_evidence("2019公需.pdf", pack)
    assert dated.settled == "training-public" and dated.undated is None  # its year in its name: settled outright
    assert path_evidence("证书.jpg", pack).undated is None  # a name that says nothing: the title decides (TitleThenNamed)
    assert path_evidence("04-学历学位证书/扫描件1.jpg", pack, ("education",)).undated is None  # parts: read whole
    assert path_evidence("07-继续教育/扫描件1.jpg", pack, ("training-professional", "training-public")).undated is None


@pytest.fixture(scope="module")
def undated(pack) -> DatedNamed:
    profile, _ = load_profile(PROFILE.encode(), "申报信息.yaml", pack, {})
    rule = dated_named(pack, named_rules(pack, profile))["training-public"]
    assert set(dated_named(pack, named_rules(pack, profile))) == {"training-public", "training-professional",
                                                                 "annual-assessment"}
    return rule


def test_a_placed_certificate_is_read_until_named_and_dated_unless_its_title_names_another_item(undated):
    assert undated(["2019年度公需科目培训合格证书", "姓名：张三", "工作单位：新疆大学"]) is True
    assert undated(["培训证明", "兹证明张三同志于2019年度参加学习，", "考核合格。"]) is True  # the slot says which
    assert undated(["合格证书", "姓名：张三", "工作单位：新疆大学"]) is None  # no year yet
    assert undated(["2021年度专业科目培训合格证书", "姓名：张三", "工作单位：新疆大学"]) is False  # misfiled: whole
    assert undated(["2019年度公需科目培训合格证书", "姓名：李四", "工作单位：新疆大学"]) is False
    assert undated.next_pages(["2019年度公需科目培训合格证书", "姓名：张三", "工作单位：新疆大学"]) is undated


# ---------------------------------------------------------------- with the engine


@pytest.fixture
def engine(ocr_module):
    return ocr_module


def test_a_loose_scanned_pdf_of_two_certificates_reads_each_page_to_its_name_and_year(engine, loose, pack,
                                                                                        monkeypatch, tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    from zccheck.scan.ocr_runner import OcrRunner

    out = io.BytesIO()
    scan_image(certificate(2018)).save(out, "PDF", save_all=True, append_images=[scan_image(certificate(2019))],
                                       resolution=150)
    settings = ScanSettings(max_file_bytes=20 << 20, accepted_kinds=("pdf",), ocr=True)
    facts = scan_bytes("扫描件.pdf", out.getvalue(), settings, OcrRunner.create(), heading_first=True, read_until=loose)
    texts = [squash(p.ocr_text or "") for p in facts.pages]
    assert all("张三" in t and "查询网址" not in t for t in texts)  # each page read to its name and year only
    assert classify(facts, pack).item == "training-public" and classify(facts, pack).years == (2018, 2019)


class _FailsOnLaterPages:
    """Settles a first page at its third line, then fails to say how its later pages are read."""

    lines = 3
    fingerprint = "fails-on-later-pages"

    def __call__(self, lines):
        return True if len(lines) >= 3 else None

    def next_pages(self, lines):
        raise RuntimeError("a rule that fails")


def test_a_rule_that_fails_on_later_pages_has_them_read_whole(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    from zccheck.scan.ocr_runner import OcrRunner

    out = io.BytesIO()
    scan_image(certificate(2018)).save(out, "PDF", save_all=True, append_images=[scan_image(certificate(2019))],
                                       resolution=150)
    settings = ScanSettings(max_file_bytes=20 << 20, accepted_kinds=("pdf",), ocr=True)
    facts = scan_bytes("扫描件.pdf", out.getvalue(), settings, OcrRunner.create(), heading_first=True,
                       read_until=_FailsOnLaterPages())
    first, second = (squash(p.ocr_text or "") for p in facts.pages)
    assert "查询网址" not in first and "查询网址" in second  # the first read to its top, the second whole


def test_check_credits_loose_certificates_read_to_the_name_and_flags_someone_elses(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = build_applicant(tmp_path / "张三", skip=("training-public:2018", "training-public:2019"))
    make_scan(folder / "微信图片_20210912190236.jpg", certificate(2018))
    make_scan(folder / "微信图片_20210912190301.jpg", certificate(2019, "李四"))
    pack = load_pack(None)
    inp = list_applicant(folder, "张三", pack)
    rules = reading_rules(inp, pack, CheckOptions(ocr=True))
    planned = {t.path: t for t in plan_looks(inp.tasks, pack, ocr=True, rules=rules)}
    assert planned["微信图片_20210912190236.jpg"].read_until is rules.loose
    result = check_applicant(folder, pack, CheckOptions(ocr=True), jobs=0)
    placed = next(it.files for it in result.items if it.id == "training-public")
    assert {"微信图片_20210912190236.jpg", "微信图片_20210912190301.jpg"} <= set(placed)
    assert not any(f.code == "ZC201" for f in result.findings)  # both years found, 2018's from a partial read
    flagged = {f.file for f in result.findings if f.code == "ZC502"}
    assert flagged == {"微信图片_20210912190301.jpg"}


def _whole_and_partial(folder, monkeypatch, tmp_path):
    """The check of `folder` with every page read whole, and as zccheck reads it (each cold)."""
    pack = load_pack(None)
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "whole"))
    with monkeypatch.context() as patched:
        patched.setattr(engine_module, "reading_rules", lambda *a: ReadingRules())
        whole = check_applicant(folder, pack, CheckOptions(ocr=True), jobs=0)
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "partial"))
    return whole, check_applicant(folder, pack, CheckOptions(ocr=True), jobs=0)


# build_applicant's pages read in part whatever a test adds: the ID card's 身份证正面.jpg, its sides being named
# apart (scan.plan: read until it names the applicant)
FACTORY_PARTS = 1


def _pages_read_in_part(cache_dir) -> int:
    """How many pages the OCR cache under `cache_dir` holds read only in part (zccheck.scan.ocr.OcrResult)."""
    count = 0
    for entry in cache_dir.rglob("*.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        count += isinstance(data, dict) and (data.get("result") or {}).get("complete") is False
    return count


def _verdicts(result):
    return (result.status, sorted((it.id, it.status, tuple(sorted(it.files))) for it in result.items),
            sorted((f.code, f.item or "", f.file or "") for f in result.findings))


def test_certificates_in_their_slot_under_scanner_names_get_the_verdicts_of_a_whole_read(engine, monkeypatch, tmp_path):
    slot = "08-公需科目培训证书（2014-2020）"
    folder = build_applicant(tmp_path / "张三", skip=("training-public:2017", "training-public:2018", "training-public:2019"))
    make_scan(folder / slot / "扫描件1.jpg", certificate(2017))
    make_scan(folder / slot / "扫描件2.jpg", certificate(2018, "李四"))  # someone else's: flagged
    make_scan(folder / slot / "扫描件3.jpg", certificate(2021).replace("公需科目", "专业科目"))  # misfiled
    whole, partial = _whole_and_partial(folder, monkeypatch, tmp_path)
    assert _verdicts(partial) == _verdicts(whole)
    assert _pages_read_in_part(tmp_path / "whole") == 0 and _pages_read_in_part(tmp_path / "partial") == 1 + FACTORY_PARTS  # 扫描件1
    codes = {(f.code, f.file) for f in partial.findings}
    assert ("ZC502", f"{slot}/扫描件2.jpg") in codes
    assert any(file == f"{slot}/扫描件3.jpg" for _, file in codes)  # the 专业科目 certificate is called out
    assert any(f.code == "ZC201" and 2019 in f.data_dict()["years"] for f in partial.findings)  # 2019: none


def test_a_loose_pdf_of_a_certificate_and_an_award_gets_the_verdicts_of_a_whole_read(engine, monkeypatch, tmp_path):
    folder = build_applicant(tmp_path / "张三", skip=("training-public:2018", "training-public:2019"))
    out = io.BytesIO()
    award = "荣誉证书\n张三同志：\n在科技攻关工作中成绩突出，\n被评为2019年度先进工作者。\n特发此证，以资鼓励。"
    scan_image(certificate(2018)).save(out, "PDF", save_all=True, append_images=[scan_image(award)], resolution=150)
    (folder / "扫描件.pdf").write_bytes(out.getvalue())
    whole, partial = _whole_and_partial(folder, monkeypatch, tmp_path)
    assert _verdicts(partial) == _verdicts(whole)  # the award's 2019年度 counts as it did: its page is read whole
    assert _pages_read_in_part(tmp_path / "partial") == 1 + FACTORY_PARTS


def test_loose_photos_of_certificates_and_forms_get_the_verdicts_of_a_whole_read(engine, monkeypatch, tmp_path):
    folder = build_applicant(tmp_path / "张三", skip=("training-public:2016", "training-public:2017",
                                                      "annual-assessment:2019"))
    make_scan(folder / "微信图片_20210912190236.jpg", certificate(2016))
    make_scan(folder / "微信图片_20210912190237.jpg", "\n".join(["专业技术人员继续教育公需科目培训合格证书", "姓名：张三",
                                                                "工作单位：新疆大学", "培训年度：2017年度", *COURSES]))
    make_scan(folder / "微信图片_20210912190301.jpg", "\n".join(["事业单位工作人员年度考核登记表", "（2019年度）",
                                                                "姓名 张三 性别 男", "工作单位 新疆大学", "考核等次 合格"]))
    make_scan(folder / "微信图片_20210912190302.jpg", "主管领导评语\n该同志2019年度工作认真负责，考核合格。\n单位盖章")
    whole, partial = _whole_and_partial(folder, monkeypatch, tmp_path)
    assert _verdicts(partial) == _verdicts(whole)
    assert _pages_read_in_part(tmp_path / "whole") == 0 and _pages_read_in_part(tmp_path / "partial") == 3 + FACTORY_PARTS
    placed = {f: it.id for it in partial.items for f in it.files}
    assert placed["微信图片_20210912190236.jpg"] == placed["微信图片_20210912190237.jpg"] == "training-public"
    assert placed["微信图片_20210912190301.jpg"] == "annual-assessment"
