"""With --ocr, a scan whose slot and name settle it as an item whose only words read are the identity
check's (2019年度公需科目培训合格证书.jpg in the 公需 slot, a 考核登记表 in its slot) is read top first until
it names the applicant: the rest of a certificate (courses, issuer, a form's second side) is not recognised.
A page that names someone else, another ID number, or a series and level before it names the applicant is
read whole and checked exactly as before; so is every page of an item another check reads words of."""

from __future__ import annotations

import io

import pytest

from tests.conftest import check_twice_from_cache
from tests.factories import build_applicant, make_scan, scan_image
from zccheck.checks.identity import NamedSettles, named_rules, named_settles
from zccheck.engine import check_applicant, list_applicant, plan_looks, reading_rules
from zccheck.scan.plan import ReadingRules
from zccheck.models import CheckOptions
from zccheck.pack.loader import load_pack
from zccheck.profile import load_profile
from zccheck.scan.cache import FactsCache
from zccheck.scan.scanner import ScanSettings, scan_bytes

BODY = ("该同志参加2019年度专业技术人员继续教育公需科目学习，完成规定课程，考核合格。\n"
        "课程一：专业技术人员职业道德与诚信建设\n课程二：大数据时代的互联网信息安全\n"
        "课程三：现代科技发展与创新\n培训学时：30学时\n发证单位：新疆维吾尔自治区专业技术人员继续教育基地\n"
        "证书编号：GX2019123456\n发证日期：2020年3月15日\n查询网址：请登录继续教育平台查询")
OWN = "2019年度公需科目培训合格证书\n姓名：张三\n" + BODY
OTHERS = "2019年度公需科目培训合格证书\n姓名：李四\n" + BODY
UNNAMED = "2019年度公需科目培训合格证书\n" + BODY


def squash(s: str) -> str:
    return "".join(s.split())


@pytest.fixture(scope="module")
def rule(pack):
    profile, _ = load_profile("姓名: 张三\n身份证号: '650102198506151232'\n".encode(), "申报信息.yaml", pack, {})
    found = named_settles(pack, next(it for it in pack.items if it.id == "training-public"), profile)
    assert isinstance(found, NamedSettles)
    return found


@pytest.fixture
def engine(ocr_module):
    return ocr_module


# ---------------------------------------------------------------- the rule (no engine)


def test_the_rule_settles_a_page_once_it_names_the_applicant_and_nobody_else(rule):
    assert rule(["2019年度公需科目培训合格证书"]) is None  # not yet named: read on
    assert rule(["2019年度公需科目培训合格证书", "姓名：张三"]) is None  # named: the line after it is read too
    assert rule(["2019年度公需科目培训合格证书", "姓名：张三", "培训时间：2019年"]) is True
    assert rule(["继续教育学时证明", "兹证明张 三同志（身份证号：650102198506151232）于2019年度参加"]) is True
    assert rule(["证书", "身份证号：650102198506151232"]) is True  # the applicant's own ID number names them too
    assert rule(["2019年度公需科目培训合格证书", "姓名：李四"]) is False  # someone else: read whole, checked as always
    assert rule(["姓名：张三", "身份证号：650102199003072414"]) is False  # another valid ID number
    assert rule(["现对张三同志申报实验技术系列副高级专业技术任职资格进行公示"]) is False  # a series and level: read whole
    assert rule(["序号 姓名 单位 资格名称"]) is None  # a form's header row names nobody


def test_a_minority_name_is_found_however_ocr_reads_its_middle_dot(pack):
    profile, _ = load_profile("姓名: 艾尔肯·吐尔逊\n".encode(), "申报信息.yaml", pack, {})
    rule = named_settles(pack, next(it for it in pack.items if it.id == "annual-assessment"), profile)
    assert rule is not None
    for read in ("艾尔肯•吐尔逊", "艾尔肯.吐尔逊", "艾尔肯吐尔逊", "艾尔肯・吐尔逊"):
        assert rule(["2019年度考核登记表", f"姓名 {read} 性别 男", "工作单位 新疆大学"]) is True


