"""With --ocr, a page is recognised only when a decision needs its words: a scan whose slot and name
settle an item that reads no words (业绩材料) is not, one that may be a 公示 or a certificate with years is."""

from __future__ import annotations

from pathlib import Path

from tests.factories import build_applicant, make_scan
from zccheck.engine import list_applicant, plan_looks
from zccheck.pack.kinds import needs_text
from zccheck.pack.loader import load_pack
from zccheck.scan.scanner import ScanSettings, scan_bytes

REPO = Path(__file__).resolve().parents[1]


def test_which_items_need_their_words_read(pack):
    reads = {it.id for it in pack.items if needs_text(it)}
    assert {"unit-publicity", "unit-audit", "commitment", "training-public", "annual-assessment", "id-card"} <= reads
    assert {"achievements", "entrustment-letter", "aid-approval"}.isdisjoint(reads)


def test_the_plan_with_ocr_spares_only_scans_whose_items_read_no_words(tmp_path):
    folder = build_applicant(tmp_path / "张三")
    make_scan(folder / "09-业绩印证材料" / "获奖证书.jpg", "荣誉证书\n张三同志：被评为先进工作者。")
    make_scan(folder / "IMG_0001.jpg", "推荐单位公示")
    pack = load_pack(None)
    tasks = list_applicant(folder, "张三", pack).tasks
    with_ocr = {t.path: t.blank_only for t in plan_looks(tasks, pack, ocr=True)}
    assert with_ocr["09-业绩印证材料/获奖证书.jpg"]  # its words decide nothing
    assert not with_ocr["03-身份证（正反面）/身份证人像面.jpg"]  # parts and identity read its words
    assert not with_ocr["04-学历学位证书/毕业证书.jpg"]
    assert not with_ocr["13-单位公示证明及公示结果/公示.jpg"]
    assert not with_ocr["IMG_0001.jpg"]  # a name that says nothing: its words say what it is
    without = {t.path: t.blank_only for t in plan_looks(tasks, pack)}
    assert without["04-学历学位证书/毕业证书.jpg"]  # without OCR, words are never read anyway


class _NoOcr:
    def text(self, *args, **kwargs):
        raise AssertionError("OCR ran on a scan whose words decide nothing")

    read = text


def test_a_blank_only_look_never_runs_ocr(tmp_path):
    scan = make_scan(tmp_path / "获奖证书.jpg", "荣誉证书\n张三同志：被评为先进工作者。")
    settings = ScanSettings(max_file_bytes=10 << 20, accepted_kinds=("jpeg",), ocr=True)
    facts = scan_bytes("09-业绩印证材料/获奖证书.jpg", scan.read_bytes(), settings, _NoOcr(), blank_only=True)  # type: ignore[arg-type]
    assert facts.usable and facts.image is not None and facts.image.blank is False and facts.image.ocr_text is None
    assert settings.tag_for(True) != settings.tag_for(False)  # never served to a run that reads words


def test_a_scan_whose_path_settles_its_item_and_years_is_not_read(tmp_path):
    """Xianyang's 聘书 have years and no check that reads their words: one named 2019年聘书 in its slot is
    2019's 聘书 whatever it says (the classifier takes the name's item and years over the text's), so OCR is
    spared; one whose name has no year, or that sits outside its slot with a name of two items, is read —
    and the 2021 pack's 考核表 with its year in the name still is, for the identity check reads its name."""
    xianyang = load_pack(REPO / "rules" / "xianyang-2022-gongcheng")
    folder = tmp_path / "李四"
    slot = folder / "10-近五年专业技术职务聘书"
    make_scan(slot / "2019年聘书.jpg", "聘书\n兹聘任李四同志为工程师。")
    make_scan(slot / "聘书.jpg", "聘书\n兹聘任李四同志为工程师，聘期2018-2020年。")
    make_scan(slot / "扫描件.jpg", "聘书\n兹聘任李四同志为工程师。")
    tasks = list_applicant(folder, "李四", xianyang).tasks
    planned = {t.path: t.blank_only for t in plan_looks(tasks, xianyang, ocr=True)}
    assert planned["10-近五年专业技术职务聘书/2019年聘书.jpg"]
    assert not planned["10-近五年专业技术职务聘书/聘书.jpg"]  # its years are in its words
    assert not planned["10-近五年专业技术职务聘书/扫描件.jpg"]  # its name says nothing: its words could misfile it

    pack = load_pack(None)
    applicant = build_applicant(tmp_path / "张三")
    make_scan(applicant / "11-年度考核登记表（近三年）" / "2019年度考核登记表.jpg", "年度考核登记表\n姓名 张三")
    planned = {t.path: t.blank_only for t in plan_looks(list_applicant(applicant, "张三", pack).tasks, pack, ocr=True)}
    assert not planned["11-年度考核登记表（近三年）/2019年度考核登记表.jpg"]


def test_the_id_photo_in_its_slot_is_looked_at_but_not_read(tmp_path):
    """The ID photo's item reads no words but is looked at whole (its look can make a loose photo the photo):
    in its slot under its name, OCR is not run on it, and it is still judged (not blank, its size known)."""
    folder = build_applicant(tmp_path / "张三")
    pack = load_pack(None)
    (task,) = [t for t in plan_looks(list_applicant(folder, "张三", pack).tasks, pack, ocr=True)
               if t.path == "02-免冠照片/照片.jpg"]
    assert not task.blank_only and task.words == "none"
    settings = ScanSettings(max_file_bytes=10 << 20, accepted_kinds=("jpeg",), ocr=True)
    data = (folder / task.path).read_bytes()
    facts = scan_bytes(task.path, data, settings, _NoOcr(), words=task.words)  # type: ignore[arg-type]
    assert facts.image is not None and facts.image.blank is False and facts.image.ocr_text is None
    assert (facts.image.width, facts.image.height) == (390, 567)
    loose = scan_bytes("证件照.jpg", data, settings, _Reads())  # type: ignore[arg-type]
    assert loose.image is not None and loose.image.ocr_text == ""  # a loose photo is read: no words is evidence


class _Reads:
    def read(self, *args, **kwargs):
        from zccheck.scan.ocr import OcrResult

        return OcrResult.empty()
