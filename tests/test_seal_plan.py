"""A scan is looked at for a red seal only when an item it could be checks for one: the 公示 and the 推荐意见
in their slots, and any file whose path says nothing of its item. The certificates, forms and ID card beside
them are not (the seal look decodes each page at twice the thumbnail's size)."""

from __future__ import annotations

import shutil

from tests.factories import build_applicant, make_scan
from zccheck.engine import check_applicant, list_applicant, plan_looks
from zccheck.models import CheckOptions
from zccheck.pack.kinds import looks_for_seal
from zccheck.pack.loader import load_pack
from zccheck.scan.scanner import ScanSettings, scan_bytes

SEALED_TEXT = "主管部门推荐意见\n申报人 张三\n同意推荐。\n（盖章）\n2021年9月20日"


def test_the_pack_seals_only_its_unit_documents():
    pack = load_pack(None)
    assert {it.id for it in pack.items if looks_for_seal(it)} == {"unit-publicity", "authority-recommendation"}


def test_the_plan_looks_for_seals_where_an_item_may_have_one(tmp_path):
    folder = build_applicant(tmp_path / "张三")
    make_scan(folder / "IMG_0001.jpg", SEALED_TEXT, seal=True)
    pack = load_pack(None)
    tasks = list_applicant(folder, "张三", pack).tasks
    for ocr in (False, True):
        looks = {t.path: t.seal_look for t in plan_looks(tasks, pack, ocr=ocr)}
        assert looks["13-单位公示证明及公示结果/公示.jpg"], ocr
        assert looks["14-主管单位推荐意见/推荐意见.jpg"], ocr
        assert looks["IMG_0001.jpg"], ocr  # its path says nothing: it could be either
        assert not looks["03-身份证（正反面）/身份证人像面.jpg"], ocr
        assert not looks["04-学历学位证书/毕业证书.jpg"], ocr
        assert not any(seal for path, seal in looks.items() if path.startswith("08-")), ocr


def test_a_scan_not_looked_at_for_a_seal_says_so_and_is_cached_apart(tmp_path):
    scan = make_scan(tmp_path / "推荐意见.jpg", SEALED_TEXT, seal=True)
    settings = ScanSettings(max_file_bytes=10 << 20, accepted_kinds=("jpeg",))
    looked = scan_bytes("14-主管单位推荐意见/推荐意见.jpg", scan.read_bytes(), settings)
    unlooked = scan_bytes("14-主管单位推荐意见/推荐意见.jpg", scan.read_bytes(), settings, seal_look=False)
    assert looked.image is not None and looked.image.seal is True
    assert unlooked.image is not None and unlooked.image.seal is None  # not looked at: not "no seal"
    assert unlooked.image.blank is False
    assert settings.tag_for(False, seal_look=False) != settings.tag_for(False)  # never served to a task that looks


def test_a_sealed_document_still_passes_and_an_unsealed_one_still_fails(tmp_path):
    pack = load_pack(None)
    folder = build_applicant(tmp_path / "张三")
    result = check_applicant(folder, pack, CheckOptions(), jobs=0)
    assert not [f for f in result.findings if f.code in ("ZC406", "ZC407")]
    recommendation = folder / "14-主管单位推荐意见" / "推荐意见.jpg"
    make_scan(recommendation, SEALED_TEXT, seal=False)
    result = check_applicant(folder, pack, CheckOptions(), jobs=0)
    assert [(f.code, f.item) for f in result.findings if f.code == "ZC406"] == [("ZC406", "authority-recommendation")]


def test_a_sealed_page_filed_loose_is_still_looked_at(tmp_path):
    """The 推荐意见 moved out of its slot under a name that says nothing: its seal is still found."""
    pack = load_pack(None)
    folder = build_applicant(tmp_path / "张三")
    slot = folder / "14-主管单位推荐意见"
    shutil.move(slot / "推荐意见.jpg", folder / "扫描件.jpg")
    slot.rmdir()
    facts = {f.path: f for f in _scanned(folder, pack)}
    assert facts["扫描件.jpg"].image is not None and facts["扫描件.jpg"].image.seal is True


def _scanned(folder, pack):
    from zccheck.engine import scan_applicant

    inp = list_applicant(folder, folder.name, pack)
    return scan_applicant(inp, pack, CheckOptions(), None, jobs=0).values()