def test_only_items_whose_words_serve_the_identity_check_alone_are_read_until_named(pack):
    profile, _ = load_profile("姓名: 张三\n".encode(), "申报信息.yaml", pack, {})
    rules = named_rules(pack, profile)
    assert {"training-public", "training-professional", "annual-assessment"} <= set(rules)
    # a 公示 is read whole: its placeholder and period checks read every line
    assert {"unit-publicity", "authority-recommendation", "commitment", "work-summary"}.isdisjoint(rules)
    assert "achievements" not in rules  # no check reads its words: its scans are not recognised at all
    nobody, _ = load_profile(b"\xe7\xb3\xbb\xe5\x88\x97: \xe8\x87\xaa\xe7\x84\xb6\xe7\xa7\x91\xe5\xad\xa6\xe7\xa0\x94\xe7\xa9\xb6\n",
                             "申报信息.yaml", pack, {})
    assert named_rules(pack, nobody) == {}  # no name, no ID number: nothing to stop at
    other, _ = load_profile("姓名: 李四\n".encode(), "申报信息.yaml", pack, {})
    assert rules["training-public"].fingerprint != named_rules(pack, other)["training-public"].fingerprint


def test_a_file_its_path_settles_is_read_until_named_and_a_loose_one_title_first_then_until_named(pack, tmp_path):
    folder = build_applicant(tmp_path / "张三")
    make_scan(folder / "08-公需科目培训证书（2014-2020）" / "2019年度公需科目培训合格证书.jpg", OWN)
    make_scan(folder / "08-公需科目培训证书（2014-2020）" / "证书.jpg", OWN)  # no year: its words say it
    make_scan(folder / "IMG_0001.jpg", OWN)
    inp = list_applicant(folder, "张三", pack)
    rules = reading_rules(inp, pack, CheckOptions(ocr=True))
    planned = {t.path: t for t in plan_looks(inp.tasks, pack, ocr=True, rules=rules)}
    assert planned["08-公需科目培训证书（2014-2020）/2019年度公需科目培训合格证书.jpg"].read_until == rules.settled["training-public"]
    # in a slot of one item, a name without its year: read until named and dated (classify.heading_rule.DatedNamed)
    assert planned["08-公需科目培训证书（2014-2020）/证书.jpg"].read_until is rules.undated["training-public"]
    # A loose file: its title first, and a certificate's title then reads it until it names the applicant.
    assert planned["IMG_0001.jpg"].read_until is rules.loose and planned["IMG_0001.jpg"].heading_first
    assert rules.loose is not None and set(rules.loose.by_title) == {"training-public", "training-professional",
                                                                  "annual-assessment"}
    assert reading_rules(inp, pack, CheckOptions(ocr=False)) == ReadingRules()
    assert not any(t.read_until for t in plan_looks(inp.tasks, pack, ocr=False, rules=rules))


def test_the_applicants_id_number_goes_with_every_scan_read_and_dates_only_where_read(pack, rule, tmp_path):
    folder = build_applicant(tmp_path / "张三")
    make_scan(folder / "IMG_0001.jpg", OWN)
    inp = list_applicant(folder, "张三", pack)
    rules = reading_rules(inp, pack, CheckOptions(ocr=True))
    assert rules.own_id == "650102198506151232"
    assert {t.own_id for t in plan_looks(inp.tasks, pack, ocr=True, rules=rules)} == {"650102198506151232"}
    assert {t.own_id for t in plan_looks(inp.tasks, pack, ocr=False, rules=rules)} == {None}
    # a certificate its path settles, years and all: its dates are read by nobody; a loose one's give its years
    assert rule.reads_dates is False
    assert getattr(rules.loose, "reads_dates", True) and getattr(rules.undated["training-public"], "reads_dates", True)
    # an item in parts is read until named by a file naming its parts only when it has no years, which such a
    # name does not give (its words would, and the rule reads no dates with care)
    assert set(rules.parted) == {"id-card", "education", "title-proof"}
    assert all(rules.parted[i] is rules.settled[i] for i in rules.parted)
    mistyped = build_applicant(tmp_path / "mistyped", {"身份证号": "65010219850615123"})
    assert reading_rules(list_applicant(mistyped, "张三", pack), pack, CheckOptions(ocr=True)).own_id is None


def test_a_page_read_to_its_end_under_a_rule_that_reads_no_dates_serves_no_whole_read(rule, monkeypatch, tmp_path):
    from zccheck.scan import ocr_runner
    from zccheck.scan.ocr import OcrCache, OcrResult

    reads = []

    def read(image, heading=None, quick=True, own_numbers=()):
        reads.append(heading)
        return OcrResult(text="2019年度公需科目培训合格证书", lines=("2019年度公需科目培训合格证书",), mean_score=0.99,
                         seconds=0.0, complete=True)

    monkeypatch.setattr(ocr_runner, "ocr_image", read)
    runner = ocr_runner.OcrRunner(OcrCache(tmp_path / "ocr"), True)
    sha = "cd" * 32
    assert runner.read(None, sha, 1, rule).complete
    assert runner.read(None, sha, 1, rule).complete and reads == [rule]  # served under the same rule
    runner.read(None, sha, 1)
    assert reads == [rule, None]  # the whole read recognises the page, its dates read with care
    runner.read(None, sha, 1, rule)
    assert reads == [rule, None]  # and then serves the rule's reads too


# ---------------------------------------------------------------- with the engine


def test_a_certificate_is_read_until_it_names_the_applicant(engine, rule):
    whole = engine.ocr_image(scan_image(OWN))
    named = engine.ocr_image(scan_image(OWN), rule)
    assert whole.complete and not named.complete
    assert "张三" in squash(named.text) and "查询网址" not in squash(named.text) and "查询网址" in squash(whole.text)
    assert named.lines == whole.lines[:len(named.lines)]


@pytest.mark.parametrize("text", [OTHERS, UNNAMED], ids=["someone-else", "nobody"])
def test_a_page_that_does_not_name_the_applicant_reads_exactly_as_a_whole_read(engine, rule, text):
    read = engine.ocr_image(scan_image(text), rule)
    assert read.complete and read.text == engine.ocr_image(scan_image(text)).text


def test_a_scanned_form_named_on_its_first_side_reads_no_second_side(engine, rule, monkeypatch, tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    from zccheck.scan.ocr_runner import OcrRunner

    out = io.BytesIO()
    scan_image(OWN).save(out, "PDF", save_all=True, append_images=[scan_image(BODY)], resolution=150)
    settings = ScanSettings(max_file_bytes=20 << 20, accepted_kinds=("pdf",), ocr=True)
    facts = scan_bytes("2019年度考核登记表.pdf", out.getvalue(), settings, OcrRunner.create(), read_until=rule)
    assert "张三" in squash(facts.pages[0].ocr_text or "") and facts.pages[1].ocr_text is None
    assert settings.tag_for(False, read_until=rule) not in (settings.tag_for(False), settings.tag_for(True))


def test_check_reads_own_certificates_to_the_name_and_still_flags_someone_elses(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    slot = "08-公需科目培训证书（2014-2020）"

    def scan(text):
        return lambda f: make_scan(f.with_suffix(".jpg"), text.replace("2019", f.name[:4]))

    folder = build_applicant(tmp_path / "张三", replace={"training-public:2018": scan(OWN), "training-public:2019": scan(OTHERS)})
    pack = load_pack(None)
    result = check_applicant(folder, pack, CheckOptions(ocr=True), jobs=0)
    flagged = {f.file for f in result.findings if f.code == "ZC502"}
    placed = next(it.files for it in result.items if it.id == "training-public")
    own = next(f for f in placed if f.startswith(f"{slot}/2018"))
    others = next(f for f in placed if f.startswith(f"{slot}/2019"))
    assert others in flagged and own not in flagged


def test_a_page_without_text_after_a_page_read_to_its_name_is_whole(engine, rule):
    assert not engine.ocr_image(scan_image(OWN), rule).complete
    # nothing detected: the recogniser is never called, and must not report the previous page's partial read
    assert engine.ocr_image(scan_image("", blank=True), rule).complete


def test_a_warm_re_run_serves_facts_read_until_named_and_scans_nothing(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = build_applicant(tmp_path / "张三", replace={
        "training-public:2019": lambda f: make_scan(f.with_suffix(".jpg"), OWN)})
    first, again = check_twice_from_cache(folder, tmp_path / "facts", monkeypatch)
    assert again == first
    # another applicant's profile is another rule: the same certificate is not served from the first's read
    (folder / "申报信息.yaml").write_text((folder / "申报信息.yaml").read_text(encoding="utf-8").replace("张三", "李四"),
                                          encoding="utf-8")
    cache = FactsCache(tmp_path / "facts")
    with pytest.raises(pytest.fail.Exception):
        check_applicant(folder, load_pack(None), CheckOptions(ocr=True), jobs=0, cache=cache)
    cache.close()
